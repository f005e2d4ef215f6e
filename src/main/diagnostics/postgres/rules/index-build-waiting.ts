/**
 * pg.index-build-waiting: CREATE INDEX / REINDEX CONCURRENTLY stuck in a "waiting for ..." phase. Each of
 * its waits lasts until every transaction older than the build ends, so one forgotten open transaction
 * holds the build (and its SHARE UPDATE EXCLUSIVE lock, which blocks VACUUM and DDL on the table) forever.
 * Probe: progress (pg_stat_progress_create_index, PG 12+). Checked against PostgreSQL 15 (the test's own
 * open transaction in a scratch database). Threshold: waiting after WAIT_WARNING_S of build time, warning
 * (ours: a build's waits for ordinary transactions end in seconds).
 */
import { pgRule, subjectOf } from '../health-input'

export const RULE = 'pg.index-build-waiting'
export const WAIT_WARNING_S = 30

export const indexBuildWaitingRule = pgRule({
  id: RULE,
  needs: ['progress'],
  evaluate: ({ progress }, context) =>
    progress
      .filter(
        (p) =>
          p.command.endsWith('CONCURRENTLY') &&
          p.phase.startsWith('waiting for') &&
          (p.elapsed_s ?? 0) >= WAIT_WARNING_S
      )
      .map((p) => {
        const holder = p.waiting_for_pid === null ? 'older transactions' : `pid ${p.waiting_for_pid}`
        return {
          rule: RULE,
          severity: 'warning' as const,
          title: `${p.command} on ${p.relation ?? '?'} (pid ${p.pid}) is waiting for ${holder}`,
          detail:
            `Phase "${p.phase}" after ${Math.round(p.elapsed_s ?? 0)} s: the build cannot go on until ${holder} ends its transaction. ` +
            `Meanwhile the table stays locked against VACUUM and DDL. Find the transaction in Activity (an idle in transaction session is the usual one) and end it, or cancel the build (it leaves an invalid index to drop).`,
          target: p.relation,
          subject: subjectOf('backend', String(p.pid), context),
          evidence: {
            pid: p.pid,
            database: p.datname,
            command: p.command,
            relation: p.relation,
            phase: p.phase,
            waitingForPid: p.waiting_for_pid,
            lockersDone: p.unit === 'lockers' ? p.done : null,
            lockersTotal: p.unit === 'lockers' ? p.total : null,
            elapsedSeconds: p.elapsed_s
          },
          units: {
            lockersDone: 'count' as const,
            lockersTotal: 'count' as const,
            elapsedSeconds: 'seconds' as const
          }
        }
      })
})
