/**
 * pg.plan.nested-loop-large: a Nested Loop whose inner side ran >= 10,000 times, or that produced
 * > 100,000 rows. The seed's code rule is "> 100000" rows (seed-catalogue §1, 004:6419-6422); the loop
 * count is added because it is what makes the inner side expensive. Checked against PG 15 fixtures.
 */
import { fmt, nodeFinding, type PlanRule } from './helpers'

export const NESTED_LOOP_INNER_LOOPS = 10_000
export const NESTED_LOOP_ROWS = 100_000

export const nestedLoopRule: PlanRule = ({ nodes }) =>
  nodes
    .filter((a) => a.node.nodeType === 'Nested Loop' && !a.node.neverExecuted)
    .map((a) => {
      const inner =
        a.childIds.map((id) => nodes[id]).filter((c) => c && c.node.parentRelationship === 'Inner')[0] ??
        nodes[a.childIds[1] ?? -1]
      const innerLoops = inner?.node.actualLoops ?? 0
      const rows = a.totalRows ?? 0
      if (innerLoops < NESTED_LOOP_INNER_LOOPS && rows <= NESTED_LOOP_ROWS) return null
      // A Memoize that answers most loops from its cache is the cheap kind of nested loop.
      if (inner?.node.nodeType === 'Memoize' && (inner.node.cacheHits ?? 0) >= 0.9 * innerLoops) return null
      if (inner?.inclusiveMs != null && inner.inclusiveMs < 1) return null
      return nodeFinding(
        nodes,
        a,
        'pg.plan.nested-loop-large',
        'warning',
        `${a.title}: inner side ran ${fmt(innerLoops)} times`,
        `The inner side (${inner ? inner.title : 'unknown'}) was executed ${fmt(innerLoops)} times and the join produced ${fmt(rows)} rows` +
          `${inner?.inclusiveMs != null ? `, spending ${fmt(inner.inclusiveMs)} ms there` : ''}. A nested loop is right for a few outer rows; for this many, ` +
          `check the outer row estimate (a misestimate usually causes this), index the inner join column, or see whether a hash join wins (SET enable_nestloop = off in a session, to compare only).`,
        { innerNodeId: inner?.id ?? null, innerLoops, rows, innerTimeMs: inner?.inclusiveMs ?? null }
      )
    })
    .filter((f) => f !== null)
