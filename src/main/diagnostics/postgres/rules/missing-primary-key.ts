/**
 * pg.missing-primary-key: a table with no primary key. In a publication that replicates UPDATE or DELETE
 * with replica identity DEFAULT or NOTHING, those statements fail on the primary ("cannot update table
 * ... because it does not have a replica identity and publishes updates"): critical. Otherwise it is
 * advice: logical replication and most tooling need a key, and nothing stops duplicate rows.
 * Probe: tables_without_primary_key. Checked against PostgreSQL 15. Threshold: any.
 */
import { capFindings, pgRule, qualified, subjectOf } from '../health-input'
import type { TableWithoutPrimaryKey } from '../../../../shared/records/postgres'

export const RULE = 'pg.missing-primary-key'

/** DEFAULT means "the primary key", so without one it identifies nothing, like NOTHING. */
const identifiesRows = (t: TableWithoutPrimaryKey): boolean =>
  t.replica_identity === 'f' || t.replica_identity === 'i'

const remedy = (t: TableWithoutPrimaryKey, table: string): string =>
  t.has_unique_index
    ? `ALTER TABLE ${table} ADD PRIMARY KEY USING INDEX <its unique index> (or REPLICA IDENTITY USING INDEX)`
    : `add a primary key (ALTER TABLE ${table} ADD PRIMARY KEY (...)), or REPLICA IDENTITY FULL as a stopgap (every UPDATE/DELETE then logs the whole old row)`

export const missingPrimaryKeyRule = pgRule({
  id: RULE,
  needs: ['tables_without_primary_key'],
  evaluate: ({ tables_without_primary_key: tables }, context) => {
    const findings = tables.map((t) => {
      const table = qualified(t.schemaname, t.relname)
      const publications = t.publications ?? []
      const breaks = publications.length > 0 && !identifiesRows(t)
      return {
        rule: RULE,
        severity: breaks ? ('critical' as const) : ('info' as const),
        title: breaks
          ? `UPDATE and DELETE on ${table} fail: published without a replica identity`
          : `Table ${table} has no primary key`,
        detail:
          (breaks
            ? `${table} is in publication ${publications.join(', ')}, which replicates UPDATE/DELETE, and has no primary key or replica identity, so the primary refuses those statements. `
            : `Logical replication of UPDATE/DELETE would need a replica identity, and nothing prevents duplicate rows. `) +
          `Fix: ${remedy(t, table)}.`,
        target: table,
        subject: subjectOf('table', table, context),
        evidence: {
          table,
          replicaIdentity: t.replica_identity,
          publications,
          hasUniqueIndex: t.has_unique_index,
          rows: Math.max(0, Math.round(t.reltuples))
        },
        units: { rows: 'count' as const }
      }
    })
    return capFindings(RULE, [
      ...findings.filter((f) => f.severity === 'critical'),
      ...findings.filter((f) => f.severity !== 'critical')
    ])
  }
})
