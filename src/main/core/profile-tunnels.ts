/**
 * The SSH tunnels of profiles: a lease on the profile's one tunnel for each session or action that
 * needs it, and the wrapper that ties a session's lifetime to its lease. A liveness ping first
 * reconnects a lost tunnel, so a dead bastion shows as the bastion's UNREACHABLE, not a driver's guess.
 */
import type { ConnectionProfile, SaveConnectionInput } from '../../shared/connection'
import type { EngineSession, Via } from '../engines/types'
import { parseConnectionUrl } from '../support/connection-url'
import type { TunnelLease, TunnelPool } from '../ssh/tunnel-pool'
import { hopsOf, storedTunnel, tunnelDestination, tunnelKey } from '../ssh/tunnel-target'
import type { ProfileStore } from './profiles'

export const throughTunnel = (session: EngineSession, lease: TunnelLease): EngineSession => ({
  ...session,
  ping: async () => {
    await lease.ensureUp()
    await session.ping()
  },
  close: async () => {
    try {
      await session.close()
    } finally {
      lease.release()
    }
  }
})

export class ProfileTunnels {
  constructor(
    private readonly profiles: ProfileStore,
    readonly pool: TunnelPool
  ) {}

  /** A lease on a saved profile's tunnel; null when it has none. */
  async lease(profile: ConnectionProfile): Promise<TunnelLease | null> {
    if (!profile.ssh) return null
    const to = tunnelDestination(profile.engine, parseConnectionUrl(profile.engine, profile.url))
    const hops = hopsOf(profile.ssh, await this.profiles.sshPassphrase(profile.id))
    return this.pool.lease(tunnelKey(profile.id, hops, to), hops, to)
  }

  /** A lease for a connection test of an unsaved (or edited) profile, keyed by `owner`. */
  async leaseForTest(owner: string, input: SaveConnectionInput): Promise<TunnelLease | null> {
    if (!input.ssh) return null
    const to = tunnelDestination(input.engine, parseConnectionUrl(input.engine, input.url))
    const typed = input.ssh.passphrase ? input.ssh.passphrase : null
    const kept =
      typed === null && input.ssh.keepPassphrase && input.id !== undefined
        ? await this.profiles.sshPassphrase(input.id)
        : null
    const hops = hopsOf(storedTunnel(input.ssh), typed ?? kept)
    return this.pool.lease(tunnelKey(owner, hops, to), hops, to)
  }

  /** Runs `work` holding the profile's tunnel (when it has one), with the address to dial. */
  async with<T>(profile: ConnectionProfile, work: (via: Via | undefined) => Promise<T>): Promise<T> {
    const lease = await this.lease(profile)
    try {
      return await work(lease?.via)
    } finally {
      lease?.release()
    }
  }
}
