/**
 * pg.plan.planning-time: planning took longer than execution and at least 10 ms (below that the
 * comparison is noise for short queries). Our threshold. Fields: "Planning Time" (PG 10+) /
 * "Planning time" (9.4-9.6).
 */
import { finding, fmt, type PlanRule } from './helpers'

export const MIN_PLANNING_MS = 10

export const planningTimeRule: PlanRule = ({ summary }) => {
  const p = summary.planningTimeMs
  const e = summary.executionTimeMs
  if (p === null || e === null || p < MIN_PLANNING_MS || p <= e) return []
  return [
    finding(
      'pg.plan.planning-time',
      p >= 100 ? 'warning' : 'info',
      `Planning (${fmt(p)} ms) took longer than execution (${fmt(e)} ms)`,
      `The planner spent ${fmt(p)} ms, execution ${fmt(e)} ms. If this query runs often, use a prepared statement (plan once), ` +
        `reduce the partitions it has to consider (prune on the partition key), or lower join_collapse_limit / from_collapse_limit for very wide joins.`,
      null,
      { planningTimeMs: p, executionTimeMs: e }
    )
  ]
}
