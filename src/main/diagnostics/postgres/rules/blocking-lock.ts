/**
 * pg.blocking-lock: who blocks whom. One finding per root blocker (a session that blocks others and is not
 * itself waiting), with every session waiting behind it directly or transitively, how long they have
 * waited, and the blocker's state and query.
 * Probe: pg_stat_activity with pg_blocking_pids() for sessions waiting on a heavyweight lock (PG 9.6+).
 * Checked against PostgreSQL 15. Threshold: longest wait >= 1 s warning (our own lock_timeout: a wait we
 * would not accept for ourselves; shorter waits are ordinary contention), >= 60 s or 10+ sessions
 * blocked critical (the pile-up pattern of seed 004:4752-4798).
 */
import type { Finding } from '../../../../shared/findings'
import { remedy } from '../../pipeline/remedy'
import { fmtSeconds, oneLine, pgRule, subjectOf } from '../health-input'
import { describeSession, sessionEvidence } from './activity-common'
import { directWaiters, rootBlockers } from '../blocking-tree'

export const RULE = 'pg.blocking-lock'
export const WAIT_WARNING_S = 1
export const WAIT_CRITICAL_S = 60
export const BLOCKED_CRITICAL = 10

export const blockingLockRule = pgRule({
  id: RULE,
  needs: ['pg_stat_activity'],
  evaluate: ({ pg_stat_activity: activity }, context) => {
    const byPid = new Map(activity.map((r) => [r.pid, r]))
    const blocks = directWaiters(activity)
    const out: Finding[] = []
    for (const root of rootBlockers(activity)) {
      const chain: {
        pid: number
        waitedSeconds: number
        blockedBy: number[]
        query: string | null
        depth: number
      }[] = []
      const seen = new Set<number>([root])
      let frontier: { pid: number; depth: number }[] = [{ pid: root, depth: 0 }]
      while (frontier.length > 0) {
        const next: { pid: number; depth: number }[] = []
        for (const { pid, depth } of frontier) {
          for (const w of blocks.get(pid) ?? []) {
            if (seen.has(w.pid)) continue
            seen.add(w.pid)
            chain.push({
              pid: w.pid,
              waitedSeconds: w.query_age_s ?? 0,
              blockedBy: w.blocked_by,
              query: oneLine(w.query, 200),
              depth: depth + 1
            })
            next.push({ pid: w.pid, depth: depth + 1 })
          }
        }
        frontier = next
      }
      const longest = Math.max(0, ...chain.map((c) => c.waitedSeconds))
      if (longest < WAIT_WARNING_S) continue
      const blocker = byPid.get(root)
      const who = blocker ? describeSession(blocker) : `pid ${root} (not visible to this role)`
      out.push({
        rule: RULE,
        severity: longest >= WAIT_CRITICAL_S || chain.length >= BLOCKED_CRITICAL ? 'critical' : 'warning',
        title: `${who} blocks ${chain.length} session${chain.length === 1 ? '' : 's'} (longest wait ${fmtSeconds(longest)})`,
        detail:
          `The blocker is ${blocker?.state ?? 'unknown'}${blocker?.xact_age_s !== null && blocker?.xact_age_s !== undefined ? `, its transaction open ${fmtSeconds(blocker.xact_age_s)}` : ''}; ` +
          `its ${blocker?.state === 'active' ? 'current' : 'last'} statement: ${oneLine(blocker?.query ?? null, 160)}. ` +
          `Waiting: ${chain.map((c) => `pid ${c.pid} ${fmtSeconds(c.waitedSeconds)}`).join(', ')}. ` +
          "End the blocker's transaction (pg_cancel_backend if it is running, pg_terminate_backend if idle in transaction) as a guarded action, and fix the lock order or transaction length.",
        target: `pid ${root}`,
        subject: subjectOf('backend', String(root), context),
        // The root of the chain: ending it releases every waiter behind it.
        remedy: remedy('postgres.terminateBackend', { pid: root }, `Terminate pid ${root}`),
        evidence: {
          blockerPid: root,
          blocker: blocker ? sessionEvidence(blocker) : null,
          blocked: chain,
          blockedCount: chain.length,
          longestWaitSeconds: longest
        },
        units: { blockedCount: 'count', longestWaitSeconds: 'seconds' }
      })
    }
    return out
  }
})
