import { z } from 'zod'

import { ENGINES, ENVIRONMENTS, type EngineKind, type Environment } from './engines'

export { ENGINES, ENVIRONMENTS, type EngineKind, type Environment }

/** No control characters anywhere in a profile: CR/LF/NUL in a field is how header and log injection start. */
const safeText = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters')

export const profileIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a profile id')

const hostName = safeText(255).pipe(
  z.string().regex(/^[A-Za-z0-9._\-[\]:]+$/, 'must be a host name or address')
)
const portNumber = z.number().int().min(1).max(65535)

/**
 * The SSH bastion a profile is reached through. Authentication is a private key file (with its
 * passphrase, which goes to the secret store like a password) or an agent socket, never both. The
 * bastion's host key must be trusted first (`connections.trustHostKey`).
 */
export const sshTunnelInput = z
  .object({
    host: hostName,
    port: portNumber.optional(),
    user: safeText(128).pipe(z.string().min(1, 'an SSH user is required')),
    keyFile: safeText(1024).pipe(z.string().min(1)).optional(),
    passphrase: safeText(1024).optional(),
    /** Keep the stored passphrase when none is typed (editing a profile). */
    keepPassphrase: z.boolean().optional(),
    agentSocket: safeText(1024).pipe(z.string().min(1)).optional(),
    /** Jump hosts before the bastion, first hop first (ssh -J), authenticated like the bastion. */
    jumps: z
      .array(
        z
          .object({
            host: hostName,
            port: portNumber.optional(),
            user: safeText(128).pipe(z.string().min(1, 'an SSH user is required'))
          })
          .strict()
      )
      .max(4, 'at most 4 jump hosts')
      .optional()
  })
  .strict()
  .refine((s) => (s.keyFile === undefined) !== (s.agentSocket === undefined), {
    message: 'give either a key file or an agent socket',
    path: ['keyFile']
  })

export type SshTunnelInput = z.infer<typeof sshTunnelInput>

/** The tunnel as stored and shown: no passphrase, only whether one is stored. */
export interface SshTunnelProfile {
  host: string
  port: number
  user: string
  keyFile?: string
  agentSocket?: string
  /** Jump hosts before the bastion, first hop first. */
  jumps?: { host: string; port: number; user: string }[]
  hasPassphrase: boolean
}

export const hostKeyInput = z.object({ host: hostName, port: portNumber }).strict()

export const trustHostKeyInput = z
  .object({
    host: hostName,
    port: portNumber,
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be an OpenSSH SHA256 fingerprint')
  })
  .strict()

/** What a bastion presents now, next to what was trusted for it. */
export interface HostKeyCheck {
  host: string
  port: number
  keyType: string
  /** OpenSSH format: `SHA256:` + unpadded base64 of the key's SHA-256. */
  fingerprint: string
  state: 'trusted' | 'unknown' | 'changed'
  /** The fingerprint trusted before, when it differs from the presented one. */
  trustedFingerprint?: string
}

/** The lowest TLS versions a profile may ask for; below 1.2 is not offered (Node refuses it by default). */
export const TLS_MIN_VERSIONS = ['TLSv1.2', 'TLSv1.3'] as const
export type TlsMinVersion = (typeof TLS_MIN_VERSIONS)[number]

const filePath = safeText(1024).pipe(z.string().min(1, 'give a file path'))

/**
 * TLS of a profile. Certificates and keys are named by file and read in main at connect time only; the
 * key's passphrase goes to the secret store like a password. The server's certificate chain and name are
 * always checked (verify-full) unless `rejectUnauthorized: false`, the form's loudly-labelled insecure mode.
 */
export const tlsInput = z
  .object({
    enabled: z.boolean(),
    caFile: filePath.optional(),
    /** Client certificate (PEM) presented to servers that require one; needs `keyFile`. */
    certFile: filePath.optional(),
    keyFile: filePath.optional(),
    keyPassphrase: safeText(1024).pipe(z.string().min(1)).optional(),
    /** Keep the stored key passphrase when none is typed (editing a profile). */
    keepKeyPassphrase: z.boolean().optional(),
    /** The name sent as SNI and checked against the server certificate, when not the URL's host. */
    serverName: hostName.optional(),
    minVersion: z.enum(TLS_MIN_VERSIONS).optional(),
    rejectUnauthorized: z.boolean().optional()
  })
  .strict()
  .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), {
    message: 'a client certificate needs its key file, and a key file its certificate',
    path: ['certFile']
  })
  .refine((t) => t.keyFile !== undefined || (t.keyPassphrase === undefined && !t.keepKeyPassphrase), {
    message: 'a key passphrase needs a key file',
    path: ['keyPassphrase']
  })

export type TlsInput = z.infer<typeof tlsInput>

/** TLS as stored and shown: no passphrase, only whether one is stored. */
export interface TlsProfile {
  enabled: boolean
  caFile?: string
  certFile?: string
  keyFile?: string
  serverName?: string
  minVersion?: TlsMinVersion
  rejectUnauthorized?: boolean
  hasKeyPassphrase: boolean
}

/**
 * `?pgbouncer=host:port` on a PostgreSQL URL: the PgBouncer admin console in front of (or beside) the
 * server, reached with the profile's user and password, database `pgbouncer` (admin_users or
 * stats_users must list the user). It rides in the URL so that profiles, `dbconsole check --url` and
 * targets files carry it alike.
 */
export const PGBOUNCER_URL_OPTION = 'pgbouncer'
export const pgbouncerAdminAddress = z
  .string()
  .regex(
    /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/,
    'must be host:port of the PgBouncer admin console'
  )
  .transform((value) => {
    const colon = value.lastIndexOf(':')
    return { host: value.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(value.slice(colon + 1)) }
  })
  .pipe(z.object({ host: z.string().min(1), port: portNumber }))

/**
 * What a user saves. The password travels inside `url` on the way in and is split off into the
 * secret store at once; nothing below carries it back out.
 */
export const saveConnectionInput = z
  .object({
    id: profileIdSchema.optional(),
    name: safeText(120).pipe(z.string().min(1, 'a name is required')),
    engine: z.enum(ENGINES),
    url: safeText(4096).pipe(z.string().min(1, 'a connection URL is required')),
    environment: z.enum(ENVIRONMENTS),
    allowWrites: z.boolean().optional(),
    allowCatastrophic: z.boolean().optional(),
    tls: tlsInput.optional(),
    /** Reach the server through an SSH bastion; `null` removes the tunnel of a saved profile. */
    ssh: sshTunnelInput.nullable().optional(),
    /** Keep the stored password when the URL carries none (editing a profile without retyping it). */
    keepPassword: z.boolean().optional()
  })
  .strict()

export type SaveConnectionInput = z.infer<typeof saveConnectionInput>

/** A profile as stored and as sent to the renderer: the URL never contains a password. */
export interface ConnectionProfile {
  id: string
  name: string
  engine: EngineKind
  environment: Environment
  allowWrites: boolean
  allowCatastrophic: boolean
  /** URL with the password removed. */
  url: string
  host: string
  port: number | null
  tls: TlsProfile
  /** The SSH bastion the server is reached through, when there is one. */
  ssh?: SshTunnelProfile
  hasPassword: boolean
  /** The stored secret exists but cannot be decrypted on this machine: the user must re-enter it. */
  needsPassword: boolean
}

/** What the public `connections.list` returns (spec/rpc.md), plus display fields. */
export type ConnectionSummary = ConnectionProfile

export type ServerRole =
  | 'primary'
  | 'replica'
  | 'standalone'
  | 'master'
  | 'cluster-master'
  | 'cluster-replica'
  | 'secondary'
  | 'arbiter'
  | 'mongos'
  | 'unknown'

export interface TopologyNode {
  /** host:port as the server names it. */
  address: string
  role: ServerRole
  /** Human-readable state: 'streaming', 'connected', 'fail', 'SECONDARY', slot ranges... */
  state: string
  /** Redis Cluster slot ranges owned, e.g. ['0-5460']. */
  slots?: string[]
  healthy: boolean
  detail?: string
}

/** What the server says about itself right after connecting; shown in the header and the confirm dialog. */
export interface ServerDescription {
  engine: EngineKind
  version: string
  role: ServerRole
  /** PG system_identifier, Redis run_id, Mongo setName (or host for a standalone). */
  identity: string
  address: string
  topology: TopologyNode[]
}

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'failed'

export interface ConnectionStatus {
  id: string
  state: ConnectionState
  server: ServerDescription | null
  error: { code: string; message: string } | null
  /** ms since epoch of the last successful round trip. */
  lastOkAt: number | null
}
