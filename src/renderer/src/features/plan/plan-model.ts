import type { Finding } from '../../../../shared/findings'
import type { AnalyzedNode } from '../../../../shared/plan'

/** Rows of the tree in plan order: collapsed subtrees are hidden, and with a filter only matches and their ancestors. */
export const visibleNodes = (
  nodes: readonly AnalyzedNode[],
  collapsed: ReadonlySet<number>,
  only: ReadonlySet<number> | null = null
): AnalyzedNode[] => {
  const out: AnalyzedNode[] = []
  const hiddenUnder = new Set<number>()
  for (const n of nodes) {
    if (n.parentId !== null && hiddenUnder.has(n.parentId)) {
      hiddenUnder.add(n.id)
      continue
    }
    if (only !== null && !only.has(n.id)) continue
    out.push(n)
    if (collapsed.has(n.id)) hiddenUnder.add(n.id)
  }
  return out
}

/** Ids of the nodes whose type, label, relation, alias, index or CTE contains the query (case-insensitive). */
export const searchNodes = (nodes: readonly AnalyzedNode[], query: string): Set<number> | null => {
  const q = query.trim().toLowerCase()
  if (q === '') return null
  const hits = new Set<number>()
  for (const n of nodes) {
    const fields = [
      n.title,
      n.node.nodeType,
      n.node.label,
      n.node.relation,
      n.node.alias,
      n.node.indexName,
      n.node.cteName,
      n.node.functionName,
      n.node.subplanName
    ]
    if (fields.some((f) => f !== null && f.toLowerCase().includes(q))) hits.add(n.id)
  }
  return hits
}

/** Matches plus every ancestor, so filtered rows keep their place in the tree. */
export const withAncestors = (nodes: readonly AnalyzedNode[], ids: ReadonlySet<number>): Set<number> => {
  const out = new Set<number>()
  for (const id of ids) {
    let at: number | null = id
    while (at !== null && !out.has(at)) {
      out.add(at)
      at = nodes[at]?.parentId ?? null
    }
  }
  return out
}

/** Ancestors of a node: expanding them makes it visible. */
export const ancestorsOf = (nodes: readonly AnalyzedNode[], id: number): number[] => {
  const out: number[] = []
  let at = nodes[id]?.parentId ?? null
  while (at !== null) {
    out.push(at)
    at = nodes[at]?.parentId ?? null
  }
  return out
}

const TARGET_ID = /^#(\d+)\s/

/**
 * The node a finding is about. pg.plan rules put `evidence.nodeId` (or `nodeIds`) and a target
 * "#3 Seq Scan on t"; older or other rules may carry only a title, matched against node titles.
 */
export const nodeIdForFinding = (finding: Finding, nodes: readonly AnalyzedNode[]): number | null => {
  const valid = (id: unknown): id is number =>
    typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < nodes.length
  const { nodeId, nodeIds } = finding.evidence
  if (valid(nodeId)) return nodeId
  if (Array.isArray(nodeIds) && valid(nodeIds[0])) return nodeIds[0]
  const target = finding.target
  if (target === null) return null
  const hashed = TARGET_ID.exec(target)
  if (hashed !== null && valid(Number(hashed[1]))) return Number(hashed[1])
  const exact = nodes.find((n) => n.title === target)
  if (exact !== undefined) return exact.id
  const loose = nodes.find((n) => target.includes(n.title))
  return loose?.id ?? null
}

/** Estimate factor as read by a DBA: "×100 under", "×2.4 over", "exact". */
export const estimateLabel = (node: AnalyzedNode): string | null => {
  if (node.estimateFactor === null || node.estimateDirection === null) return null
  if (node.estimateDirection === 'exact') return 'exact'
  const f = node.estimateFactor
  const text = f >= 100 ? f.toFixed(0) : f >= 10 ? f.toFixed(1) : f.toFixed(2)
  return `×${text} ${node.estimateDirection}`
}

/** The misestimate factor the rules treat as harmful (pg.plan.misestimate uses 10x). */
export const BAD_ESTIMATE_FACTOR = 10

/** The bar length in a row: a share of the total, clamped to 0..100 (parallel plans can exceed 100%). */
export const barPercent = (percent: number | null): number =>
  percent === null || !Number.isFinite(percent) ? 0 : Math.max(0, Math.min(100, percent))
