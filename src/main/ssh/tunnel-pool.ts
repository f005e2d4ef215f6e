/**
 * One tunnel per profile, shared by all its connections (the diagnostics session, guarded actions,
 * connection tests): the profile's budget gains exactly one connection, to the bastion
 * (SSH_TUNNEL_CONNECTIONS in support/connection-budget.ts), and its database connections travel inside
 * it. A tunnel lives while someone holds a lease on it.
 */
import { AppFailure } from '../../shared/errors'
import type { KnownHosts } from './known-hosts'
import { SshTunnel, type Destination, type SshHop, type Via } from './tunnel'

export interface TunnelLease {
  via: Via
  /** Reconnects a lost tunnel; throws the tunnel's failure (UNREACHABLE, host key, auth) when it cannot. */
  ensureUp(): Promise<void>
  /** Idempotent. The last release closes the tunnel. */
  release(): void
}

interface Entry {
  tunnel: SshTunnel
  users: number
  ready: Promise<Via>
}

export class TunnelPool {
  private readonly open = new Map<string, Entry>()

  constructor(private readonly knownHosts: KnownHosts) {}

  /**
   * A lease on the tunnel of `key` (the profile and its tunnel's shape: an edited profile gets a new
   * tunnel), opening it when none is open.
   */
  async lease(key: string, hops: SshHop[], destination: Destination): Promise<TunnelLease> {
    if (hops.length === 0) throw new AppFailure('INVALID_INPUT', 'An SSH tunnel needs at least one bastion.')
    let entry = this.open.get(key)
    if (!entry) {
      const tunnel = new SshTunnel(hops, destination, this.knownHosts)
      entry = { tunnel, users: 0, ready: tunnel.start() }
      this.open.set(key, entry)
    }
    const held = entry
    held.users++
    let released = false
    const release = () => {
      if (released) return
      released = true
      held.users--
      if (held.users > 0) return
      if (this.open.get(key) === held) this.open.delete(key)
      void held.tunnel.close()
    }
    try {
      const via = await held.ready
      return { via, ensureUp: async () => void (await held.tunnel.ensureUp()), release }
    } catch (err) {
      release()
      throw err
    }
  }

  /** SSH connections opened for `key` so far (reconnects included); 0 when none is open. */
  connectsOf(key: string): number {
    return this.open.get(key)?.tunnel.connects ?? 0
  }

  async closeAll(): Promise<void> {
    const entries = [...this.open.values()]
    this.open.clear()
    await Promise.all(entries.map((e) => e.tunnel.close()))
  }
}
