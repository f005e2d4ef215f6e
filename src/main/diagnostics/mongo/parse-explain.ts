/**
 * `explain()` output of find / aggregate / count / distinct, any verbosity (queryPlanner,
 * executionStats, allPlansExecution), unsharded or through mongos, classic or SBE, MongoDB 3.0 to 8.0.
 *
 * Shapes handled (from the MongoDB manual's explain-results pages for each version):
 * - classic find: queryPlanner.winningPlan { stage, inputStage | inputStages }, executionStats.executionStages
 * - SBE (explainVersion "2", 5.0+/6.0+): winningPlan { queryPlan, slotBasedPlan }; executionStages is the
 *   slot-based tree, so per-stage facts come from queryPlan and the totals from executionStats
 * - aggregate: { stages: [{ $cursor: { queryPlanner, executionStats } }, { $lookup, ... }] } (3.x-8.x), with
 *   `$geoNearCursor` in place of `$cursor` when the pipeline starts with $geoNear (4.2+: the same query-layer
 *   explain under the name of DocumentSourceGeoNearCursor), or the fully pushed-down form with top-level
 *   queryPlanner (5.0+)
 * - sharded: winningPlan { stage: SHARD_MERGE | SINGLE_SHARD | SHARD_MERGE_SORT, shards: [...] } and
 *   aggregate { mergeType?, splitPipeline, shards: { name: {...} } }, where splitPipeline is null and
 *   mergeType absent when mongos sent the whole pipeline to one shard (sharded_agg_helpers.cpp,
 *   appendExplainResults)
 * - IDHACK (the _id point lookup, 2.6-7.x) names no index: it always reads `_id_`.
 * Stage names are kept as the server prints them (COLLSCAN, IXSCAN, EXPRESS_IXSCAN, CLUSTERED_IXSCAN,
 * COUNT_SCAN, EQ_LOOKUP...).
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import { asArray, asDoc, asNumber, asString, docs, get, isDoc, num, str } from './mongo-value'
import type { MongoDoc, MongoValue } from '../../../shared/records/mongo'

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
  /**
   * What executionTimeMs measures on a sharded plan: mongos's own elapsed time (a find or count through
   * mongos reports it) or the slowest shard's (a sharded aggregate: mongos reports no total, and shards run
   * in parallel, so the slowest is the floor of the wall time). Null when unsharded.
   */
  timeBasis: 'mongos' | 'slowest-shard' | null
  /** Each shard's own execution time where the explain gives one, in shard order. */
  shardTimes: { shard: string; ms: number }[]
}

/** The aggregate stages that hold the query layer's explain (DocumentSourceCursor and its $geoNear form). */
const QUERY_LAYER_STAGES = ['$cursor', '$geoNearCursor']
const queryLayerOf = (stage: MongoDoc | undefined): MongoDoc | null => {
  for (const name of QUERY_LAYER_STAGES) {
    const d = asDoc(stage?.[name])
    if (d) return d
  }
  return null
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
    indexName: asString(raw.indexName) ?? (stage === 'IDHACK' ? '_id_' : null),
    keyPattern: raw.keyPattern ?? (stage === 'IDHACK' ? { _id: 1 } : null),
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
    if (!name || QUERY_LAYER_STAGES.includes(name)) return []
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
  /** The aggregate's stages after the query layer, as this part ran them. */
  pipeline: PipelineStage[]
  shard: string | null
}

/** Splits any explain shape into the query-layer parts it contains. */
const partsOf = (doc: MongoDoc, shard: string | null): Part[] => {
  const stages = docs(doc.stages)
  if (stages.length) {
    const cursor = queryLayerOf(stages[0])
    return [
      {
        queryPlanner: asDoc(cursor?.queryPlanner),
        executionStats: asDoc(cursor?.executionStats),
        pipeline: pipelineOf(stages),
        shard
      }
    ]
  }
  return [
    { queryPlanner: asDoc(doc.queryPlanner), executionStats: asDoc(doc.executionStats), pipeline: [], shard }
  ]
}

/**
 * The shards' pipelines as one: each stage's counts summed over the shards, its time the slowest shard's.
 * Shards of one split pipeline run the same stages; a part whose stages differ is left out of the merge.
 */
const mergedPipeline = (parts: Part[]): PipelineStage[] => {
  const first = parts[0]?.pipeline ?? []
  const same = parts.filter(
    (p) => p.pipeline.length === first.length && p.pipeline.every((s, i) => s.name === first[i]?.name)
  )
  return first.map((s, i) => {
    const all = same.map((p) => p.pipeline[i] as PipelineStage)
    return {
      ...s,
      nReturned: sum(all.map((x) => x.nReturned)),
      timeMsEstimate: max(all.map((x) => x.timeMsEstimate)),
      docsExamined: sum(all.map((x) => x.docsExamined)),
      collectionScans: sum(all.map((x) => x.collectionScans)),
      usedDisk: all.some((x) => x.usedDisk === true) ? true : s.usedDisk
    }
  })
}

/** A part's own time: its query layer's, or its last pipeline stage's cumulative estimate when later. */
const partTimeMs = (p: Part): number | null =>
  max([asNumber(p.executionStats?.executionTimeMillis), p.pipeline.at(-1)?.timeMsEstimate ?? null])

/** Per-shard times: of each part of a sharded aggregate, else of the shards under a mongos find's stats. */
const shardTimesOf = (parts: Part[], aggSharded: boolean): { shard: string; ms: number }[] => {
  const rows = aggSharded
    ? parts.map((p) => ({ shard: p.shard, ms: partTimeMs(p) }))
    : parts.flatMap((p) =>
        docs(get(p.executionStats, 'executionStages', 'shards')).map((s) => ({
          shard: str(s, 'shardName'),
          ms: asNumber(s.executionTimeMillis)
        }))
      )
  return rows.filter((r): r is { shard: string; ms: number } => r.shard !== null && r.ms !== null)
}

const sum = (xs: (number | null)[]): number | null =>
  xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null
const max = (xs: (number | null)[]): number | null =>
  xs.some((x) => x !== null) ? Math.max(...xs.filter((x): x is number => x !== null)) : null

export const looksLikeExplain = (v: MongoValue): boolean => {
  const d = asDoc(v)
  if (!d) return false
  if (isDoc(d.queryPlanner)) return true
  if (docs(d.stages).some((s) => queryLayerOf(s) !== null)) return true
  // A single-shard aggregate has splitPipeline: null and no mergeType.
  return isDoc(d.shards) && (d.splitPipeline !== undefined || d.mergeType !== undefined)
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
  if (aggSharded && parts.length === 0)
    return parseFailure('MALFORMED', 'This sharded aggregate explain has no shard explains under "shards".')

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
  const pipeline = mergedPipeline(parts)
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
    executionTimeMs: max(parts.map(partTimeMs)),
    rejectedPlans: rejected,
    rejectedPlanTrees: rejectedTrees,
    mergeType: str(doc, 'mergeType'),
    serverVersion: str(doc, 'serverInfo', 'version'),
    timeBasis: !sharded ? null : aggSharded ? 'slowest-shard' : 'mongos',
    shardTimes: shardTimesOf(parts, aggSharded)
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
    executionTimeBasis: e.timeBasis,
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
