/**
 * pg.plan.slow-trigger: a trigger that took >= 10% of the execution time and >= 10 ms. Foreign-key
 * triggers (RI_ConstraintTrigger_*, "for constraint") usually mean the referencing column has no index,
 * so each deleted/updated parent row scans the child table. Our threshold; checked against the PG 15
 * cascade fixture (FK without index).
 */
import type { FindingSubject } from '../../../../shared/findings'
import { finding, fmt, type PlanRule } from './helpers'

export const triggerRule: PlanRule = ({ document, summary }) => {
  const exec = summary.executionTimeMs ?? 0
  return document.triggers
    .filter((t) => t.timeMs >= 10 && t.timeMs >= 0.1 * exec)
    .map((t) => {
      const fk = t.constraint !== null || t.name.startsWith('RI_ConstraintTrigger')
      const perCall = t.calls > 0 ? Math.round((1000 * t.timeMs) / t.calls) / 1000 : null
      const name = t.name || `for constraint ${t.constraint ?? ''}`
      // A foreign-key trigger is about its constraint (the fix is an index for it); any other about itself.
      const subject: FindingSubject = fk
        ? { kind: 'constraint', name: t.constraint ?? t.name }
        : { kind: 'trigger', name }
      const slow = finding(
        'pg.plan.slow-trigger',
        t.timeMs >= 0.5 * exec ? 'critical' : 'warning',
        fk
          ? `Foreign-key trigger ${t.constraint ?? t.name}: ${fmt(t.timeMs)} ms for ${fmt(t.calls)} rows`
          : `Trigger ${name}: ${fmt(t.timeMs)} ms for ${fmt(t.calls)} calls`,
        fk
          ? `Checking constraint ${t.constraint ?? t.name} took ${fmt(t.timeMs)} ms over ${fmt(t.calls)} calls (${perCall ?? '?'} ms each), ${Math.round((100 * t.timeMs) / Math.max(exec, 0.001))}% of execution. ` +
              `Each call looks up the referencing rows; without an index on the referencing column(s) of ${t.constraint ?? 'the constraint'} that is a sequential scan of the child table per row. ` +
              `Create one: CREATE INDEX CONCURRENTLY ON <child table> (<fk columns>).`
          : `Trigger ${name} took ${fmt(t.timeMs)} ms over ${fmt(t.calls)} calls (${perCall ?? '?'} ms each). Review what the trigger function does per row.`,
        t.relation ?? t.constraint ?? name,
        {
          trigger: t.name || null,
          constraint: t.constraint,
          relation: t.relation,
          timeMs: t.timeMs,
          calls: t.calls,
          msPerCall: perCall,
          executionTimeMs: summary.executionTimeMs
        }
      )
      return {
        ...slow,
        subject,
        units: { timeMs: 'ms', calls: 'count', msPerCall: 'ms', executionTimeMs: 'ms' }
      }
    })
}
