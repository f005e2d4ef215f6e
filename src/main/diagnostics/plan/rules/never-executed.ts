/**
 * pg.plan.never-executed (info): nodes with "(never executed)" / Actual Loops 0. Not a problem in
 * itself; their estimates cannot be checked. Also pg.plan.not-analyzed (info) for a plan without
 * actual rows: the runtime rules could not evaluate.
 */
import { finding, nodeSubject, targetOf, type PlanRule } from './helpers'

export const neverExecutedRule: PlanRule = ({ nodes, summary }) => {
  if (!summary.analyzed) {
    return [
      finding(
        'pg.plan.not-analyzed',
        'info',
        'Plan without ANALYZE: could not evaluate misestimates, spills, loops or timing',
        'This is an estimate-only plan (EXPLAIN without ANALYZE). Run EXPLAIN (ANALYZE, BUFFERS) on a SELECT to see actual rows and time; for INSERT/UPDATE/DELETE that executes the statement, so it is a guarded action.',
        null,
        { nodeCount: summary.nodeCount }
      )
    ]
  }
  const never = nodes.filter((a) => a.node.neverExecuted)
  const first = never[0]
  if (!first) return []
  return [
    {
      ...finding(
        'pg.plan.never-executed',
        'info',
        `${never.length} plan node${never.length === 1 ? ' was' : 's were'} never executed`,
        `${never.map(targetOf).join('; ')} did no work in this run (an earlier node returned no rows or a condition made them unnecessary). Their row estimates could not be checked.`,
        targetOf(first),
        { nodeIds: never.map((a) => a.id), count: never.length }
      ),
      // The first of them: the one the target names.
      subject: nodeSubject(nodes, first)
    }
  ]
}
