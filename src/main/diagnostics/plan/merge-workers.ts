/**
 * One entry per parallel worker. PostgreSQL 11 and 12 print each worker of a node twice under
 * EXPLAIN (ANALYZE, VERBOSE): show_sort_info writes `Worker 0:  Sort Method: ...` and the per-worker
 * instrumentation then writes `Worker 0: actual time=...` (in JSON, two "Workers" arrays on the same
 * node). PostgreSQL 13 gathered them into one group per worker. Pure.
 */
import type { PlanNode, PlanWorker } from './types'

/** The copies of a worker folded into one: each field from the first copy that has it. */
export const mergeWorkers = (workers: readonly PlanWorker[]): PlanWorker[] => {
  const byNumber = new Map<number, PlanWorker>()
  for (const w of workers) {
    const seen = byNumber.get(w.number)
    if (!seen) {
      byNumber.set(w.number, { ...w })
      continue
    }
    for (const key of Object.keys(w) as (keyof PlanWorker)[])
      if (seen[key] === null && w[key] !== null) Object.assign(seen, { [key]: w[key] })
  }
  return [...byNumber.values()]
}

export const mergeWorkersInTree = (root: PlanNode): void => {
  const stack = [root]
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.workers.length > 1) n.workers = mergeWorkers(n.workers)
    stack.push(...n.children)
  }
}
