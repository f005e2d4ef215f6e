/**
 * The live check of a profile's PgBouncer admin console: every SHOW probe once over one console
 * connection, parsed, judged by the PgBouncer rules, as one `pgbouncer.health` report whose node is the
 * console's address. A probe that fails (no stats_users right, an old PgBouncer) is a reason the rules
 * report as "could not evaluate"; a console that cannot be opened is a failed report, never silence.
 */
import { toTopicRows, type TopicCollector } from '../../../../shared/detail'
import { AppFailure } from '../../../../shared/errors'
import { sortFindings, type AnalysisReport } from '../../../../shared/findings'
import { evaluatePgBouncer, pgbouncerFacts } from '../../../diagnostics/pgbouncer/diagnostics'
import {
  PGBOUNCER_PARSERS,
  PGBOUNCER_PROBE_IDS,
  type PgBouncerRecords
} from '../../../diagnostics/pgbouncer/records'
import type { ProbeOutcome, ProbeOutcomes } from '../../../diagnostics/pipeline/engine-diagnostics'
import { failedHealthReport } from '../../health-report'
import { mapDriverError } from '../../map-error'
import type { PgBouncerConsole } from '../../types'

export const PGBOUNCER_REPORT_KIND = 'pgbouncer.health'

/** Topic ids of the records on the engine page: the probe id with this prefix. */
export const pgbouncerTopic = (probe: string): string => `pgbouncer_${probe}`

const tableRows = (value: unknown): Record<string, unknown>[] =>
  value instanceof Map ? [...value].map(([key, v]) => ({ key, value: v as unknown })) : toTopicRows(value)

export const sweepPgBouncer = async (console: PgBouncerConsole): Promise<ProbeOutcomes<PgBouncerRecords>> => {
  const outcomes: Record<string, ProbeOutcome<unknown>> = {}
  for (const id of PGBOUNCER_PROBE_IDS) {
    try {
      const result = PGBOUNCER_PARSERS[id](await console.show(id))
      outcomes[id] = result.ok ? result : { ok: false, why: result.message }
    } catch (err) {
      outcomes[id] = { ok: false, why: mapDriverError(err, `PgBouncer ${console.address}`).message }
    }
  }
  return outcomes as ProbeOutcomes<PgBouncerRecords>
}

export const checkPgBouncer = async (
  open: () => Promise<PgBouncerConsole>,
  input: string,
  collect?: TopicCollector
): Promise<AnalysisReport> => {
  let console: PgBouncerConsole
  try {
    console = await open()
  } catch (err) {
    const failure = err instanceof AppFailure ? err : mapDriverError(err, 'PgBouncer')
    return { ...failedHealthReport(input, 'postgres', failure), kind: PGBOUNCER_REPORT_KIND }
  }
  try {
    const version = await console.version()
    const outcomes = await sweepPgBouncer(console)
    if (collect) {
      for (const [id, outcome] of Object.entries(outcomes)) {
        collect(
          console.address,
          pgbouncerTopic(id),
          outcome.ok ? { ok: true, rows: tableRows(outcome.value) } : { ok: false, why: outcome.why }
        )
      }
    }
    return {
      input,
      ok: true,
      engine: 'postgres',
      kind: PGBOUNCER_REPORT_KIND,
      summary: { serverVersion: version, node: console.address, ...pgbouncerFacts(outcomes) },
      findings: sortFindings(evaluatePgBouncer(outcomes, { node: console.address })),
      error: null
    }
  } catch (err) {
    return {
      ...failedHealthReport(input, 'postgres', mapDriverError(err, `PgBouncer ${console.address}`)),
      kind: PGBOUNCER_REPORT_KIND
    }
  } finally {
    await console.close()
  }
}
