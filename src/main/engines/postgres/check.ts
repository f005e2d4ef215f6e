/**
 * The live health check of one PostgreSQL node (`dbconsole check`, one URL per node: the primary and each
 * replica): run every probe of probes.ts over the read-only session, one at a time on one connection,
 * parse, evaluate the pure rules, and return one `pg.health` report. A probe that does not apply (server
 * too old, wrong role) or fails (missing extension, no privilege, timeout) becomes a reason the rules
 * report as "could not evaluate", never a crash and never silence.
 */
import { topicRowsOf, type TopicCollector, type TopicTable } from '../../../shared/detail'
import type { AnalysisReport } from '../../../shared/findings'
import { blockingTree } from '../../diagnostics/postgres/blocking-tree'
import type { CounterHistory } from '../../diagnostics/counter-window'
import type { ProbeOutcome } from '../../diagnostics/pipeline/engine-diagnostics'
import { evaluatePgHealth } from '../../diagnostics/postgres/health'
import type { PgProbeResults } from '../../diagnostics/postgres/health-input'
import { pgCounterNode, pgCounters, pgEpoch } from '../../diagnostics/postgres/pg-counters'
import { ownLeftOutNote, withoutOwnStatements } from '../../diagnostics/postgres/own-statements'
import { PG_PROBE_IDS, type PgProbeId } from '../../../shared/records/postgres'
import { healthReport } from '../health-report'
import { checkPgBouncer } from './pgbouncer/check'
import type { PgSession } from '../types'
import { OLDEST_SERVER, runPgProbe, type PgServerFacts } from './pg-probe'
import { ALL_PROBE_IDS, PG_PROBES, readPeerIndexUsage } from './probes'
import type { StatsSnapshotStore } from './stats-snapshots'
import { reportProgress } from '../../support/call-scope'

export interface CheckPostgresOptions {
  /** Keeps pg_stat_statements snapshots between checks of the same node (the app); absent in the CLI. */
  snapshots?: StatsSnapshotStore
  /** Window for "what got slow in the last N minutes". */
  snapshotWindowMs?: number
  /** Receives every probe's records for the health page's tables. */
  collect?: TopicCollector
  /** The previous poll's counters per node (the app), so rules judge what changed; absent in the CLI. */
  counters?: CounterHistory
  /** The other connected nodes of the same cluster (the app): their index scans join the unused-index rule. */
  peers?: PgSession[]
}

export interface PgSweep {
  probes: PgProbeResults
  /** Milliseconds per probe that ran (bench and the summary use them). */
  timings: Partial<Record<PgProbeId, number>>
}

/** Run every applicable probe and parse its rows. Sequential on purpose: one connection, bounded load. */
export const sweepPostgres = async (session: PgSession): Promise<PgSweep> => {
  const probes: PgProbeResults = {}
  const timings: Partial<Record<PgProbeId, number>> = {}
  const first = await runPgProbe(session, PG_PROBES.pg_settings, OLDEST_SERVER)
  timings.pg_settings = first.ms
  if (!first.outcome.ok) {
    const why = `server settings could not be read: ${first.outcome.why}`
    for (const id of ALL_PROBE_IDS) setOutcome(probes, id, { ok: false, why })
    return { probes, timings }
  }
  const settings = first.outcome.value
  probes.pg_settings = first.outcome
  const server: PgServerFacts = { version: settings.server_version_num, inRecovery: settings.in_recovery }
  for (const [index, id] of ALL_PROBE_IDS.entries()) {
    reportProgress(index, ALL_PROBE_IDS.length, `${session.address}: ${id.replace(/_/g, ' ')}`)
    if (id === 'pg_settings') continue
    const probe = PG_PROBES[id]
    const skip = probe.skip(server)
    if (skip) {
      setOutcome(probes, id, { ok: false, why: skip })
      continue
    }
    const { outcome, ms } = await runPgProbe(session, probe, server)
    timings[id] = ms
    setOutcome(probes, id, outcome)
  }
  return { probes, timings }
}

// PG_PROBES[id] gives the records of `id`; TypeScript cannot correlate that across the loop's union,
// so the one widening cast lives here.
const setOutcome = (probes: PgProbeResults, id: PgProbeId, outcome: ProbeOutcome<unknown>): void => {
  ;(probes as Record<PgProbeId, unknown>)[id] = outcome
}

/**
 * Every probe's records as its topic's rows (a single-row probe gives one), or why it did not run.
 * PgRecords[P] is PgProbeRow<P> or a list of them (records.ts), which TypeScript cannot relate over a
 * generic P: hence the one widened collector.
 */
const collectProbes = (collect: TopicCollector, node: string, probes: PgProbeResults): void => {
  const put = collect as (node: string, topic: PgProbeId, table: TopicTable<unknown>) => void
  for (const id of PG_PROBE_IDS) {
    const outcome = probes[id]
    if (outcome) put(node, id, outcome.ok ? { ok: true, rows: topicRowsOf<unknown>(outcome.value) } : outcome)
  }
}

export const checkPostgres = async (
  session: PgSession,
  input: string,
  options: CheckPostgresOptions = {}
): Promise<AnalysisReport[]> => {
  const server = await session.describe()
  const { probes, timings } = await sweepPostgres(session)
  // Our own probes are not the workload: neither the deltas nor the page's statement lists show them.
  const stmts = probes.pg_stat_statements?.ok ? withoutOwnStatements(probes.pg_stat_statements.value) : null
  const statementDeltas =
    options.snapshots && stmts
      ? options.snapshots.record(server.address, stmts.rows, options.snapshotWindowMs)
      : undefined
  if (options.collect) {
    collectProbes(options.collect, server.address, probes)
    if (stmts) {
      options.collect(server.address, 'pg_stat_statements', { ok: true, rows: stmts.rows })
      options.collect(server.address, 'own_statements', {
        ok: true,
        rows: [{ left_out: stmts.ownLeftOut, note: ownLeftOutNote(stmts.ownLeftOut) }]
      })
    }
    if (statementDeltas)
      options.collect(server.address, 'statement_deltas', { ok: true, rows: statementDeltas })
    const activity = probes.pg_stat_activity
    if (activity?.ok)
      options.collect(server.address, 'blocking_tree', {
        ok: true,
        rows: blockingTree(activity.value)
      })
  }
  const counters = options.counters?.observe(
    pgCounterNode(server.address, probes),
    pgEpoch(probes),
    pgCounters(probes)
  )
  const database = probes.pg_settings?.ok ? probes.pg_settings.value.current_database : null
  const peerIndexUsage =
    options.peers && options.peers.length > 0 && database !== null
      ? await Promise.all(options.peers.map((peer) => readPeerIndexUsage(peer, database)))
      : undefined
  const { facts, findings } = evaluatePgHealth({
    probes,
    statementDeltas,
    counters,
    node: server.address,
    peerIndexUsage
  })
  const sweepMs = Object.values(timings).reduce((a, b) => a + (b ?? 0), 0)
  // The profile's PgBouncer (?pgbouncer=): its own report, on the console's address.
  const openBouncer = session.openPgBouncer?.bind(session)
  const bouncer = openBouncer ? [await checkPgBouncer(openBouncer, input, options.collect)] : []
  return [
    healthReport(
      input,
      server,
      server.address,
      { identity: server.identity, ...facts, sweepMs: Math.round(sweepMs) },
      findings
    ),
    ...bouncer
  ]
}
