import type { AnalyzedNode, PlanAnalysis } from '../../../../shared/plan'

export type Trend = 'faster' | 'slower' | 'same' | 'unknown'
export type MatchedBy = 'path' | 'relation' | 'type' | null

export interface CompareRow {
  before: AnalyzedNode | null
  after: AnalyzedNode | null
  matchedBy: MatchedBy
  timeTrend: Trend
  rowsChanged: boolean
}

/** Below this difference two times are the same, whatever the ratio (timer noise). */
const MIN_DIFF_MS = 0.05
const RATIO = 1.1

export const trendOf = (before: number | null, after: number | null): Trend => {
  if (before === null || after === null) return 'unknown'
  if (Math.abs(after - before) < MIN_DIFF_MS) return 'same'
  if (after * RATIO <= before) return 'faster'
  if (after >= before * RATIO) return 'slower'
  return 'same'
}

const rowsDiffer = (a: number | null, b: number | null): boolean => {
  if (a === null || b === null) return false
  return Math.max(a, b) > Math.max(Math.min(a, b), 1) * RATIO
}

const label = (n: AnalyzedNode): string => `${n.node.nodeType}:${n.node.relation ?? ''}`

/** Path keys like "/Aggregate:#0/Hash Join:#0/Seq Scan:orders#0": type and relation, ordinal among like siblings. */
export const pathKeys = (nodes: readonly AnalyzedNode[]): string[] => {
  const keys: string[] = []
  for (const n of nodes) {
    const parentKey = n.parentId === null ? '' : (keys[n.parentId] ?? '')
    const siblings = n.parentId === null ? [n] : (nodes[n.parentId]?.childIds ?? []).map((id) => nodes[id])
    const ordinal = siblings.filter((s) => s !== undefined && s.id < n.id && label(s) === label(n)).length
    keys[n.id] = `${parentKey}/${label(n)}#${ordinal}`
  }
  return keys
}

/**
 * Pairs the nodes of two plans of the same query (before/after an index): first by path, then the
 * leftovers by relation (a Seq Scan that became an Index Scan), then by type at the same depth.
 */
export const matchNodes = (
  before: readonly AnalyzedNode[],
  after: readonly AnalyzedNode[]
): { pairs: Map<number, { after: number; by: Exclude<MatchedBy, null> }>; unmatchedAfter: number[] } => {
  const pairs = new Map<number, { after: number; by: Exclude<MatchedBy, null> }>()
  const taken = new Set<number>()
  const afterByKey = new Map<string, number>()
  pathKeys(after).forEach((k, id) => afterByKey.set(k, id))
  pathKeys(before).forEach((k, id) => {
    const hit = afterByKey.get(k)
    if (hit !== undefined && !taken.has(hit)) {
      pairs.set(id, { after: hit, by: 'path' })
      taken.add(hit)
    }
  })
  const pass = (by: 'relation' | 'type', same: (b: AnalyzedNode, a: AnalyzedNode) => boolean): void => {
    for (const b of before) {
      if (pairs.has(b.id)) continue
      const a = after.find((x) => !taken.has(x.id) && same(b, x))
      if (a === undefined) continue
      pairs.set(b.id, { after: a.id, by })
      taken.add(a.id)
    }
  }
  pass('relation', (b, a) => b.node.relation !== null && b.node.relation === a.node.relation)
  pass('type', (b, a) => b.node.nodeType === a.node.nodeType && b.depth === a.depth)
  return { pairs, unmatchedAfter: after.filter((a) => !taken.has(a.id)).map((a) => a.id) }
}

export const compareNodes = (before: PlanAnalysis, after: PlanAnalysis): CompareRow[] => {
  const { pairs, unmatchedAfter } = matchNodes(before.nodes, after.nodes)
  const rows: CompareRow[] = before.nodes.map((b) => {
    const pair = pairs.get(b.id)
    const a = pair === undefined ? null : (after.nodes[pair.after] ?? null)
    return {
      before: b,
      after: a,
      matchedBy: pair?.by ?? null,
      timeTrend: a === null ? 'unknown' : trendOf(b.exclusiveMs, a.exclusiveMs),
      rowsChanged: a !== null && rowsDiffer(b.totalRows, a.totalRows)
    }
  })
  for (const id of unmatchedAfter) {
    const a = after.nodes[id]
    if (a !== undefined)
      rows.push({ before: null, after: a, matchedBy: null, timeTrend: 'unknown', rowsChanged: false })
  }
  return rows
}

export interface CompareTotal {
  label: string
  before: number | null
  after: number | null
  unit: 'ms' | 'count' | 'blocks'
  trend: Trend
}

/** The root's buffer counters cover the whole plan (BUFFERS adds the children's into every parent). */
const rootBuffers = (p: PlanAnalysis) => p.nodes[0]?.node.buffers ?? null

/** Plan-level numbers side by side; for every one of them lower is better. */
export const compareTotals = (before: PlanAnalysis, after: PlanAnalysis): CompareTotal[] => {
  const total = (
    label: string,
    unit: CompareTotal['unit'],
    get: (p: PlanAnalysis) => number | null
  ): CompareTotal => {
    const b = get(before)
    const a = get(after)
    return { label, before: b, after: a, unit, trend: unit === 'ms' ? trendOf(b, a) : countTrend(b, a) }
  }
  return [
    total('Execution time', 'ms', (p) => p.summary.executionTimeMs),
    total('Planning time', 'ms', (p) => p.summary.planningTimeMs),
    total('Slowest node (exclusive)', 'ms', (p) => p.summary.slowestNode?.exclusiveTimeMs ?? null),
    total('Nodes', 'count', (p) => p.summary.nodeCount),
    total('Shared blocks hit (cache)', 'blocks', (p) => rootBuffers(p)?.sharedHit ?? null),
    total('Shared blocks read (disk or OS cache)', 'blocks', (p) => rootBuffers(p)?.sharedRead ?? null),
    total('Temp blocks written (spills)', 'blocks', (p) => rootBuffers(p)?.tempWritten ?? null),
    total('Findings', 'count', (p) => p.findings.length)
  ]
}

const countTrend = (b: number | null, a: number | null): Trend => {
  if (b === null || a === null) return 'unknown'
  if (a === b) return 'same'
  return a < b ? 'faster' : 'slower'
}

/**
 * How a total changed, in words that cannot contradict themselves: times as a factor ("3.2x faster",
 * "down to 0 ms"), counts as a difference ("12 fewer", "3 more"), nothing when equal or unknown.
 */
export const changeText = (t: Pick<CompareTotal, 'unit' | 'before' | 'after'>): string => {
  const { before, after } = t
  if (before === null || after === null || before === after) return ''
  if (t.unit !== 'ms') {
    const diff = after - before
    return `${Math.abs(diff).toLocaleString('en-US')} ${diff < 0 ? 'fewer' : 'more'}`
  }
  if (trendOf(before, after) === 'same') return 'about the same'
  if (after === 0) return 'down to 0 ms'
  if (before === 0) return 'up from 0 ms'
  return after < before ? `${(before / after).toFixed(1)}x faster` : `${(after / before).toFixed(1)}x slower`
}
