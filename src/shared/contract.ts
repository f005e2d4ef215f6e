/**
 * The one table of methods both sides rely on. Each entry names its kind, its input schema (validated
 * in main before any handler runs) and its output type. `Handlers` in main is a mapped type over this
 * table, so a method added here without a handler fails to compile.
 */
import { z } from 'zod'
import type { ChecksRun } from './detail'
import type { AnalysisReport } from './findings'
import { ANALYSIS_KIND_IDS, type AnalyzedText } from './analysis'
import type { BigKeysResult, RedisClientList, RedisDoctorNode } from './records/redis'
import {
  ACTION_IDS,
  type ActionInfo,
  type AuditEntry,
  type ExecutedAction,
  type PreparedAction
} from './actions'
import type { MetricsHistory, MetricsSample } from './metrics'
import type { OverviewEntry } from './overview'
import type { HistoryTimeline } from './history'
import { consoleRunInput, type ConsoleResult } from './console'
import {
  ENGINES,
  hostKeyInput,
  profileIdSchema,
  trustHostKeyInput,
  type HostKeyCheck,
  saveConnectionInput,
  type ConnectionStatus,
  type ConnectionSummary,
  type ServerDescription
} from './connection'
import { MAX_ANALYZE_BYTES } from './limits'
import { inspectRelationInput, type InspectResult } from './pg-inspect'

export type MethodKind = 'read' | 'write' | 'guarded'

interface MethodSpec<I extends z.ZodType, O> {
  kind: MethodKind
  input: I
  /** Phantom: carries the output type only; never read at run time. */
  output: O
}

const method = <I extends z.ZodType, O>(kind: MethodKind, input: I): MethodSpec<I, O> => ({
  kind,
  input,
  output: undefined as unknown as O
})

const empty = z.object({}).strict()
const byId = z.object({ id: profileIdSchema }).strict()
const byConnection = z.object({ connectionId: profileIdSchema }).strict()

/** Whether saved passwords survive a restart; when not, `reason` is the sentence the user is shown. */
export type SecretPersistence = { persistent: true } | { persistent: false; reason: string }

export interface AppInfo {
  name: string
  version: string
  host: 'electron' | 'serve'
  secrets: SecretPersistence
}

export { MAX_ANALYZE_BYTES }

const analyzeTextInput = z
  .object({
    text: z.string().max(MAX_ANALYZE_BYTES, 'input is larger than 64 MB'),
    engine: z.enum(['auto', ...ENGINES]).optional(),
    name: z.string().max(200).optional(),
    /** What the caller pasted, when it knows (the plan and explain views): parsed as that kind, undetected. */
    kind: z.enum(ANALYSIS_KIND_IDS, { error: `must be one of ${ANALYSIS_KIND_IDS.join(', ')}` }).optional()
  })
  .strict()

const pollIntervalInput = z.object({ ms: z.number().int().min(1_000).max(600_000) }).strict()

/** Guarded actions (spec/rpc.md): the target is validated per action by the guard, against shared/actions.ts. */
const actionsCatalogInput = z.object({ engine: z.enum(ENGINES).optional() }).strict()
const actionsPrepareInput = z
  .object({ connectionId: profileIdSchema, action: z.enum(ACTION_IDS), target: z.unknown() })
  .strict()
const actionsExecuteInput = z
  .object({
    ticketId: z.string().min(1).max(128),
    typed: z.string().max(10_000),
    connectionId: profileIdSchema.optional()
  })
  .strict()
const auditListInput = z.object({ limit: z.number().int().min(1).max(10_000).optional() }).strict()

const requestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a request id')

/** The input of a call listed in CANCELLABLE_METHODS: the same fields, plus the caller's request id. */
const cancellable = <Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape, z.core.$strict>) =>
  schema.extend({ requestId: requestIdSchema.optional() })

const planExplainInput = z
  .object({
    connectionId: profileIdSchema,
    sql: z
      .string()
      .min(1, 'type a statement first')
      .max(1024 * 1024, 'a statement may be at most 1 MB'),
    analyze: z.boolean().optional(),
    buffers: z.boolean().optional()
  })
  .strict()

const byConnectionCancellable = cancellable(byConnection)
/** A member a topology.member-gone finding names (its evidence's `member`), to stop reporting it. */
const forgetMemberInput = z
  .object({ connectionId: profileIdSchema, member: z.string().min(1).max(1000) })
  .strict()
const checksRunInput = cancellable(
  z
    .object({
      connectionId: profileIdSchema,
      /** Every probe's records per node, for the engine pages' tables. */
      records: z.boolean().optional(),
      /** The bounded big-key SCAN on every Redis master, as `dbconsole check` runs it; off by default. */
      bigKeys: z.boolean().optional()
    })
    .strict()
)
const testConnectionInput = cancellable(saveConnectionInput)
const connectInput = cancellable(byId)
/** Without a connection: every opened one at once (scripts). With one: that one, so a screen can show each as it answers. */
const overviewInput = cancellable(z.object({ connectionId: profileIdSchema.optional() }).strict())
const cancellableExplainInput = cancellable(planExplainInput)
const cancellableConsoleInput = cancellable(consoleRunInput)

const bigKeysInput = z
  .object({
    connectionId: profileIdSchema,
    maxKeys: z.number().int().min(1).max(1_000_000).optional()
  })
  .strict()

const cancellableBigKeysInput = cancellable(bigKeysInput)
const cancellableInspectInput = cancellable(inspectRelationInput)

/** `since` defaults to a day back; older than the retention simply finds nothing. */
const timelineInput = z
  .object({ connectionId: profileIdSchema, since: z.number().int().min(0).optional() })
  .strict()

/** Without `since`: the recorder's last hour. With it: the history's samples since then, thinned. */
const metricsHistoryInput = z
  .object({ connectionId: profileIdSchema, since: z.number().int().min(0).optional() })
  .strict()

const cancelInput = z.object({ requestId: requestIdSchema }).strict()

export interface PlanExplainResult {
  raw: string
  /** The pg.plan report of the plan, with the plan view's tree: the same shape as analyze.text's answer. */
  report: AnalyzedText
  mode: 'plan-only' | 'read-only-transaction'
}

export const contract = {
  'app.info': method<typeof empty, AppInfo>('read', empty),

  'connections.list': method<typeof empty, ConnectionSummary[]>('read', empty),
  'connections.save': method<typeof saveConnectionInput, { id: string }>('write', saveConnectionInput),
  'connections.remove': method<typeof byId, Record<string, never>>('write', byId),
  'connections.test': method<typeof testConnectionInput, ServerDescription>('read', testConnectionInput),
  'connections.connect': method<typeof connectInput, ConnectionStatus>('read', connectInput),
  'connections.disconnect': method<typeof byId, ConnectionStatus>('read', byId),
  'connections.status': method<typeof empty, ConnectionStatus[]>('read', empty),
  /** The host key an SSH bastion presents now, and whether it is the trusted one. */
  'connections.hostKey': method<typeof hostKeyInput, HostKeyCheck>('read', hostKeyInput),
  /** Trust a bastion's host key; refused unless the bastion presents exactly this fingerprint now. */
  'connections.trustHostKey': method<typeof trustHostKeyInput, HostKeyCheck>('write', trustHostKeyInput),

  /** A connection's sweep, shared by every view that asks while it runs (one per connection at a time). */
  'checks.run': method<typeof checksRunInput, ChecksRun>('read', checksRunInput),
  /** Public (spec/rpc.md): checks.run with the big-key scan, as `dbconsole check` prints it; reports only. */
  'diagnostics.run': method<typeof byConnectionCancellable, AnalysisReport[]>(
    'read',
    byConnectionCancellable
  ),

  'analyze.text': method<typeof analyzeTextInput, AnalyzedText>('read', analyzeTextInput),

  'overview.run': method<typeof overviewInput, OverviewEntry[]>('read', overviewInput),
  'connections.setPollInterval': method<typeof pollIntervalInput, { ms: number }>('read', pollIntervalInput),
  'plan.explain': method<typeof cancellableExplainInput, PlanExplainResult>('read', cancellableExplainInput),
  'redis.bigKeys': method<typeof cancellableBigKeysInput, BigKeysResult>('read', cancellableBigKeysInput),
  /** CLIENT LIST of the profile's server (dbconsole's own connections marked), read live. */
  'redis.clients': method<typeof byConnection, RedisClientList>('read', byConnection),
  /** LATENCY DOCTOR, MEMORY DOCTOR and LATENCY HISTORY of every node, read live, as text and samples. */
  'redis.doctor': method<typeof byConnection, RedisDoctorNode[]>('read', byConnection),
  'pg.inspectRelation': method<typeof cancellableInspectInput, InspectResult>(
    'read',
    cancellableInspectInput
  ),
  'pg.adviseIndexes': method<typeof byConnectionCancellable, AnalysisReport>('read', byConnectionCancellable),
  'requests.cancel': method<typeof cancelInput, { cancelled: boolean }>('read', cancelInput),
  'metrics.sample': method<typeof byConnectionCancellable, MetricsSample>('read', byConnectionCancellable),
  'metrics.history': method<typeof metricsHistoryInput, MetricsHistory>('read', metricsHistoryInput),
  /** A connection's incident timeline from the history store: findings appearing and clearing, gaps. */
  'history.timeline': method<typeof timelineInput, HistoryTimeline>('read', timelineInput),
  'topology.forget': method<typeof forgetMemberInput, { forgotten: boolean }>('write', forgetMemberInput),
  'console.run': method<typeof cancellableConsoleInput, ConsoleResult>('read', cancellableConsoleInput),
  'actions.catalog': method<typeof actionsCatalogInput, ActionInfo[]>('read', actionsCatalogInput),
  'actions.prepare': method<typeof actionsPrepareInput, PreparedAction>('guarded', actionsPrepareInput),
  'actions.execute': method<typeof actionsExecuteInput, ExecutedAction>('guarded', actionsExecuteInput),
  'audit.list': method<typeof auditListInput, AuditEntry[]>('read', auditListInput)
} as const

export type Contract = typeof contract
export type MethodName = keyof Contract
export type MethodInput<M extends MethodName> = z.infer<Contract[M]['input']>
export type MethodOutput<M extends MethodName> = Contract[M]['output']

export const METHOD_NAMES = Object.keys(contract) as MethodName[]

export const isMethodName = (name: string): name is MethodName => Object.hasOwn(contract, name)

/** Server-sent events pushed to the renderer (SSE in serve, IPC messages in Electron). */
export type AppEvent =
  | { type: 'connection.status'; status: ConnectionStatus }
  | { type: 'progress'; requestId: string; done: number; total: number | null; message: string }
