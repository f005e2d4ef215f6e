/**
 * pg.pending-restart: settings changed in the configuration (postgresql.conf, ALTER SYSTEM) that only a
 * restart applies (context postmaster). The running server differs from what its files say, and the next
 * restart, planned or not, changes its behaviour; a bad value then stops it from starting.
 * Probe: changed_settings (pg_settings.pending_restart). Checked against PostgreSQL 15 (a cluster of the
 * test's own, max_connections changed and reloaded). Threshold: any, warning (our judgement: nothing is
 * wrong yet, but the state must not be forgotten).
 */
import { capFindings, pgRule, subjectOf } from '../health-input'

export const RULE = 'pg.pending-restart'

export const pendingRestartRule = pgRule({
  id: RULE,
  needs: ['changed_settings'],
  evaluate: ({ changed_settings: settings }, context) =>
    capFindings(
      RULE,
      settings
        .filter((s) => s.pending_restart)
        .map((s) => ({
          rule: RULE,
          severity: 'warning' as const,
          title: `${s.name} was changed in the configuration and waits for a restart`,
          detail:
            `The server still runs with ${s.name} = ${s.value}; its configuration (${s.source}) sets another value, ` +
            `applied at the next restart. Restart in a maintenance window, or revert the file / ALTER SYSTEM RESET ${s.name} and reload. ` +
            `pg_file_settings shows the pending value.`,
          target: s.name,
          subject: subjectOf('setting', s.name, context),
          evidence: {
            setting: s.name,
            runningValue: s.value,
            unit: s.unit,
            source: s.source,
            context: s.context
          }
        }))
    )
})
