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
    tls: z
      .object({
        enabled: z.boolean(),
        caFile: safeText(1024).optional(),
        rejectUnauthorized: z.boolean().optional()
      })
      .strict()
      .optional(),
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
  tls: { enabled: boolean; caFile?: string; rejectUnauthorized?: boolean }
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
