/**
 * `explain()` output of find / aggregate / count / distinct, any verbosity (queryPlanner,
 * executionStats, allPlansExecution), unsharded or through mongos, classic or SBE, MongoDB 3.0 to 8.0.
 *
 * Shapes handled (from the MongoDB manual's explain-results pages for each version):
 * - classic find: queryPlanner.winningPlan { stage, inputStage | inputStages }, executionStats.executionStages
 * - SBE (explainVersion "2", 5.0+/6.0+): winningPlan { queryPlan, slotBasedPlan }; executionStages is the
 *   slot-based tree, so per-stage facts come from queryPlan and the totals from executionStats
 * - aggregate: { stages: [{ $cursor: { queryPlanner, executionStats } }, { $lookup, ... }] } (3.x-8.x), or
 *   the fully pushed-down form with top-level queryPlanner (5.0+)
 * - sharded: winningPlan { stage: SHARD_MERGE | SINGLE_SHARD | SHARD_MERGE_SORT, shards: [...] } and
 *   aggregate { splitPipeline, shards: { name: {...} } }
 * Stage names are kept as the server prints them (COLLSCAN, IXSCAN, EXPRESS_IXSCAN, CLUSTERED_IXSCAN,
 * COUNT_SCAN, EQ_LOOKUP...).
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import {
  asArray,
  asDoc,
  asNumber,
  asString,
  docs,
  get,
  isDoc,
  num,
  str,
  type MongoDoc,
  type MongoValue
} from './mongo-value'

export interface PlanNode {
  stage: string
  /** Shard the node ran on, for sharded plans. */
  shard: string | null
  nReturned: number | null
  docsExamined: number | null
  keysExamined: number | null
  timeMsEstimate: number | null
  filter: MongoValue | null
  indexName: string | null
  keyPattern: MongoValue | null
  /** SORT facts when present (memory used, bytes sorted, spilled to disk). */
  sortBytes: number | null
  usedDisk: boolean | null
  /** SBE EQ_LOOKUP (7.0+): the join strategy the engine chose and the foreign side. */
  lookup: { strategy: string | null; from: string | null; foreignField: string | null } | null
  children: PlanNode[]
  /** The stage document as parsed (children included), for views that list every field. */
  raw: MongoDoc | null
}

export interface PipelineStage {
  name: string
  spec: MongoValue
  nReturned: number | null
  timeMsEstimate: number | null
  docsExamined: number | null
  collectionScans: number | null
  indexesUsed: string[] | null
  usedDisk: boolean | null
}

export interface ParsedExplain {
  command: 'find' | 'aggregate' | 'count' | 'distinct' | 'update' | 'delete' | 'unknown'
  namespace: string | null
  explainVersion: string | null
  engine: 'classic' | 'sbe'
  sharded: boolean
  shardNames: string[]
  /** The winning plan (the query layer), or null when the input carries none (e.g. a mongos aggregate). */
  winningPlan: PlanNode | null
  /** Executed tree when executionStats are present and classic (SBE's slot tree is not comparable). */
  executionPlan: PlanNode | null
  pipeline: PipelineStage[]
  hasExecutionStats: boolean
  nReturned: number | null
  totalDocsExamined: number | null
  totalKeysExamined: number | null
  executionTimeMs: number | null
  rejectedPlans: number
  /** The rejected plans themselves, per shard where sharded (their count is rejectedPlans). */
  rejectedPlanTrees: PlanNode[]
  mergeType: string | null
  serverVersion: string | null
}

const CHILD_KEYS = ['inputStage', 'outerStage', 'innerStage', 'thenStage', 'elseStage'] as const

const toNode = (raw: MongoDoc, shard: string | null, depth = 0): PlanNode | null => {
  if (depth > 200) return null
  // SBE wraps the classic-looking tree in queryPlan.
  const q = asDoc(raw.queryPlan)
  if (q && typeof raw.stage !== 'string') return toNode(q, shard, depth + 1)
  const stage = asString(raw.stage)
  if (stage === null) return null
  const children: PlanNode[] = []
  for (const key of CHILD_KEYS) {
    const child = asDoc(raw[key])
    if (child) {
      const n = toNode(child, shard, depth + 1)
      if (n) children.push(n)
    }
  }
  for (const child of docs(raw.inputStages)) {
    const n = toNode(child, shard, depth + 1)
    if (n) children.push(n)
  }
  for (const s of docs(raw.shards)) {
    const name = asString(s.shardName) ?? shard
    const inner = asDoc(s.winningPlan) ?? asDoc(s.executionStages)
    const n = inner ? toNode(inner, name, depth + 1) : null
    if (n) children.push(n)
  }
  return {
    stage,
    shard,
    nReturned: asNumber(raw.nReturned),
    docsExamined: asNumber(raw.docsExamined),
    keysExamined: asNumber(raw.keysExamined),
    timeMsEstimate: asNumber(raw.executionTimeMillisEstimate) ?? asNumber(raw.executionTimeMillis),
    filter: raw.filter ?? null,
    indexName: asString(raw.indexName),
    keyPattern: raw.keyPattern ?? null,
    sortBytes: asNumber(raw.totalDataSizeSorted) ?? asNumber(raw.memUsage),
    usedDisk: typeof raw.usedDisk === 'boolean' ? raw.usedDisk : null,
    lookup:
      stage === 'EQ_LOOKUP'
        ? {
            strategy: asString(raw.strategy),
            from: asString(raw.foreignCollection),
            foreignField: asString(raw.foreignField)
          }
        : null,
    children,
    raw
  }
}

/** Pre-order: the node, then its children first child first; `path` is child indexes from `node`. */
export const walkPlan = (
  node: PlanNode | null,
  visit: (n: PlanNode, parent: PlanNode | null, path: number[]) => void
): void => {
  if (!node) return
  const stack: { n: PlanNode; p: PlanNode | null; path: number[] }[] = [{ n: node, p: null, path: [] }]
  while (stack.length) {
    const { n, p, path } = stack.pop() as { n: PlanNode; p: PlanNode | null; path: number[] }
    visit(n, p, path)
    for (let i = n.children.length - 1; i >= 0; i--)
      stack.push({ n: n.children[i] as PlanNode, p: n, path: [...path, i] })
  }
}

/** The tree the explain view draws (explain-tree.ts): executed stages when there are any, else the plan. */
export const drawnPlan = (e: ParsedExplain): PlanNode | null => e.executionPlan ?? e.winningPlan

const pipelineOf = (stages: MongoDoc[]): PipelineStage[] =>
  stages.flatMap((s) => {
    const name = Object.keys(s).find((k) => k.startsWith('$'))
    if (!name || name === '$cursor') return []
    const spec = s[name] ?? null
    const specDoc = asDoc(spec)
    return [
      {
        name,
        spec,
        nReturned: asNumber(s.nReturned),
        timeMsEstimate: asNumber(s.executionTimeMillisEstimate),
        docsExamined: asNumber(s.totalDocsExamined),
        collectionScans: asNumber(s.collectionScans),
        indexesUsed: asArray(s.indexesUsed)?.filter((x): x is string => typeof x === 'string') ?? null,
        usedDisk:
          typeof s.usedDisk === 'boolean'
            ? s.usedDisk
            : typeof specDoc?.usedDisk === 'boolean'
              ? specDoc.usedDisk
              : null
      }
    ]
  })

interface Part {
  queryPlanner: MongoDoc | null
  executionStats: MongoDoc | null
  stages: MongoDoc[]
  shard: string | null
}

/** Splits any explain shape into the query-layer parts it contains. */
const partsOf = (doc: MongoDoc, shard: string | null): Part[] => {
  const stages = docs(doc.stages)
  if (stages.length) {
    const cursor = asDoc(stages[0]?.$cursor)
    return [
      {
        queryPlanner: asDoc(cursor?.queryPlanner),
        executionStats: asDoc(cursor?.executionStats),
        stages,
        shard
      }
    ]
  }
  return [
    { queryPlanner: asDoc(doc.queryPlanner), executionStats: asDoc(doc.executionStats), stages: [], shard }
  ]
}

const sum = (xs: (number | null)[]): number | null =>
  xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null
const max = (xs: (number | null)[]): number | null =>
  xs.some((x) => x !== null) ? Math.max(...xs.filter((x): x is number => x !== null)) : null

export const looksLikeExplain = (v: MongoValue): boolean => {
  const d = asDoc(v)
  if (!d) return false
  if (isDoc(d.queryPlanner)) return true
  if (docs(d.stages).some((s) => isDoc(s.$cursor))) return true
  return isDoc(d.splitPipeline) || (isDoc(d.shards) && d.mergeType !== undefined)
}

export const parseExplain = (value: MongoValue): ParseResult<ParsedExplain> => {
  const doc = asDoc(Array.isArray(value) && value.length === 1 ? value[0] : value)
  if (!doc)
    return parseFailure('UNRECOGNIZED', 'An explain result is one document with queryPlanner or stages.')
  if (num(doc, 'ok') === 0)
    return parseFailure(
      'SERVER_ERROR',
      str(doc, 'errmsg') ?? 'The server returned an error instead of a plan.'
    )
  if (!looksLikeExplain(doc))
    return parseFailure(
      'UNRECOGNIZED',
      'No queryPlanner, stages or splitPipeline: this is not explain() output.'
    )

  const shardMap = asDoc(doc.shards)
  const aggSharded =
    isDoc(doc.splitPipeline) || (shardMap !== null && !Array.isArray(doc.shards) && !isDoc(doc.queryPlanner))
  const parts: Part[] =
    aggSharded && shardMap
      ? Object.entries(shardMap).flatMap(([name, s]) => (isDoc(s) ? partsOf(s, name) : []))
      : partsOf(doc, null)

  const plans: PlanNode[] = []
  const execPlans: PlanNode[] = []
  let rejected = 0
  const rejectedTrees: PlanNode[] = []
  const addRejected = (plans: MongoValue | undefined, shard: string | null) => {
    for (const r of docs(plans)) {
      const n = toNode(r, shard)
      if (n) rejectedTrees.push(n)
    }
  }
  let sbe = false
  let namespace: string | null = null
  for (const p of parts) {
    const wp = asDoc(p.queryPlanner?.winningPlan)
    if (wp) {
      if (isDoc(wp.slotBasedPlan) || isDoc(wp.queryPlan)) sbe = true
      const n = toNode(wp, p.shard)
      if (n) plans.push(n)
    }
    for (const s of docs(wp?.shards)) {
      namespace ??= str(s, 'namespace')
      rejected += asArray(s.rejectedPlans)?.length ?? 0
      addRejected(s.rejectedPlans, str(s, 'shardName'))
      if (isDoc(get(s, 'winningPlan', 'slotBasedPlan'))) sbe = true
    }
    rejected += asArray(p.queryPlanner?.rejectedPlans)?.length ?? 0
    addRejected(p.queryPlanner?.rejectedPlans, p.shard)
    namespace ??= str(p.queryPlanner, 'namespace')
    const es = asDoc(p.executionStats?.executionStages)
    if (es && !sbe) {
      const n = toNode(es, p.shard)
      if (n) execPlans.push(n)
    }
  }
  const winningPlan: PlanNode | null =
    plans.length === 1
      ? (plans[0] as PlanNode)
      : plans.length > 1
        ? { ...emptyNode('SHARDED_AGGREGATE'), children: plans }
        : null
  const executionPlan: PlanNode | null =
    execPlans.length === 1
      ? (execPlans[0] as PlanNode)
      : execPlans.length > 1
        ? { ...emptyNode('SHARDED_AGGREGATE'), children: execPlans }
        : null

  const stats = parts.map((p) => p.executionStats).filter((x): x is MongoDoc => x !== null)
  const pipeline = parts.length ? pipelineOf(parts[0]?.stages ?? []) : []
  const hasExecutionStats = stats.length > 0 || pipeline.some((s) => s.nReturned !== null)
  const lastStage = pipeline.at(-1)

  const shardNames: string[] = aggSharded && shardMap ? Object.keys(shardMap) : []
  walkPlan(winningPlan, (n) => {
    if (n.shard && !shardNames.includes(n.shard)) shardNames.push(n.shard)
  })
  const rootStage = winningPlan?.stage ?? ''
  const sharded =
    aggSharded ||
    /^(SHARD_MERGE|SINGLE_SHARD|SHARD_MERGE_SORT|SHARDED_AGGREGATE)/.test(rootStage) ||
    isDoc(get(doc, 'queryPlanner', 'mongosPlannerVersion'))

  const cmdDoc = asDoc(doc.command)
  const command: ParsedExplain['command'] = cmdDoc
    ? ((['find', 'aggregate', 'count', 'distinct', 'update', 'delete'] as const).find((c) => c in cmdDoc) ??
      'unknown')
    : docs(doc.stages).length || aggSharded
      ? 'aggregate'
      : rootStage === 'COUNT'
        ? 'count'
        : 'find'

  return parsed({
    command,
    namespace,
    explainVersion: str(doc, 'explainVersion'),
    engine: sbe ? 'sbe' : 'classic',
    sharded,
    shardNames,
    winningPlan,
    executionPlan,
    pipeline,
    hasExecutionStats,
    nReturned: lastStage?.nReturned ?? sum(stats.map((s) => asNumber(s.nReturned))),
    totalDocsExamined: sum(stats.map((s) => asNumber(s.totalDocsExamined))),
    totalKeysExamined: sum(stats.map((s) => asNumber(s.totalKeysExamined))),
    executionTimeMs: max([
      ...stats.map((s) => asNumber(s.executionTimeMillis)),
      lastStage?.timeMsEstimate ?? null
    ]),
    rejectedPlans: rejected,
    rejectedPlanTrees: rejectedTrees,
    mergeType: str(doc, 'mergeType'),
    serverVersion: str(doc, 'serverInfo', 'version')
  })
}

const emptyNode = (stage: string): PlanNode => ({
  stage,
  shard: null,
  nReturned: null,
  docsExamined: null,
  keysExamined: null,
  timeMsEstimate: null,
  filter: null,
  indexName: null,
  keyPattern: null,
  sortBytes: null,
  usedDisk: null,
  lookup: null,
  children: [],
  raw: null
})

/** The summary facts of spec/analysis-report.md, kind mongo.explain. */
export const explainSummary = (e: ParsedExplain): Record<string, unknown> => {
  const stages: string[] = []
  let collscan = false
  let inMemorySort = false
  walkPlan(e.winningPlan, (n) => {
    if (n.stage !== 'SHARDED_AGGREGATE') stages.push(n.stage)
    if (n.stage === 'COLLSCAN') collscan = true
    if (n.stage === 'SORT') inMemorySort = true
  })
  if (e.pipeline.some((s) => s.name === '$sort')) inMemorySort = true
  return {
    sharded: e.sharded,
    shards: e.sharded ? e.shardNames.length || null : null,
    hasExecutionStats: e.hasExecutionStats,
    winningStages: stages,
    nReturned: e.nReturned,
    totalDocsExamined: e.totalDocsExamined,
    totalKeysExamined: e.totalKeysExamined,
    executionTimeMs: e.executionTimeMs,
    collscan,
    inMemorySort,
    command: e.command,
    namespace: e.namespace,
    explainVersion: e.explainVersion,
    engine: e.engine,
    pipelineStages: e.pipeline.map((s) => s.name),
    rejectedPlans: e.rejectedPlans,
    serverVersion: e.serverVersion
  }
}
