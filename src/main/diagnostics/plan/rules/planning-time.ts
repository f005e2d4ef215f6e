/**
 * pg.plan.planning-time: planning that is costly in itself, not only next to execution. It fires when
 * planning took at least 10 ms (below that it is noise for any query) and either
 * - longer than execution, or
 * - at least 1 s (seconds of planning are worth a look whatever the execution took: 20 s next to 33 s), or
 * - at least 20 % of planning + execution.
 * Warning from 100 ms when it exceeds execution, or from 1 s; info below. Our thresholds. Fields:
 * "Planning Time" (PG 10+) / "Planning time" (9.4-9.6).
 */
import { finding, fmt, type PlanRule } from './helpers'

export const MIN_PLANNING_MS = 10
export const LARGE_PLANNING_MS = 1000
export const PLANNING_SHARE = 0.2

export const planningTimeRule: PlanRule = ({ summary }) => {
  const p = summary.planningTimeMs
  const e = summary.executionTimeMs
  if (p === null || e === null || p < MIN_PLANNING_MS) return []
  const share = p / (p + e)
  const longer = p > e
  if (!longer && p < LARGE_PLANNING_MS && share < PLANNING_SHARE) return []
  const percent = Math.round(share * 100)
  return [
    finding(
      'pg.plan.planning-time',
      p >= LARGE_PLANNING_MS || (longer && p >= 100) ? 'warning' : 'info',
      longer
        ? `Planning (${fmt(p)} ms) took longer than execution (${fmt(e)} ms)`
        : `Planning took ${fmt(p)} ms, ${percent} % of the statement's time`,
      `The planner spent ${fmt(p)} ms, execution ${fmt(e)} ms (planning is ${percent} % of the total). If this query runs often, use a prepared statement (plan once), ` +
        `reduce the partitions it has to consider (prune on the partition key), or lower join_collapse_limit / from_collapse_limit for very wide joins.`,
      null,
      { planningTimeMs: p, executionTimeMs: e, planningShare: Math.round(share * 1000) / 1000 }
    )
  ]
}
