/**
 * pg.autovacuum-lag: tables autovacuum is falling behind on, measured against each table's OWN trigger
 * (autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor x reltuples, per-table reloptions win over
 * the server settings), and tables or servers where autovacuum is off.
 * Probes: pg_stat_user_tables, pg_settings. Checked against PostgreSQL 15; PG 14+ reports reltuples -1 for a
 * never-analyzed table (treated as 0).
 * Threshold: the server's own trigger formula (docs "The Autovacuum Daemon"; seed catalogue s8 item 23);
 * with autovacuum on we only warn past 2x the trigger, because a table just over it merely waits for the
 * next autovacuum_naptime round.
 */
import type { Finding } from '../../../../shared/findings'
import { capFindings, pgRule, qualified, subjectOf } from '../health-input'

export const RULE = 'pg.autovacuum-lag'
export const BEHIND_FACTOR = 2

// The tables are read only when autovacuum can work at all: a replica or track_counts = off say so alone.
export const autovacuumLagRule = pgRule({
  id: RULE,
  needs: ['pg_settings'],
  evaluate: ({ pg_settings: s, pg_stat_user_tables: tables }, context, unmet) => {
    if (s.in_recovery) return [] // a replica does not vacuum; its primary's report covers this
    if (!s.track_counts) {
      return [
        {
          rule: RULE,
          severity: 'critical',
          title: 'track_counts is off: autovacuum cannot see dead tuples',
          detail:
            'With track_counts = off the statistics autovacuum relies on are not collected, so it never vacuums. Turn it on (reload).',
          target: null,
          subject: subjectOf('setting', 'track_counts', context),
          evidence: { trackCounts: false }
        }
      ]
    }
    const out: Finding[] = []
    if (!s.autovacuum) {
      out.push({
        rule: RULE,
        severity: 'warning',
        title: 'autovacuum is off server-wide',
        detail:
          'Dead tuples accumulate until someone runs VACUUM; anti-wraparound vacuums still start. Set autovacuum = on (reload).',
        target: null,
        subject: subjectOf('setting', 'autovacuum', context),
        evidence: { autovacuum: false }
      })
    }
    if (!tables) return [...out, ...unmet('pg_stat_user_tables')]
    const rows = tables
      .map((t) => {
        const threshold = t.av_vacuum_threshold ?? s.autovacuum_vacuum_threshold
        const scale = t.av_vacuum_scale_factor ?? s.autovacuum_vacuum_scale_factor
        const trigger = threshold + scale * Math.max(t.reltuples, 0)
        return { t, threshold, scale, trigger, enabled: s.autovacuum && t.autovacuum_enabled !== false }
      })
      .filter(({ t, trigger, enabled }) => t.n_dead_tup > trigger * (enabled ? BEHIND_FACTOR : 1))
      .sort((a, b) => b.t.n_dead_tup / Math.max(b.trigger, 1) - a.t.n_dead_tup / Math.max(a.trigger, 1))
    for (const { t, threshold, scale, trigger, enabled } of rows) {
      const name = qualified(t.schemaname, t.relname)
      const offOnTable = t.autovacuum_enabled === false
      out.push({
        rule: RULE,
        severity: 'warning',
        title: offOnTable
          ? `${name}: autovacuum disabled on the table, ${t.n_dead_tup} dead tuples past its trigger of ${Math.round(trigger)}`
          : `${name}: ${t.n_dead_tup} dead tuples, ${(t.n_dead_tup / Math.max(trigger, 1)).toFixed(1)}x its autovacuum trigger`,
        detail:
          `The table's trigger is ${threshold} + ${scale} x ${Math.max(t.reltuples, 0)} rows = ${Math.round(trigger)} dead tuples` +
          `${t.av_vacuum_threshold !== null || t.av_vacuum_scale_factor !== null ? ' (per-table reloptions)' : ''}. ` +
          (offOnTable
            ? 'autovacuum_enabled = false on this table: VACUUM it by hand or ALTER TABLE ... RESET (autovacuum_enabled).'
            : enabled
              ? "Autovacuum is not keeping up: look for long transactions holding the xmin horizon, too few autovacuum workers, or cost limits that throttle it; lower the table's scale factor for big tables."
              : 'Autovacuum is off server-wide.'),
        target: name,
        subject: subjectOf('table', name, context),
        evidence: {
          nDeadTup: t.n_dead_tup,
          reltuples: t.reltuples,
          trigger: Math.round(trigger),
          threshold,
          scaleFactor: scale,
          autovacuumEnabled: !offOnTable,
          lastAutovacuumSecondsAgo: t.last_autovacuum_s
        },
        units: {
          nDeadTup: 'count',
          reltuples: 'count',
          trigger: 'count',
          threshold: 'count',
          scaleFactor: 'ratio',
          lastAutovacuumSecondsAgo: 'seconds'
        }
      })
    }
    return capFindings(RULE, out)
  }
})
