/**
 * The catalogue of guarded actions: ids, tiers, titles and the target schema of each, plus the shapes that
 * `actions.prepare`, `actions.execute` and `audit.list` return (docs/spec/rpc.md). The engine modules in
 * src/main/engines/<engine>/actions.ts implement them; only src/main/core/guard.ts runs them.
 *
 * Tiers (docs/architecture.md "Safety", the tier ladder of docs/reliability-and-safety.md):
 *   0 read, 1 reversible, 2 disruptive, 3 destructive, 4 catastrophic (off unless the profile enables it).
 *
 * Challenge format (what the user must type, byte for byte, to confirm):
 *   `<target name>` on development and staging profiles, `production <target name>` on production ones.
 *   The target name is the pid, index name, key, client id, opid... (see `challenge` of each action).
 */
import { z } from 'zod'
import type { EngineKind, Environment } from './connection'
import { showHidden } from './hidden-chars'
import { REDIS_CONFIG_ALLOWED, REDIS_CONFIG_NAMES } from './redis-config'

export const ACTION_TIERS = [0, 1, 2, 3, 4] as const
export type ActionTier = (typeof ACTION_TIERS)[number]

/** No control characters: targets end up in statements, audit lines and dialog text. */
const plainText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters')

/** PostgreSQL identifiers are at most 63 bytes (NAMEDATALEN - 1); they are always quoted when sent. */
const utf8 = new TextEncoder()
export const pgIdent = plainText(63).refine((s) => utf8.encode(s).length <= 63, 'is longer than 63 bytes')

const pgRelation = z.object({ schema: pgIdent.default('public'), table: pgIdent }).strict()
const pgIndex = z.object({ schema: pgIdent.default('public'), index: pgIdent }).strict()
const pgBackend = z
  .object({
    pid: z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1)
  })
  .strict()

export { REDIS_CONFIG_ALLOWED, type RedisConfigParameter } from './redis-config'
const redisKey = z
  .string()
  .min(1)
  .max(4096)
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000\r\n]/.test(s), 'must not contain NUL or line breaks')

const mongoName = plainText(120).refine((s) => !s.includes('$'), 'must not contain $')
const mongoIndex = z
  .object({ db: mongoName, collection: mongoName, index: plainText(127) })
  .strict()
  .refine((t) => t.index !== '_id_', { message: 'the _id_ index cannot be changed', path: ['index'] })

/**
 * Commands the console never sends, even confirmed: each has a safer dedicated path or no place on a
 * production server (docs/reliability-and-safety.md D5).
 */
export const REDIS_CONSOLE_REFUSED: Record<string, string> = {
  FLUSHALL: 'use the redis.flushDb action (tier 4, one database)',
  FLUSHDB: 'use the redis.flushDb action (tier 4)',
  KEYS: 'KEYS blocks the server while it walks every key: use SCAN',
  MONITOR: 'MONITOR streams every command and can halve throughput',
  DEBUG: 'DEBUG can crash or stall the server',
  SHUTDOWN: 'shutting a server down is not a console operation',
  CONFIG: 'use the redis.configSet action (allow-listed parameters, old value recorded)',
  REPLICAOF: 'changing replication is a failover, not a console operation',
  SLAVEOF: 'changing replication is a failover, not a console operation',
  CLUSTER: 'cluster topology changes are not console operations',
  SCRIPT: 'SCRIPT FLUSH/KILL affect every client',
  MODULE: 'loading a module runs native code inside the server'
}

/**
 * A script or function can call any command (FLUSHALL included) out of sight of the refused list, so
 * from the console they count as catastrophic: only a profile that enables tier 4 may send them.
 */
export const REDIS_SCRIPT_COMMANDS: ReadonlySet<string> = new Set([
  'EVAL',
  'EVALSHA',
  'EVAL_RO',
  'EVALSHA_RO',
  'FCALL',
  'FCALL_RO',
  'FUNCTION'
])

export const ACTION_TARGETS = {
  'postgres.cancelBackend': pgBackend,
  'postgres.terminateBackend': pgBackend,
  'postgres.vacuum': pgRelation,
  'postgres.analyze': pgRelation,
  'postgres.vacuumFull': pgRelation,
  'postgres.dropIndex': pgIndex,
  'postgres.reindex': pgIndex,
  'postgres.createIndex': pgRelation.extend({ columns: z.array(pgIdent).min(1).max(32), index: pgIdent }),
  'postgres.explainAnalyzeWrite': z.object({ sql: z.string().min(1).max(100_000) }).strict(),
  'postgres.consoleStatement': z.object({ sql: z.string().min(1).max(100_000) }).strict(),
  'redis.unlink': z.object({ keys: z.array(redisKey).min(1).max(100) }).strict(),
  'redis.consoleCommand': z
    .object({ command: z.array(z.string().max(1_000_000)).min(1).max(1_000) })
    .strict()
    .refine((t) => !REDIS_CONSOLE_REFUSED[(t.command[0] ?? '').toUpperCase()], {
      message: 'is not run from the console (see the dedicated action or the reason given)',
      path: ['command']
    }),
  'redis.clientKill': z.object({ id: z.number().int().nonnegative() }).strict(),
  'redis.configSet': z
    .object({ parameter: z.enum(REDIS_CONFIG_NAMES), value: z.string().max(64) })
    .strict()
    .refine((t) => REDIS_CONFIG_ALLOWED[t.parameter].test(t.value), {
      message: 'is not an accepted value for this parameter',
      path: ['value']
    }),
  'redis.flushDb': z.object({ db: z.number().int().min(0).max(10_000).default(0) }).strict(),
  'mongo.killOp': z
    .object({ opid: z.union([z.number().int(), z.string().regex(/^[\w.-]{1,100}:\d{1,12}$/)]) })
    .strict(),
  'mongo.hideIndex': mongoIndex,
  'mongo.unhideIndex': mongoIndex,
  'mongo.dropIndex': mongoIndex,
  'mongo.setProfilingLevel': z
    .object({
      db: mongoName,
      level: z.union([z.literal(0), z.literal(1), z.literal(2)]),
      slowms: z.number().int().nonnegative().max(3_600_000).optional()
    })
    .strict()
} as const satisfies Record<string, z.ZodType>

export type ActionId = keyof typeof ACTION_TARGETS
export type ActionTarget<A extends ActionId> = z.infer<(typeof ACTION_TARGETS)[A]>

export interface ActionInfo {
  action: ActionId
  engine: EngineKind
  tier: ActionTier
  title: string
}

export const ACTION_CATALOG: Record<ActionId, ActionInfo> = {
  'postgres.cancelBackend': {
    action: 'postgres.cancelBackend',
    engine: 'postgres',
    tier: 1,
    title: 'Cancel the running query of a backend'
  },
  'postgres.terminateBackend': {
    action: 'postgres.terminateBackend',
    engine: 'postgres',
    tier: 2,
    title: 'Terminate a backend (its transaction rolls back)'
  },
  'postgres.vacuum': { action: 'postgres.vacuum', engine: 'postgres', tier: 2, title: 'VACUUM a table' },
  'postgres.analyze': { action: 'postgres.analyze', engine: 'postgres', tier: 2, title: 'ANALYZE a table' },
  'postgres.dropIndex': {
    action: 'postgres.dropIndex',
    engine: 'postgres',
    tier: 3,
    title: 'Drop an index concurrently'
  },
  'postgres.reindex': {
    action: 'postgres.reindex',
    engine: 'postgres',
    tier: 3,
    title: 'Rebuild an index concurrently'
  },
  'postgres.createIndex': {
    action: 'postgres.createIndex',
    engine: 'postgres',
    tier: 2,
    title: 'Build a B-tree index concurrently'
  },
  'postgres.explainAnalyzeWrite': {
    action: 'postgres.explainAnalyzeWrite',
    engine: 'postgres',
    tier: 3,
    title: 'EXPLAIN ANALYZE one write statement, rolled back'
  },
  'postgres.vacuumFull': {
    action: 'postgres.vacuumFull',
    engine: 'postgres',
    tier: 4,
    title: 'VACUUM FULL a table (ACCESS EXCLUSIVE lock for the whole rewrite)'
  },
  'postgres.consoleStatement': {
    action: 'postgres.consoleStatement',
    engine: 'postgres',
    tier: 3,
    title: 'Run a statement from the console'
  },
  'redis.unlink': { action: 'redis.unlink', engine: 'redis', tier: 2, title: 'UNLINK named keys' },
  'redis.consoleCommand': {
    action: 'redis.consoleCommand',
    engine: 'redis',
    tier: 3,
    title: 'Run a command from the console'
  },
  'redis.clientKill': {
    action: 'redis.clientKill',
    engine: 'redis',
    tier: 2,
    title: 'Close a client connection'
  },
  'redis.configSet': {
    action: 'redis.configSet',
    engine: 'redis',
    tier: 1,
    title: 'Change an allow-listed runtime parameter'
  },
  'redis.flushDb': {
    action: 'redis.flushDb',
    engine: 'redis',
    tier: 4,
    title: 'FLUSHDB ASYNC: delete every key of the database'
  },
  'mongo.killOp': { action: 'mongo.killOp', engine: 'mongo', tier: 2, title: 'Kill a client operation' },
  'mongo.hideIndex': {
    action: 'mongo.hideIndex',
    engine: 'mongo',
    tier: 1,
    title: 'Hide an index from the planner'
  },
  'mongo.unhideIndex': {
    action: 'mongo.unhideIndex',
    engine: 'mongo',
    tier: 1,
    title: 'Unhide an index (the planner may use it again)'
  },
  'mongo.dropIndex': { action: 'mongo.dropIndex', engine: 'mongo', tier: 3, title: 'Drop an index' },
  'mongo.setProfilingLevel': {
    action: 'mongo.setProfilingLevel',
    engine: 'mongo',
    tier: 1,
    title: 'Change the profiling level of a database'
  }
}

export const ACTION_IDS = Object.keys(ACTION_TARGETS) as [ActionId, ...ActionId[]]

/** The tier this target makes the action: a console script is catastrophic whatever the catalogue says. */
export const actionTier = (action: ActionId, target: unknown): ActionTier => {
  const command = (target as { command?: unknown } | null)?.command
  if (
    action === 'redis.consoleCommand' &&
    Array.isArray(command) &&
    REDIS_SCRIPT_COMMANDS.has(String(command[0] ?? '').toUpperCase())
  )
    return 4
  return ACTION_CATALOG[action].tier
}

export const isActionId = (value: string): value is ActionId => Object.hasOwn(ACTION_TARGETS, value)

/**
 * The confirmation text: the target name, prefixed by the environment on production profiles. Hidden
 * characters in the name are typed as their visible tokens: what the user reads is what they type.
 */
export const challengeFor = (environment: Environment, targetName: string): string => {
  const shown = showHidden(targetName)
  return environment === 'production' ? `production ${shown}` : shown
}

/** What the confirm dialog must enforce beside the typed text (notes G1). */
export interface ConfirmPolicy {
  /** Confirm stays disabled this long after the dialog opens. */
  cooldownMs: number
  /** Whether Enter may confirm; never for tier >= 3. */
  enterConfirms: boolean
}

export const confirmPolicy = (tier: ActionTier): ConfirmPolicy => ({
  cooldownMs: tier >= 3 ? 3_000 : 0,
  enterConfirms: tier < 3
})

/** The server as it described itself on the action connection; compared again right before sending. */
export interface ServerIdentity {
  engine: EngineKind
  /** PG system_identifier, Redis run_id, Mongo setName (or `me` on a standalone). */
  id: string
  /** primary / replica (PG), master / slave (Redis), primary / secondary / standalone (Mongo). */
  role: string
  /** host:port as the server reports it (PG inet_server_addr, Redis tcp_port, Mongo `me`). */
  address: string
  /** One line for the dialog header, e.g. `PG 7301... primary at 10.0.0.5:5432`. */
  summary: string
}

export const sameIdentity = (a: ServerIdentity, b: ServerIdentity): boolean =>
  a.engine === b.engine && a.id === b.id && a.role === b.role && a.address === b.address

export type PreviewValue = string | number | boolean | null

/**
 * Whether the action can succeed with the privileges of the profile's connection, read before any typing
 * (role attributes and memberships, ownership, Redis ACL, Mongo privileges). `denied` carries the reason
 * and what to do instead; the guard refuses to execute it and the dialog offers no challenge.
 * `unchecked` is said only when the server cannot be asked in advance (an arbitrary console statement,
 * a Redis user that may not run ACL DRYRUN): the reason says why.
 */
export type ActionPermission =
  | { verdict: 'permitted'; basis: string }
  | { verdict: 'denied'; reason: string; nextStep: string }
  | { verdict: 'unchecked'; reason: string }

/** What a read-only probe found about the target, shown before confirming. */
export interface ActionPreview {
  /** Read with the connection's own privileges, before any typing. */
  permission: ActionPermission
  /** One sentence: what will happen to what. */
  summary: string
  /** Labelled facts (query, state, duration, size, scans, TTL, dbsize, old value...). */
  facts: Record<string, PreviewValue>
  /** Things the operator should weigh (plain text). */
  warnings: string[]
}

export interface PreparedAction {
  ticketId: string
  action: ActionId
  title: string
  tier: ActionTier
  environment: Environment
  preview: ActionPreview
  /** The exact text that will be sent (secrets redacted; nothing else differs). */
  exactStatement: string
  /** True when exactStatement (or the preview) had a secret masked: the statement sent still has it. */
  redacted?: boolean
  challenge: string
  /** ms since epoch; the ticket is refused after it. */
  expiresAt: number
  serverIdentity: ServerIdentity
  confirm: ConfirmPolicy
}

export interface PostCheckResult {
  ok: boolean
  detail: string
}

export interface ExecutedAction {
  outcome: 'done' | 'failed'
  /** Plain-text explanation; for postgres.explainAnalyzeWrite, the plan as JSON text. */
  detail: string
  auditId: string
  /** null when the action could not be checked (e.g. the connection was lost). */
  postCheck: PostCheckResult | null
  /** Structured result when there is one (the EXPLAIN plan). */
  data?: unknown
}

export type AuditResult = 'done' | 'failed' | 'outcome unknown' | 'pending'

export interface AuditEntry {
  auditId: string
  at: string
  connectionId: string
  action: ActionId
  tier: ActionTier
  exactStatement: string
  phase: 'intent' | 'outcome'
  /** Outcome records carry done/failed; an intent with no outcome is 'outcome unknown' (or 'pending' while running). */
  result?: AuditResult
  detail?: string
  /** For an intent whose outcome is unknown: how to find out by hand. */
  suggestedCheck?: string
  serverIdentity: ServerIdentity
  hash: string
  /** Secrets (passwords) in the statement were masked in the record; the statement sent had them. */
  redacted?: boolean
}
