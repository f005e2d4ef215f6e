/**
 * What a profile's tunnel connects: its bastion (the hop) and the one database server behind it. One
 * local forward reaches one server, so a tunnel needs a URL naming exactly one host; Redis Cluster and
 * Mongo (whose drivers discover other members by the names the servers announce) are refused for now.
 */
import type { EngineKind, SshTunnelInput, SshTunnelProfile } from '../../shared/connection'
import { AppFailure } from '../../shared/errors'
import { DEFAULT_PORTS, type ParsedConnectionUrl } from '../support/connection-url'
import type { Destination, SshHop } from './tunnel'

export const SSH_DEFAULT_PORT = 22

/** The secret-store key of a profile's SSH passphrase (profile ids cannot contain '/'). */
export const sshPassphraseKey = (profileId: string): string => `${profileId}/ssh-passphrase`

export const tunnelDestination = (engine: EngineKind, url: ParsedConnectionUrl): Destination => {
  if (engine === 'mongo')
    throw new AppFailure('INVALID_INPUT', 'SSH tunnels reach PostgreSQL and Redis servers; not MongoDB yet.')
  if (engine === 'redis' && url.params.get('cluster') === 'true')
    throw new AppFailure('INVALID_INPUT', 'A Redis Cluster cannot be reached through an SSH tunnel yet.')
  const [host, ...more] = url.hosts
  if (!host || more.length > 0)
    throw new AppFailure('INVALID_INPUT', 'An SSH tunnel reaches one server: give the URL exactly one host.')
  return { host: host.host, port: host.port ?? DEFAULT_PORTS[engine] }
}

/** The stored form: everything but the passphrase. */
export const storedTunnel = (input: SshTunnelInput): Omit<SshTunnelProfile, 'hasPassphrase'> => ({
  host: input.host,
  port: input.port ?? SSH_DEFAULT_PORT,
  user: input.user,
  ...(input.keyFile !== undefined ? { keyFile: input.keyFile } : {}),
  ...(input.agentSocket !== undefined ? { agentSocket: input.agentSocket } : {}),
  ...(input.jumps?.length
    ? { jumps: input.jumps.map((j) => ({ host: j.host, port: j.port ?? SSH_DEFAULT_PORT, user: j.user })) }
    : {})
})

/** Every hop of the tunnel, jump hosts first and the bastion last, all authenticated alike. */
export const hopsOf = (
  tunnel: Omit<SshTunnelProfile, 'hasPassphrase'>,
  passphrase: string | null
): SshHop[] => {
  const auth = {
    ...(tunnel.keyFile !== undefined ? { keyFile: tunnel.keyFile } : {}),
    ...(tunnel.agentSocket !== undefined ? { agentSocket: tunnel.agentSocket } : {}),
    ...(passphrase !== null ? { passphrase } : {})
  }
  return [...(tunnel.jumps ?? []), { host: tunnel.host, port: tunnel.port, user: tunnel.user }].map(
    (hop) => ({
      ...hop,
      ...auth
    })
  )
}

/** The pool's key: the profile and its tunnel's shape, so an edited tunnel never reuses the old one. */
export const tunnelKey = (owner: string, hops: SshHop[], to: Destination): string =>
  JSON.stringify([
    owner,
    hops.map((h) => [h.user, h.host, h.port, h.keyFile ?? null, h.agentSocket ?? null]),
    to
  ])
