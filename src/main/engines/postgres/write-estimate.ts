/**
 * The planner's estimate for an UPDATE/DELETE/INSERT, from `EXPLAIN (FORMAT JSON)`. The root of such a
 * plan is a ModifyTable node whose `Plan Rows` is 0 (it returns nothing without RETURNING): the rows
 * touched are those of the node that feeds it.
 */
export interface WriteEstimate {
  rows: number | null
  cost: number | null
  topNode: string | null
}

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] }

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null)

/** The first ModifyTable node, depth first: a WITH ... may put it below the root. */
const findModifyTable = (node: PlanNode): PlanNode | undefined => {
  if (node['Node Type'] === 'ModifyTable') return node
  for (const child of node.Plans ?? []) {
    const found = findModifyTable(child)
    if (found) return found
  }
  return undefined
}

/** The input of a ModifyTable: its child that is not an InitPlan/SubPlan computing a value for it. */
const inputOf = (modify: PlanNode): PlanNode | undefined => {
  const children = modify.Plans ?? []
  return (
    children.find((c) => !['InitPlan', 'SubPlan'].includes(String(c['Parent Relationship']))) ?? children[0]
  )
}

export const writeEstimate = (explainJson: unknown): WriteEstimate => {
  const root = Array.isArray(explainJson)
    ? (explainJson[0] as { Plan?: PlanNode } | undefined)?.Plan
    : undefined
  if (root === undefined) return { rows: null, cost: null, topNode: null }
  const modify = findModifyTable(root)
  const feeding = modify ? (inputOf(modify) ?? modify) : root
  return {
    rows: num(feeding['Plan Rows']),
    cost: num(root['Total Cost']),
    topNode: typeof root['Node Type'] === 'string' ? root['Node Type'] : null
  }
}
