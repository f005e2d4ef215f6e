import type { Finding, FindingSubject, Severity } from '../../../../shared/findings'
import type { AnalyzedNode, PlanAnalysis } from '../analyze-plan'
import { finding } from '../../finding'

/** A plan rule: the analysed plan in, findings out. Pure. */
export type PlanRule = (plan: PlanAnalysis) => Finding[]

/** "#3 Seq Scan on plan_orders": the node id is the one the UI tree uses. */
export const targetOf = (a: AnalyzedNode): string => `#${a.id} ${a.title}`

export const nodeEvidence = (a: AnalyzedNode): Record<string, unknown> => ({
  nodeId: a.id,
  nodeType: a.node.nodeType,
  relation: a.node.relation
})

/** Child indexes from the root down to `a` ([] for the root): how the views find the node. */
export const nodePath = (nodes: readonly AnalyzedNode[], a: AnalyzedNode): number[] => {
  const path: number[] = []
  for (let at = a; at.parentId !== null;) {
    const parent = nodes[at.parentId]
    if (!parent) break
    path.unshift(parent.childIds.indexOf(at.id))
    at = parent
  }
  return path
}

/** The plan node a finding is about: "Seq Scan on plan_orders" at its path. */
export const nodeSubject = (nodes: readonly AnalyzedNode[], a: AnalyzedNode): FindingSubject => ({
  kind: 'plan-node',
  name: a.node.relation === null ? a.node.nodeType : `${a.node.nodeType} on ${a.node.relation}`,
  path: nodePath(nodes, a)
})

/** A finding about one node: its target, its identity in the evidence and its subject. */
export const nodeFinding = (
  nodes: readonly AnalyzedNode[],
  a: AnalyzedNode,
  rule: string,
  severity: Severity,
  title: string,
  detail: string,
  evidence: Record<string, unknown>
): Finding => ({
  ...finding(rule, severity, title, detail, targetOf(a), { ...nodeEvidence(a), ...evidence }),
  subject: nodeSubject(nodes, a)
})

export { finding }

export const fmt = (v: number): string =>
  Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 3 })

/** Column names in a filter expression: identifiers that are not literals, casts, keywords or calls. */
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'is',
  'null',
  'true',
  'false',
  'any',
  'all',
  'some',
  'like',
  'ilike',
  'in',
  'between',
  'similar',
  'to',
  'distinct',
  'from',
  'hashed',
  'subplan',
  'initplan',
  'case',
  'when',
  'then',
  'else',
  'end',
  'array',
  'row',
  'escape',
  'unknown',
  'at',
  'time',
  'zone',
  'collate',
  'returns'
])
export const filterColumns = (expr: string | null): string[] => {
  if (!expr) return []
  const cleaned = expr
    .replace(/'(?:[^']|'')*'/g, ' ')
    .replace(/::\s*(?:"[^"]+"|[\w.]+)(?:\s+(?:varying|precision|with(?:out)? time zone))?(?:\[\])*/g, ' ')
    .replace(/\$\d+/g, ' ')
  const out: string[] = []
  for (const m of cleaned.matchAll(
    /(?:"((?:[^"]|"")+)"|([A-Za-z_][\w$]*))(?:\.(?:"((?:[^"]|"")+)"|([A-Za-z_][\w$]*)))?(\s*\()?/g
  )) {
    if (m[5]) continue
    const name = m[3] ?? m[4] ?? m[1] ?? m[2] ?? ''
    if (name === '' || KEYWORDS.has(name.toLowerCase()) || /^\d/.test(name)) continue
    if (!out.includes(name)) out.push(name)
  }
  return out
}
