/**
 * pg.unindexed-foreign-key: a foreign key whose referencing columns lead no index. Every DELETE or key
 * UPDATE on the referenced table then scans the referencing table once per row (ON DELETE actions
 * included), holding row locks while it does: slow deletes and lock waits on the parent.
 * Probe: unindexed_foreign_keys (PG 11+). Checked against PostgreSQL 15. Threshold: warning from 10,000
 * estimated rows in the referencing table (below that a scan per parent row stays cheap), info below.
 */
import { capFindings, pgRule, qualified, subjectOf } from '../health-input'

export const RULE = 'pg.unindexed-foreign-key'
const WARNING_ROWS = 10_000

export const unindexedForeignKeyRule = pgRule({
  id: RULE,
  needs: ['unindexed_foreign_keys'],
  evaluate: ({ unindexed_foreign_keys: keys }, context) => {
    const findings = [...keys]
      .sort((a, b) => b.reltuples - a.reltuples)
      .map((k) => {
        const table = qualified(k.schemaname, k.relname)
        const columns = (k.columns ?? []).join(', ')
        const rows = Math.max(0, Math.round(k.reltuples))
        return {
          rule: RULE,
          severity: rows >= WARNING_ROWS ? ('warning' as const) : ('info' as const),
          title: `Foreign key ${k.conname} on ${table} (${columns}) has no index`,
          detail:
            `Each DELETE or key UPDATE on ${qualified(k.ref_schema, k.ref_table)} scans ${table} (about ${rows} rows) ` +
            `to find referencing rows. Fix: CREATE INDEX CONCURRENTLY ON ${table} (${columns}).`,
          target: `${table}.${k.conname}`,
          subject: subjectOf('constraint', `${table}.${k.conname}`, context),
          evidence: {
            table,
            constraint: k.conname,
            columns: k.columns ?? [],
            referenced: qualified(k.ref_schema, k.ref_table),
            rows
          },
          units: { rows: 'count' as const }
        }
      })
    return capFindings(RULE, findings)
  }
})
