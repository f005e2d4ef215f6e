/**
 * pg.plan.misestimate: planned rows versus actual rows per loop, per executed node.
 * Threshold: factor >= 10 on a node that returned or expected >= 100 rows (warning; >= 1000: critical).
 * The seeds give no ratio (seed-catalogue §1 pg.plan.row-misestimate); 10x is where plan shapes flip
 * in practice (join method, parallelism), and the floor of 100 rows keeps tiny nodes quiet.
 * Checked against PG 15 fixtures; the fields exist from 9.0 to 18 (18: fractional rows).
 */
import { stoppedEarly } from '../analyze-plan'
import { fmt, nodeFinding, type PlanRule } from './helpers'

export const MISESTIMATE_FACTOR = 10
const MIN_ROWS = 100
const MAX_REPORTED = 3

export const misestimateRule: PlanRule = ({ nodes }) =>
  nodes
    .filter(
      (a) =>
        (a.estimateFactor ?? 0) >= MISESTIMATE_FACTOR &&
        Math.max(a.node.planRows ?? 0, a.node.actualRows ?? 0) >= MIN_ROWS
    )
    // Fewer rows than planned is expected where a parent stops reading early (LIMIT, semi join...).
    .filter((a) => !(a.estimateDirection === 'over' && stoppedEarly(nodes, a)))
    .sort((x, y) => (y.estimateFactor ?? 0) - (x.estimateFactor ?? 0) || x.id - y.id)
    .slice(0, MAX_REPORTED)
    .map((a) => {
      const est = a.node.planRows ?? 0
      const act = a.node.actualRows ?? 0
      const under = act > est
      const rel = a.node.relation
      return nodeFinding(
        nodes,
        a,
        'pg.plan.misestimate',
        (a.estimateFactor ?? 0) >= 1000 ? 'critical' : 'warning',
        `${a.title}: ${under ? 'under' : 'over'}estimated rows by ${fmt(a.estimateFactor ?? 0)}x`,
        `The planner expected ${fmt(est)} rows per loop and got ${fmt(act)} (${fmt(a.estimateFactor ?? 0)}x ${under ? 'more' : 'fewer'}). ` +
          `Plans above this node were chosen for the wrong row count. Try ANALYZE ${rel ?? 'on the tables below it'} to refresh statistics; ` +
          `if the filter combines correlated columns, CREATE STATISTICS (dependencies, mcv) on them; check pg_stats for the columns in the condition.`,
        {
          estimatedRows: est,
          actualRows: act,
          loops: a.node.actualLoops,
          factor: a.estimateFactor,
          direction: under ? 'under' : 'over'
        }
      )
    })
