/**
 * Time accounting of an analysed plan tree: each node's inclusive time and the raw (unclamped) exclusive
 * time, so that nothing is counted twice and the exclusive times add up to the root's. Pure.
 *
 * What EXPLAIN ANALYZE reports (PostgreSQL instrument.c / explain.c):
 * - `actual time` is per loop: the node's total over every process that ran it, divided by `loops`.
 *   Below a Gather / Gather Merge each worker's counters are added into the leader's (InstrAggNode), so
 *   `loops` counts every process's executions (workers + the leader when it takes part) and
 *   time x loops is the time summed over those processes. VERBOSE adds each worker's own
 *   `Worker N: actual time ... loops` line; the leader's share is the rest.
 * - So below a Gather the product is divided by the processes that ran the Gather's subtree: it becomes
 *   the average process's time, which is the share of the Gather's wall-clock time. The divisor is the
 *   same for EVERY node below that Gather, including nodes that only some processes ran (the children
 *   of a Parallel Append, a Bitmap Index Scan that one process builds under a Parallel Bitmap Heap Scan,
 *   a node a process never reached): within each process a node's time contains its children's, so the
 *   sums over the processes nest the same way and children never exceed their parent.
 * - An InitPlan runs where its output parameter is first needed, not in the node it is attached to:
 *   the node whose condition reads `$0` (PG <= 16) or `(InitPlan 1).col1` (PG 17+), and when that node is
 *   below a Gather, the Gather itself, which evaluates it before starting its workers ("Params
 *   Evaluated"). Its time is taken off that node. A SubPlan is listed under the node whose expressions
 *   call it and runs there, except a MULTIEXPR SubPlan that returns parameters, which is placed like an
 *   InitPlan. A CTE runs inside the CTE Scans that read it, so its time is taken off those scans.
 */
import type { AnalyzedNode, PlanNode } from '../../../shared/plan'

const isGather = (n: PlanNode): boolean => n.nodeType === 'Gather' || n.nodeType === 'Gather Merge'
export const isCte = (n: PlanNode): boolean => n.subplanName?.startsWith('CTE ') === true
const isInitOrSub = (n: PlanNode): boolean =>
  n.parentRelationship === 'InitPlan' || n.parentRelationship === 'SubPlan'

/** The output parameters of an InitPlan (or of a MULTIEXPR SubPlan): "InitPlan 1 (returns $0,$1)". */
const paramsOf = (n: PlanNode): string[] =>
  [...(/\(returns ([^)]*)\)/.exec(n.subplanName ?? '')?.[1] ?? '').matchAll(/\$\d+/g)].map((m) => m[0])

/** Placed by its parameters (an InitPlan, a SubPlan returning $N), not by the node it hangs from. */
const placedByParams = (n: PlanNode): boolean =>
  !isCte(n) &&
  (n.parentRelationship === 'InitPlan' || (n.parentRelationship === 'SubPlan' && paramsOf(n).length > 0))

/** Whether the node's time is taken off the node it hangs from (CTEs and InitPlans go elsewhere). */
export const isChargedToParent = (n: PlanNode): boolean => !isCte(n) && !placedByParams(n)

const conditions = (n: PlanNode): string =>
  [n.filter, n.indexCond, n.recheckCond, n.joinFilter, n.hashCond, n.mergeCond]
    .filter((c): c is string => c !== null)
    .join('\n')

/** "$0" but not "$01"; "(InitPlan 1)" as PG 17 prints the reference. */
const referencePatterns = (n: PlanNode): RegExp[] => {
  const own = /^(InitPlan|SubPlan) (\d+)/.exec(n.subplanName ?? '')
  return [
    ...paramsOf(n).map((p) => new RegExp(`\\${p}(?!\\d)`)),
    ...(own ? [new RegExp(`\\(${own[1] ?? ''} ${own[2] ?? ''}\\)`)] : [])
  ]
}

/**
 * Processes that ran a Gather's subtree: the workers launched, plus the leader unless it stayed out
 * (parallel_leader_participation = off, Single Copy): then the subtree's top ran once per worker.
 */
export const gatherProcesses = (nodes: readonly AnalyzedNode[], gather: AnalyzedNode): number => {
  const launched = gather.node.workersLaunched ?? 0
  const top = gather.childIds.map((id) => nodes[id]).find((c) => c && !isInitOrSub(c.node))
  const loops = top?.node.actualLoops ?? null
  const gatherLoops = Math.max(gather.node.actualLoops ?? 1, 1)
  if (launched > 0 && loops === launched * gatherLoops) return launched
  return launched + 1
}

/** Each node's inclusive time (unrounded): time x loops, over the processes below a Gather. */
export const setInclusiveTimes = (nodes: AnalyzedNode[]): void => {
  const processes = new Map<number, number>()
  for (const a of nodes) {
    const parent = a.parentId !== null ? nodes[a.parentId] : undefined
    const p = parent
      ? isGather(parent.node)
        ? gatherProcesses(nodes, parent)
        : (processes.get(parent.id) ?? 1)
      : 1
    processes.set(a.id, p)
    const n = a.node
    if (n.neverExecuted) a.inclusiveMs = 0
    else if (n.actualTotalMs !== null && n.actualLoops !== null)
      a.inclusiveMs = (n.actualTotalMs * n.actualLoops) / p
  }
}

/** Descendants of `id` in execution order: the outer side first, a node after the nodes it reads. */
const postOrder = (nodes: readonly AnalyzedNode[], id: number, skip: number): number[] => {
  const out: number[] = []
  const visit = (at: number): void => {
    if (at === skip) return
    for (const c of nodes[at]?.childIds ?? []) visit(c)
    out.push(at)
  }
  visit(id)
  return out
}

/** The node whose time contains an InitPlan's: the first one to read its parameter, or its owner. */
export const evaluatorOf = (nodes: readonly AnalyzedNode[], sub: AnalyzedNode): number => {
  const owner = sub.parentId
  if (owner === null) return sub.id
  const patterns = referencePatterns(sub.node)
  const reads = (id: number): boolean => {
    const text = conditions(nodes[id]?.node ?? sub.node)
    return text !== '' && patterns.some((re) => re.test(text))
  }
  if (patterns.length === 0 || reads(owner)) return owner
  const first = postOrder(nodes, owner, sub.id).find(reads)
  if (first === undefined) return owner
  // A Gather between the owner and the reader evaluated it for its workers.
  let evaluator = first
  for (let at = nodes[first]; at && at.id !== owner; at = nodes[at.parentId ?? -1])
    if (isGather(at.node)) evaluator = at.id
  return evaluator
}

/** Raw exclusive time per node id: inclusive less what ran inside it elsewhere; may be < 0 (rounding). */
export const rawExclusiveMs = (nodes: readonly AnalyzedNode[]): Map<number, number> => {
  const raw = new Map<number, number>()
  for (const a of nodes) if (a.inclusiveMs !== null) raw.set(a.id, a.inclusiveMs)
  const takeOff = (id: number, ms: number | null): void => {
    const v = raw.get(id)
    if (v !== undefined && ms !== null) raw.set(id, v - ms)
  }
  const cteRemaining = new Map<string, number>()
  for (const a of nodes) {
    if (isCte(a.node)) {
      if (a.inclusiveMs !== null) cteRemaining.set(a.node.subplanName?.slice(4) ?? '', a.inclusiveMs)
    } else if (a.parentId !== null) {
      takeOff(placedByParams(a.node) ? evaluatorOf(nodes, a) : a.parentId, a.inclusiveMs)
    }
  }
  // The first CTE Scans to read a CTE ran it: take its time off them, in plan order.
  for (const a of nodes) {
    const name = a.node.cteName
    const ex = raw.get(a.id)
    if (a.node.nodeType !== 'CTE Scan' || name === null || ex === undefined) continue
    const left = cteRemaining.get(name) ?? 0
    const take = Math.min(left, Math.max(ex, 0))
    raw.set(a.id, ex - take)
    cteRemaining.set(name, left - take)
  }
  return raw
}
