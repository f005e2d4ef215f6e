/**
 * All PostgreSQL health rules over one node's probe results -> summary facts + findings. Pure: the same
 * function serves the live check (engines/postgres/check.ts) and fixture tests.
 */
import type { Finding } from '../../../shared/findings'
import {
  evaluateRules,
  type EngineDiagnostics,
  type ProbeOutcome,
  type RuleSpec
} from '../pipeline/engine-diagnostics'
import type { PgContext, PgHealthInput } from './health-input'
import type { PgRecords } from './records'
import { archiverRule } from './rules/archiver'
import { autovacuumLagRule } from './rules/autovacuum-lag'
import { blockingLockRule } from './rules/blocking-lock'
import { bloatRule } from './rules/bloat'
import { cacheHitRatioRule } from './rules/cache-hit-ratio'
import { checkpointsRule } from './rules/checkpoints'
import { connectionWithoutSslRule } from './rules/connection-without-ssl'
import { connectionsRule, countBy } from './rules/connections'
import { deadTuplesRule } from './rules/dead-tuples'
import { deadlocksRule } from './rules/deadlocks'
import { duplicateIndexRule } from './rules/duplicate-index'
import { idleInTransactionRule } from './rules/idle-in-transaction'
import { indexBuildWaitingRule } from './rules/index-build-waiting'
import { invalidIndexRule } from './rules/invalid-index'
import { longRunningQueryRule } from './rules/long-running-query'
import { longTransactionRule } from './rules/long-transaction'
import { missingPrimaryKeyRule } from './rules/missing-primary-key'
import { notValidConstraintRule } from './rules/not-valid-constraint'
import { pendingRestartRule } from './rules/pending-restart'
import { replayPausedRule } from './rules/replay-paused'
import { replicationLagRule } from './rules/replication-lag'
import { replicationSlotRule } from './rules/replication-slot'
import { seqScanHeavyRule } from './rules/seq-scan-heavy'
import { sequenceExhaustionRule } from './rules/sequence-exhaustion'
import { slowQueryRule } from './rules/slow-query'
import { tempFilesRule } from './rules/temp-files'
import { unindexedForeignKeyRule } from './rules/unindexed-foreign-key'
import { unusedTableRule } from './rules/unused-table'
import { unusedIndexRule } from './rules/unused-index'
import { walReceiverRule } from './rules/wal-receiver'
import { HORIZON, wraparoundRule } from './rules/wraparound'

/** Every rule, in report order (sortFindings keeps it among equal severities). */
export const PG_HEALTH_RULES: readonly RuleSpec<PgRecords, PgContext>[] = [
  replicationLagRule,
  replayPausedRule,
  walReceiverRule,
  replicationSlotRule,
  archiverRule,
  wraparoundRule,
  sequenceExhaustionRule,
  missingPrimaryKeyRule,
  blockingLockRule,
  idleInTransactionRule,
  longTransactionRule,
  longRunningQueryRule,
  indexBuildWaitingRule,
  connectionsRule,
  connectionWithoutSslRule,
  deadTuplesRule,
  autovacuumLagRule,
  bloatRule,
  invalidIndexRule,
  unusedIndexRule,
  unusedTableRule,
  duplicateIndexRule,
  unindexedForeignKeyRule,
  notValidConstraintRule,
  seqScanHeavyRule,
  slowQueryRule,
  cacheHitRatioRule,
  checkpointsRule,
  pendingRestartRule,
  tempFilesRule,
  deadlocksRule
]

export const pgDiagnostics: EngineDiagnostics<PgRecords, PgContext> = {
  engine: 'postgres',
  rules: PG_HEALTH_RULES
}

export const evaluatePgHealth = ({
  probes,
  ...context
}: PgHealthInput): { facts: Record<string, unknown>; findings: Finding[] } => ({
  facts: healthFacts(probes),
  findings: evaluateRules(pgDiagnostics, probes, context)
})

const val = <T>(p: ProbeOutcome<T> | undefined): T | null => (p?.ok ? p.value : null)

/** Summary facts for the report (spec: more fields than serverVersion/role/node are welcome). */
export const healthFacts = (p: PgHealthInput['probes']): Record<string, unknown> => {
  const settings = val(p.pg_settings)
  const activity = val(p.pg_stat_activity)
  const db = val(p.pg_stat_database)
  const dbs = val(p.pg_database)
  const tables = val(p.pg_stat_user_tables)
  const indexes = val(p.pg_stat_user_indexes)
  const repl = val(p.pg_stat_replication)
  const slots = val(p.pg_replication_slots)
  const recv = val(p.pg_stat_wal_receiver)
  const stmts = val(p.pg_stat_statements)
  const cp = val(p.checkpoints)
  const wal = val(p.pg_stat_wal)
  const io = val(p.pg_stat_io)
  const oldest = dbs ? Math.max(0, ...dbs.map((d) => d.xid_age)) : null
  const accesses = db ? db.blks_hit + db.blks_read : 0
  return {
    serverVersionNum: settings?.server_version_num ?? null,
    database: settings?.current_database ?? null,
    inRecovery: settings?.in_recovery ?? null,
    statsReset: settings?.stats_reset ?? null,
    connections:
      activity && settings
        ? {
            used: activity.length,
            max: settings.max_connections,
            byState: countBy(activity, (r) => r.state ?? 'unknown'),
            byApplication: countBy(activity, (r) => r.application_name || '(none)')
          }
        : null,
    cacheHitRatio: db && accesses > 0 ? db.blks_hit / accesses : null,
    tempFiles: db ? { files: db.temp_files, bytes: db.temp_bytes } : null,
    deadlocks: db?.deadlocks ?? null,
    oldestXidAge: oldest,
    xidHeadroom: oldest === null ? null : HORIZON - oldest,
    tables: tables?.length ?? null,
    deadTuples: tables ? tables.reduce((n, t) => n + t.n_dead_tup, 0) : null,
    indexes: indexes?.length ?? null,
    replicas: repl
      ? repl.map((r) => ({
          name: r.application_name,
          state: r.state,
          replayLagBytes: r.replay_lag_bytes,
          replayLagSeconds: r.replay_lag_s
        }))
      : null,
    replicationSlots: slots
      ? slots.map((s) => ({
          name: s.slot_name,
          active: s.active,
          retainedBytes: s.retained_bytes,
          walStatus: s.wal_status
        }))
      : null,
    walReceiver:
      recv && recv.in_recovery
        ? {
            status: recv.receiver_status,
            receiveReplayGapBytes: recv.receive_replay_gap_bytes,
            pauseState: recv.pause_state
          }
        : null,
    statementsTracked: stmts?.length ?? null,
    checkpoints: cp ? { timed: cp.timed, requested: cp.requested } : null,
    wal: wal ? { records: wal.wal_records, bytes: wal.wal_bytes, buffersFull: wal.wal_buffers_full } : null,
    io: io ?? null,
    probes: Object.fromEntries(Object.entries(p).map(([id, r]) => [id, r.ok ? 'ok' : r.why]))
  }
}
