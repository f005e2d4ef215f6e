/**
 * The live health check of one PostgreSQL node (`dbconsole check`, one URL per node: the primary and each
 * replica): run every probe of probes.ts over the read-only session, one at a time on one connection,
 * parse, evaluate the pure rules, and return one `pg.health` report. A probe that does not apply (server
 * too old, wrong role) or fails (missing extension, no privilege, timeout) becomes a reason the rules
 * report as "could not evaluate", never a crash and never silence.
 */
import { toTopicRows, type TopicCollector } from '../../../shared/detail'
import type { AnalysisReport } from '../../../shared/findings'
import type { CounterHistory } from '../../diagnostics/counter-window'
import { evaluatePgHealth } from '../../diagnostics/postgres/health'
import type { PgProbeResults } from '../../diagnostics/postgres/health-input'
import { pgCounterNode, pgCounters, pgEpoch } from '../../diagnostics/postgres/pg-counters'
import { parseProbe, type PgProbeId } from '../../diagnostics/postgres/records'
import { healthReport } from '../health-report'
import type { PgSession } from '../types'
import { ALL_PROBE_IDS, PG_PROBES, probeSkipReason, runProbe } from './probes'
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
  const settingsRun = await runProbe(session, PG_PROBES.pg_settings, 90600)
  timings.pg_settings = settingsRun.ms
  const settings = settingsRun.ok ? parseProbe('pg_settings', settingsRun.rows) : null
  if (!settings || !settings.ok) {
    const why = settingsRun.ok ? (settings && !settings.ok ? settings.message : 'no row') : settingsRun.why
    for (const id of ALL_PROBE_IDS)
      setResult(probes, id, { ok: false, why: `server settings could not be read: ${why}` })
    return { probes, timings }
  }
  probes.pg_settings = { ok: true, value: settings.value }
  const version = settings.value.server_version_num
  for (const [index, id] of ALL_PROBE_IDS.entries()) {
    reportProgress(index, ALL_PROBE_IDS.length, `${session.address}: ${id.replace(/_/g, ' ')}`)
    if (id === 'pg_settings') continue
    const probe = PG_PROBES[id]
    const skip = probeSkipReason(probe, version, settings.value.in_recovery)
    if (skip) {
      setResult(probes, id, { ok: false, why: skip })
      continue
    }
    const run = await runProbe(session, probe, version)
    timings[id] = run.ms
    if (!run.ok) {
      setResult(probes, id, { ok: false, why: run.why })
      continue
    }
    const parsed = parseProbe(id, run.rows)
    setResult(probes, id, parsed.ok ? { ok: true, value: parsed.value } : { ok: false, why: parsed.message })
  }
  return { probes, timings }
}

// parseProbe(id) returns the record type of `id`; TypeScript cannot correlate that across the loop's union,
// so the one widening cast lives here.
const setResult = (
  probes: PgProbeResults,
  id: PgProbeId,
  result: { ok: true; value: unknown } | { ok: false; why: string }
): void => {
  ;(probes as Record<PgProbeId, unknown>)[id] = result
}

export const checkPostgres = async (
  session: PgSession,
  input: string,
  options: CheckPostgresOptions = {}
): Promise<AnalysisReport[]> => {
  const server = await session.describe()
  const { probes, timings } = await sweepPostgres(session)
  const stmts = probes.pg_stat_statements
  const statementDeltas =
    options.snapshots && stmts?.ok
      ? options.snapshots.record(server.address, stmts.value, options.snapshotWindowMs)
      : undefined
  if (options.collect) {
    for (const [id, result] of Object.entries(probes)) {
      options.collect(
        server.address,
        id,
        result.ok ? { ok: true, rows: toTopicRows(result.value) } : { ok: false, why: result.why }
      )
    }
    if (statementDeltas)
      options.collect(server.address, 'statement_deltas', { ok: true, rows: toTopicRows(statementDeltas) })
  }
  const counters = options.counters?.observe(
    pgCounterNode(server.address, probes),
    pgEpoch(probes),
    pgCounters(probes)
  )
  const { facts, findings } = evaluatePgHealth({ probes, statementDeltas, counters })
  const sweepMs = Object.values(timings).reduce((a, b) => a + (b ?? 0), 0)
  return [
    healthReport(
      input,
      server,
      server.address,
      { identity: server.identity, ...facts, sweepMs: Math.round(sweepMs) },
      findings
    )
  ]
}
