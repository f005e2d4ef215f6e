/**
 * Plan metrics: the analysed tree the UI renders, the pg.plan summary of spec/analysis-report.md, and
 * the findings of ./rules. Pure.
 *
 * Time accounting (inclusive and exclusive times, parallel processes, InitPlans, CTEs) is ./plan-time:
 * exclusive = inclusive less what ran inside the node elsewhere in the tree, clamped at 0 only against
 * EXPLAIN's rounding.
 */
import { sortFindings } from '../../../shared/findings'
import { parsed, type ParseResult } from '../parse-result'
import { parsePlan, type PlanSource } from './parse-plan'
import { isCte, rawExclusiveMs, setInclusiveTimes } from './plan-time'
import { PLAN_RULES } from './rules'
import type { AnalyzedNode, PlanAnalysis, PlanSummary, SpillSummary } from '../../../shared/plan'
import type { PlanBuffers, PlanDocument, PlanNode } from './types'

export type { AnalyzedNode, PlanAnalysis, PlanSummary, SpillSummary }

/** PostgreSQL's default block size: temp blocks -> kB. */
export const BLOCK_KB = 8

const round = (v: number, digits = 3): number => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}

export const nodeTitle = (n: PlanNode): string => {
  let t = n.label
  if (n.indexName && n.nodeType !== 'Bitmap Index Scan') t += ` using ${n.indexName}`
  const object =
    n.relation ?? n.cteName ?? n.functionName ?? (n.nodeType === 'Bitmap Index Scan' ? n.indexName : null)
  if (object) t += ` on ${object}`
  else if (n.alias) t += ` on ${n.alias}`
  if (object && n.alias && n.alias !== object) t += ` ${n.alias}`
  return t
}

/** Flatten in pre-order (the order EXPLAIN prints), with ids and times. */
const flatten = (root: PlanNode): AnalyzedNode[] => {
  const out: AnalyzedNode[] = []
  const walk = (node: PlanNode, parentId: number | null, depth: number, parallel: boolean): void => {
    const id = out.length
    out.push({
      id,
      parentId,
      childIds: [],
      depth,
      node,
      title: nodeTitle(node),
      parallel,
      inclusiveMs: null,
      exclusiveMs: null,
      percentOfTotal: null,
      totalRows: null,
      estimateFactor: null,
      estimateDirection: null,
      rowsRemoved: null,
      ownTempWritten: null,
      ioMs: null
    })
    if (parentId !== null) out[parentId]?.childIds.push(id)
    const gather = node.nodeType === 'Gather' || node.nodeType === 'Gather Merge'
    for (const c of node.children) walk(c, id, depth + 1, parallel || gather)
  }
  walk(root, null, 0, false)
  setInclusiveTimes(out)
  for (const a of out) {
    const n = a.node
    if (n.actualRows !== null && n.actualLoops !== null) a.totalRows = n.actualRows * n.actualLoops
  }
  return out
}

const tempWritten = (b: PlanBuffers | null): number => b?.tempWritten ?? 0

const computeNodeMetrics = (nodes: AnalyzedNode[], totalMs: number | null): void => {
  const rawExclusive = rawExclusiveMs(nodes)
  for (const a of nodes) {
    const n = a.node
    const children = a.childIds.map((id) => nodes[id]).filter((c): c is AnalyzedNode => c !== undefined)
    const ex = rawExclusive.get(a.id)
    if (ex !== undefined) a.exclusiveMs = Math.max(0, ex)
    if (!n.neverExecuted && n.planRows !== null && n.actualRows !== null && (n.actualLoops ?? 0) > 0) {
      const est = n.planRows
      const act = n.actualRows
      a.estimateFactor = round(Math.max(est, act) / Math.max(Math.min(est, act), 1), 2)
      a.estimateDirection = act > est ? 'under' : act < est ? 'over' : 'exact'
    }
    const removed = [n.rowsRemovedByFilter, n.rowsRemovedByJoinFilter, n.rowsRemovedByIndexRecheck].filter(
      (v): v is number => v !== null
    )
    // Rows Removed lines are per-loop averages, like Actual Rows.
    if (removed.length > 0)
      a.rowsRemoved = Math.round(removed.reduce((x, y) => x + y, 0) * Math.max(n.actualLoops ?? 1, 1))
    if (n.buffers)
      a.ownTempWritten = Math.max(
        0,
        tempWritten(n.buffers) -
          children.filter((c) => !isCte(c.node)).reduce((s, c) => s + tempWritten(c.node.buffers), 0)
      )
    if (n.ioReadMs !== null || n.ioWriteMs !== null) a.ioMs = round((n.ioReadMs ?? 0) + (n.ioWriteMs ?? 0))
  }
  for (const a of nodes) {
    if (a.inclusiveMs !== null) a.inclusiveMs = round(a.inclusiveMs)
    if (a.exclusiveMs !== null) {
      a.exclusiveMs = round(a.exclusiveMs)
      if (totalMs !== null && totalMs > 0) a.percentOfTotal = round((100 * a.exclusiveMs) / totalMs, 1)
    }
  }
}

/** Nodes that may legitimately stop before returning their estimate: under a Limit, the inner side of
 *  a semi/anti join, either side of a Merge Join, BitmapAnd/Or (which always report 0 rows). */
export const stoppedEarly = (nodes: AnalyzedNode[], a: AnalyzedNode): boolean => {
  if (a.node.nodeType === 'BitmapAnd' || a.node.nodeType === 'BitmapOr') return true
  let child = a
  let parent = a.parentId !== null ? nodes[a.parentId] : undefined
  while (parent) {
    const p = parent.node
    if (p.nodeType === 'Limit' || p.nodeType === 'Merge Join') return true
    if (['Semi', 'Anti'].includes(p.joinType ?? '') && child.node.parentRelationship === 'Inner') return true
    if (child.node.parentRelationship === 'InitPlan' || child.node.parentRelationship === 'SubPlan')
      return false
    child = parent
    parent = parent.parentId !== null ? nodes[parent.parentId] : undefined
  }
  return false
}

const spillsOf = (nodes: AnalyzedNode[]): SpillSummary[] => {
  const spills: SpillSummary[] = []
  const claimed = new Set<number>()
  for (const a of nodes) {
    const n = a.node
    const workerDisk = (pick: (w: PlanNode['workers'][number]) => number | null): number =>
      n.workers.reduce((s, w) => s + (pick(w) ?? 0), 0)
    if (
      (n.nodeType === 'Sort' || n.nodeType === 'Incremental Sort') &&
      (n.sortSpaceType === 'Disk' ||
        n.workers.some((w) => w.sortSpaceType === 'Disk') ||
        n.sortMethod?.startsWith('external'))
    ) {
      const own = n.sortSpaceType === 'Disk' ? (n.sortSpaceKb ?? 0) : 0
      spills.push({
        nodeId: a.id,
        nodeType: n.nodeType,
        kind: 'sort',
        diskKb: own + workerDisk((w) => (w.sortSpaceType === 'Disk' ? w.sortSpaceKb : 0))
      })
      claimed.add(a.id)
    } else if (n.nodeType === 'Hash' && (n.hashBatches ?? 1) > 1) {
      const join = a.parentId !== null ? nodes[a.parentId] : undefined
      const blocks = join?.node.buffers
        ? tempWritten(join.node.buffers)
        : n.buffers
          ? tempWritten(n.buffers)
          : null
      spills.push({
        nodeId: a.id,
        nodeType: n.nodeType,
        kind: 'hash',
        diskKb: blocks === null ? null : blocks * BLOCK_KB
      })
      claimed.add(a.id)
      if (join) claimed.add(join.id)
    } else if (
      n.nodeType === 'Aggregate' &&
      ((n.diskUsageKb ?? 0) > 0 || n.workers.some((w) => (w.diskUsageKb ?? 0) > 0))
    ) {
      spills.push({
        nodeId: a.id,
        nodeType: n.nodeType,
        kind: 'hashagg',
        diskKb: (n.diskUsageKb ?? 0) + workerDisk((w) => w.diskUsageKb)
      })
      claimed.add(a.id)
    } else if (n.storageType === 'Disk') {
      // PG 18 tuplestores (Material, CTE Scan, WindowAgg, Function Scan...): "Disk" means the tuplestore
      // outgrew work_mem and was written to a temporary file; Maximum Storage is then the disk it used.
      spills.push({ nodeId: a.id, nodeType: n.nodeType, kind: 'tuplestore', diskKb: n.maxStorageKb })
      claimed.add(a.id)
    }
  }
  for (const a of nodes) {
    // Temp files written by a node that is none of the above (Materialize, CTE Scan, WindowAgg...).
    if (
      !claimed.has(a.id) &&
      (a.ownTempWritten ?? 0) > 0 &&
      !['Gather', 'Gather Merge'].includes(a.node.nodeType)
    ) {
      spills.push({
        nodeId: a.id,
        nodeType: a.node.nodeType,
        kind: 'other',
        diskKb: (a.ownTempWritten ?? 0) * BLOCK_KB
      })
    }
  }
  return spills.sort((x, y) => x.nodeId - y.nodeId)
}

export const summarize = (doc: PlanDocument, nodes: AnalyzedNode[]): PlanSummary => {
  const analyzed = nodes.some((a) => a.node.actualLoops !== null)
  let slowest: AnalyzedNode | null = null
  let worst: AnalyzedNode | null = null
  let maxLoops: number | null = null
  let launched: number | null = null
  let planned: number | null = null
  for (const a of nodes) {
    if (a.exclusiveMs !== null && (slowest === null || a.exclusiveMs > (slowest.exclusiveMs ?? -1)))
      slowest = a
    if (a.estimateFactor !== null && (worst === null || a.estimateFactor > (worst.estimateFactor ?? 0)))
      worst = a
    if (a.node.actualLoops !== null) maxLoops = Math.max(maxLoops ?? 0, a.node.actualLoops)
    if (a.node.workersLaunched !== null) launched = Math.max(launched ?? 0, a.node.workersLaunched)
    if (a.node.workersPlanned !== null) planned = Math.max(planned ?? 0, a.node.workersPlanned)
  }
  const workerJit = nodes
    .flatMap((a) => a.node.workers.map((w) => w.jitMs))
    .filter((v): v is number => v !== null)
  const jitMs =
    doc.jit?.totalMs ?? (workerJit.length > 0 ? round(workerJit.reduce((x, y) => x + y, 0)) : null)
  const root = nodes[0]
  return {
    format: doc.format,
    analyzed,
    nodeCount: nodes.length,
    // Text plans print "Insert on t"; the spec's root type is the JSON one (ModifyTable).
    rootNodeType: doc.root.nodeType,
    planningTimeMs: doc.planningTimeMs,
    executionTimeMs: doc.executionTimeMs,
    slowestNode:
      slowest && analyzed
        ? {
            nodeId: slowest.id,
            nodeType: slowest.node.nodeType,
            relation: slowest.node.relation,
            exclusiveTimeMs: slowest.exclusiveMs ?? 0
          }
        : null,
    worstMisestimate:
      worst && analyzed && worst.node.planRows !== null && worst.node.actualRows !== null
        ? {
            nodeId: worst.id,
            nodeType: worst.node.nodeType,
            relation: worst.node.relation,
            estimatedRows: worst.node.planRows,
            actualRows: worst.node.actualRows,
            factor: worst.estimateFactor ?? 1,
            direction: worst.node.actualRows > worst.node.planRows ? 'under' : 'over'
          }
        : null,
    neverExecutedNodes: nodes.filter((a) => a.node.neverExecuted).length,
    maxLoops,
    spills: spillsOf(nodes),
    triggers: doc.triggers.map((t) => ({
      name: t.name || (t.constraint ? `for constraint ${t.constraint}` : 'trigger'),
      constraint: t.constraint,
      relation: t.relation,
      timeMs: t.timeMs,
      calls: t.calls
    })),
    jitMs,
    workersLaunched: launched,
    workersPlanned: planned,
    totalTimeMs: doc.executionTimeMs ?? root?.inclusiveMs ?? null,
    triggerTimeMs: doc.triggers.length > 0 ? round(doc.triggers.reduce((s, t) => s + t.timeMs, 0)) : null,
    settings: doc.settings
  }
}

/** Parsed document -> analysed tree, summary and findings. */
export const analyzeDocument = (doc: PlanDocument): PlanAnalysis => {
  const nodes = flatten(doc.root)
  const totalMs = doc.executionTimeMs ?? nodes[0]?.inclusiveMs ?? null
  computeNodeMetrics(nodes, totalMs)
  const summary = summarize(doc, nodes)
  const analysis: PlanAnalysis = { document: doc, nodes, summary, findings: [] }
  analysis.findings = sortFindings(PLAN_RULES.flatMap((rule) => rule(analysis)))
  return analysis
}

/** Pasted text -> the analysed plan, or why it could not be read. */
export const analyzePlan = (text: string, source: PlanSource = {}): ParseResult<PlanAnalysis> => {
  const doc = parsePlan(text, source)
  if (!doc.ok) return doc
  return parsed(analyzeDocument(doc.value))
}
