/**
 * pg.sequence-exhaustion: a serial or identity column's sequence nearing the largest value its column
 * type (or the sequence itself) allows. At the limit nextval() fails and every INSERT into the table
 * with it: an outage that arrives on a date the growth rate predicts.
 * Probe: sequences (owned by int2/int4 columns, or with a small max). Checked against PostgreSQL 15.
 * Thresholds: critical at 90 % used (PgHero's "sequence danger" default), warning at 75 % (ours: moving a
 * big table to bigint takes a rewrite or a planned migration, so the warning must come well before);
 * with an observed rate, critical when it runs out within 7 days and warning within 30.
 */
import type { Finding } from '../../../../shared/findings'
import { fmtSeconds, pct, pgRule, qualified, subjectOf } from '../health-input'
import type { OwnedSequence } from '../../../../shared/records/postgres'

export const RULE = 'pg.sequence-exhaustion'
const CRITICAL_USED = 0.9
const WARNING_USED = 0.75
const DAY = 86_400
const CRITICAL_ETA_S = 7 * DAY
const WARNING_ETA_S = 30 * DAY

/** The name counter-window.ts tracks a sequence's last value under. */
export const sequenceCounter = (s: Pick<OwnedSequence, 'schemaname' | 'sequencename'>): string =>
  `seq:${s.schemaname}.${s.sequencename}`

/** The value nextval() cannot pass: the nearer of the column type's and the sequence's own bound. */
const limitOf = (s: OwnedSequence): number =>
  s.increment_by > 0 ? Math.min(s.type_max, s.sequence_max) : Math.max(-s.type_max - 1, s.sequence_min)

const judge = (usedRatio: number, etaSeconds: number | null): Finding['severity'] | null => {
  if (usedRatio >= CRITICAL_USED || (etaSeconds !== null && etaSeconds <= CRITICAL_ETA_S)) return 'critical'
  if (usedRatio >= WARNING_USED || (etaSeconds !== null && etaSeconds <= WARNING_ETA_S)) return 'warning'
  return null
}

const bigintHint = (s: OwnedSequence): string =>
  `ALTER TABLE ${qualified(s.table_schema, s.table_name)} ALTER COLUMN ${s.column_name} TYPE bigint ` +
  `(rewrites the table under an ACCESS EXCLUSIVE lock: plan it, or migrate through a new bigint column), ` +
  `then ALTER SEQUENCE ${qualified(s.schemaname, s.sequencename)} AS bigint` +
  (s.is_identity ? ' (for an identity column: ALTER TABLE ... ALTER COLUMN ... SET MAXVALUE)' : '')

export const sequenceExhaustionRule = pgRule({
  id: RULE,
  needs: ['sequences'],
  evaluate: ({ sequences }, context) => {
    const unreadable = sequences.filter((s) => !s.readable)
    const findings: Finding[] = []
    for (const s of sequences) {
      if (!s.readable || s.last_value === null) continue
      const limit = limitOf(s)
      const usedRatio = Math.sign(limit) === Math.sign(s.last_value) ? s.last_value / limit : 0
      const remaining = Math.abs(limit - s.last_value)
      const seconds = context.counters?.seconds ?? null
      const growth = context.counters?.delta(sequenceCounter(s)) ?? null
      const perSecond = seconds && growth !== null && growth > 0 ? growth / seconds : null
      const etaSeconds = perSecond ? remaining / perSecond : null
      const severity = judge(usedRatio, etaSeconds)
      if (!severity) continue
      const seq = qualified(s.schemaname, s.sequencename)
      findings.push({
        rule: RULE,
        severity,
        title: `Sequence ${seq} of ${qualified(s.table_schema, s.table_name)}.${s.column_name} is ${pct(usedRatio)} used`,
        detail:
          `${s.last_value} of ${limit} (${s.column_type} column${s.sequence_max < s.type_max ? `, sequence max ${s.sequence_max}` : ''}); ` +
          `${remaining} values left. ` +
          (etaSeconds !== null
            ? `At the rate seen over the last ${fmtSeconds(seconds ?? 0)} it runs out in about ${fmtSeconds(etaSeconds)}. `
            : 'No growth rate yet: it is measured between two polls while the app is open. ') +
          (s.cycle
            ? 'The sequence CYCLEs: at the limit it restarts and hands out values already used (duplicate keys). '
            : 'At the limit nextval() fails and so does every INSERT that needs it. ') +
          `Fix: ${bigintHint(s)}.`,
        target: seq,
        subject: subjectOf('sequence', seq, context),
        evidence: {
          table: qualified(s.table_schema, s.table_name),
          column: s.column_name,
          columnType: s.column_type,
          lastValue: s.last_value,
          limit,
          usedRatio,
          remaining,
          perSecond,
          etaSeconds,
          cycle: s.cycle
        },
        units: {
          lastValue: 'count',
          limit: 'count',
          usedRatio: 'ratio',
          remaining: 'count',
          etaSeconds: 'seconds'
        }
      })
    }
    if (unreadable.length > 0)
      findings.push({
        rule: RULE,
        severity: 'info',
        title: `${unreadable.length} sequence${unreadable.length === 1 ? '' : 's'} could not be read`,
        detail:
          `This role has no SELECT or USAGE on ${unreadable
            .slice(0, 5)
            .map((s) => qualified(s.schemaname, s.sequencename))
            .join(
              ', '
            )}${unreadable.length > 5 ? ', ...' : ''}, so how close they are to their limit is unknown. ` +
          'Grant SELECT on them to the monitoring role, or pg_read_all_data (PostgreSQL 14+).',
        target: null,
        evidence: { unreadable: unreadable.map((s) => qualified(s.schemaname, s.sequencename)) }
      })
    return findings
  }
})
