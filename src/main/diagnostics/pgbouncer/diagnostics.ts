/**
 * PgBouncer's admin console, declared once: its records (records.ts) and rules, judged by the common
 * pipeline. The report order among equal severities is this list's order.
 */
import type { Finding } from '../../../shared/findings'
import { evaluateRules, type EngineDiagnostics, type ProbeOutcomes } from '../pipeline/engine-diagnostics'
import { workloadPools, type PgBouncerContext } from './context'
import type { PgBouncerPool } from '../../../shared/records/pgbouncer'
import type { PgBouncerRecords } from './records'
import { clientsWaitingRule } from './rules/clients-waiting'
import { poolModeRule } from './rules/pool-mode'
import { poolSaturationRule } from './rules/pool-saturation'

export const PGBOUNCER_RULES = [clientsWaitingRule, poolSaturationRule, poolModeRule] as const

export const pgbouncerDiagnostics: EngineDiagnostics<PgBouncerRecords, PgBouncerContext> = {
  engine: 'postgres',
  rules: PGBOUNCER_RULES
}

export const evaluatePgBouncer = (
  outcomes: ProbeOutcomes<PgBouncerRecords>,
  context: PgBouncerContext
): Finding[] => evaluateRules(pgbouncerDiagnostics, outcomes, context)

/** The report's summary: pools and their clients and servers, summed over the workload's pools. */
export const pgbouncerFacts = (outcomes: ProbeOutcomes<PgBouncerRecords>): Record<string, unknown> => {
  const pools = outcomes.pools?.ok ? workloadPools(outcomes.pools.value) : null
  if (!pools) return {}
  const sum = (pick: (p: PgBouncerPool) => number) => pools.reduce((n, p) => n + pick(p), 0)
  return {
    pools: pools.length,
    clientsActive: sum((p) => p.cl_active),
    clientsWaiting: sum((p) => p.cl_waiting),
    serversActive: sum((p) => p.sv_active),
    serversIdle: sum((p) => p.sv_idle)
  }
}
