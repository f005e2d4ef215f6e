/**
 * pg.wraparound: transaction-ID and multixact age of databases (age(datfrozenxid), mxid_age(datminmxid))
 * and of the oldest tables of this database (age(relfrozenxid)), with the headroom left to 2^31.
 * Probes: pg_database, pg_stat_user_tables, pg_settings. Checked against PostgreSQL 15.
 * Thresholds: the horizon is 2^31 (seed catalogue s8 item 23, not "4 billion"); the server stops assigning
 * XIDs about 3 million before it. Warning at 1,000,000,000 (~47% of the horizon; 5x the default
 * autovacuum_freeze_max_age: anti-wraparound vacuums are clearly not keeping up; also the usual managed-
 * service alarm), critical at 1,500,000,000 (~70%). Past autovacuum_freeze_max_age only an info: forced
 * autovacuums are due, which is normal operation.
 */
import type { Finding, FindingSubject } from '../../../../shared/findings'
import { capFindings, pct, pgRule, qualified, subjectOf } from '../health-input'

export const RULE = 'pg.wraparound'
export const HORIZON = 2 ** 31
export const AGE_WARNING = 1_000_000_000
export const AGE_CRITICAL = 1_500_000_000

const severityOf = (age: number): 'warning' | 'critical' | null =>
  age >= AGE_CRITICAL ? 'critical' : age >= AGE_WARNING ? 'warning' : null

// Databases and this database's tables are judged apart: one failed read leaves the other's findings.
export const wraparoundRule = pgRule({
  id: RULE,
  needs: ['pg_settings'],
  evaluate: ({ pg_settings: settings, pg_database: dbs, pg_stat_user_tables: tables }, context, unmet) => {
    const freezeMax = settings.autovacuum_freeze_max_age
    const mxFreezeMax = settings.autovacuum_multixact_freeze_max_age
    const out: Finding[] = []
    if (!dbs) out.push(...unmet('pg_database'))
    else {
      for (const d of [...dbs].sort((a, b) => b.xid_age - a.xid_age)) {
        for (const [what, age, limit] of [
          ['transaction ID', d.xid_age, freezeMax],
          ['multixact ID', d.mxid_age, mxFreezeMax]
        ] as const) {
          if (age === null) continue
          const severity = severityOf(age) ?? (age > limit ? 'info' : null)
          if (!severity) continue
          out.push(
            finding(
              severity,
              `database ${d.datname}`,
              what,
              age,
              limit,
              subjectOf('database', d.datname, context)
            )
          )
        }
      }
    }
    if (!tables) out.push(...unmet('pg_stat_user_tables'))
    else {
      for (const t of [...tables].sort((a, b) => b.xid_age - a.xid_age)) {
        const subject = subjectOf('table', qualified(t.schemaname, t.relname), context)
        const severity = severityOf(t.xid_age)
        if (severity)
          out.push(
            finding(
              severity,
              `table ${qualified(t.schemaname, t.relname)}`,
              'transaction ID',
              t.xid_age,
              freezeMax,
              subject
            )
          )
        const mx = t.mxid_age
        if (mx !== null && severityOf(mx))
          out.push(
            finding(
              severityOf(mx) ?? 'warning',
              `table ${qualified(t.schemaname, t.relname)}`,
              'multixact ID',
              mx,
              mxFreezeMax,
              subject
            )
          )
      }
    }
    return capFindings(RULE, out)
  }
})

const finding = (
  severity: 'info' | 'warning' | 'critical',
  target: string,
  what: string,
  age: number,
  freezeMax: number,
  subject: FindingSubject
): Finding => {
  const headroom = HORIZON - age
  return {
    rule: RULE,
    severity,
    title: `${target}: ${what} age ${age.toLocaleString('en-US')} (${pct(age / HORIZON)} of the 2^31 horizon)`,
    detail:
      severity === 'info'
        ? `Past autovacuum_freeze_max_age (${freezeMax}): an anti-wraparound autovacuum is due or running. Normal unless the age keeps rising.`
        : `${headroom.toLocaleString('en-US')} ${what}s left before the server refuses new ones (it stops about 3 million short of 2^31). ` +
          'Find what holds the horizon back (long transactions, idle-in-transaction sessions, abandoned replication slots, ' +
          'prepared transactions) and VACUUM (FREEZE) the oldest tables; a database-wide VACUUM, not single-user mode.',
    target,
    subject,
    evidence: { age, headroom, horizon: HORIZON, freezeMaxAge: freezeMax, kind: what },
    units: { age: 'count', headroom: 'count', horizon: 'count', freezeMaxAge: 'count' }
  }
}
