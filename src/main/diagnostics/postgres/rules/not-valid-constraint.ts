/**
 * pg.not-valid-constraint: a foreign key or CHECK added NOT VALID and never validated. New rows are
 * checked, existing rows never were, and the planner cannot rely on an unvalidated CHECK (constraint
 * exclusion, and SET NOT NULL cannot skip its scan on PG 12+). Usually the first half of a zero-downtime
 * migration whose second half was forgotten.
 * Probe: not_valid_constraints. Checked against PostgreSQL 15. Threshold: any, warning.
 */
import { pgRule, qualified, subjectOf } from '../health-input'

export const RULE = 'pg.not-valid-constraint'

// VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE on the table (reads and writes go on; DDL and VACUUM
// wait), and a foreign key's also ROW SHARE on the referenced table.
const LOCKS: Record<string, string> = {
  f: 'SHARE UPDATE EXCLUSIVE on the table and ROW SHARE on the referenced table',
  c: 'SHARE UPDATE EXCLUSIVE on the table'
}

export const notValidConstraintRule = pgRule({
  id: RULE,
  needs: ['not_valid_constraints'],
  evaluate: ({ not_valid_constraints: constraints }, context) =>
    constraints.map((c) => {
      const table = qualified(c.schemaname, c.relname)
      const kind = c.contype === 'f' ? 'Foreign key' : 'Check constraint'
      return {
        rule: RULE,
        severity: 'warning' as const,
        title: `${kind} ${c.conname} on ${table} is NOT VALID`,
        detail:
          `${c.definition}. Rows written before it was added were never checked, and the planner does not trust it. ` +
          `Fix: ALTER TABLE ${table} VALIDATE CONSTRAINT ${c.conname}; it scans the table holding ` +
          `${LOCKS[c.contype] ?? 'SHARE UPDATE EXCLUSIVE'} (reads and writes continue), and fails if an old row breaks it.`,
        target: `${table}.${c.conname}`,
        subject: subjectOf('constraint', `${table}.${c.conname}`, context),
        evidence: { table, constraint: c.conname, kind: c.contype, definition: c.definition }
      }
    })
})
