/**
 * The live check of a profile's PgBouncer admin console: every SHOW probe once over one console
 * connection, parsed, judged by the PgBouncer rules, as one `pgbouncer.health` report whose node is the
 * console's address. A probe that fails (no stats_users right, an old PgBouncer) is a reason the rules
 * report as "could not evaluate"; a console that cannot be opened is a failed report, never silence.
 */
import type { TopicCollector } from '../../../../shared/detail'
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
import { outcomeTopic } from '../../outcome-topic'
import { mapDriverError } from '../../map-error'
import type { PgBouncerConsole } from '../../types'

export const PGBOUNCER_REPORT_KIND = 'pgbouncer.health'

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

/** Each probe's records as the page's `pgbouncer_<probe>` topic (SHOW CONFIG as key/value rows). */
const collectTopics = (collect: TopicCollector, node: string, o: ProbeOutcomes<PgBouncerRecords>): void => {
  const rows = <T>(value: T[]): T[] => value
  if (o.pools) collect(node, 'pgbouncer_pools', outcomeTopic(o.pools, rows))
  if (o.databases) collect(node, 'pgbouncer_databases', outcomeTopic(o.databases, rows))
  if (o.stats) collect(node, 'pgbouncer_stats', outcomeTopic(o.stats, rows))
  if (o.clients) collect(node, 'pgbouncer_clients', outcomeTopic(o.clients, rows))
  if (o.servers) collect(node, 'pgbouncer_servers', outcomeTopic(o.servers, rows))
  if (o.config)
    collect(
      node,
      'pgbouncer_config',
      outcomeTopic(o.config, (config) => [...config].map(([key, value]) => ({ key, value })))
    )
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
    if (collect) collectTopics(collect, console.address, outcomes)
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
