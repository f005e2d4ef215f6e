/**
 * A parsed explain -> the JSON-safe stage trees the explain view draws (shared/mongo-explain.ts), the
 * mongo.explain kind's view. Pure: parsing is parse-explain.ts; this only flattens and turns server
 * values into text.
 */
import type { MongoExplainPlan, MongoExplainStage, MongoExplainTree } from '../../../shared/mongo-explain'
import { brief, isDoc } from './mongo-value'
import type { MongoDoc, MongoValue } from '../../../shared/records/mongo'
import { drawnPlan, type ParsedExplain, type PlanNode } from './parse-explain'

/** Long enough for any real filter or bounds; the view folds long values anyway. */
const MAX_VALUE_CHARS = 20_000
/** Keys holding child stages: shown as the tree, not as fields. */
const CHILD_KEYS = new Set([
  'inputStage',
  'inputStages',
  'outerStage',
  'innerStage',
  'thenStage',
  'elseStage'
])
/** Inside a sharded root's `shards` entries: the per-shard plans, which the tree already shows. */
const SHARD_PLAN_KEYS = new Set(['winningPlan', 'executionStages', 'rejectedPlans', 'allPlansExecution'])

export const valueText = (v: MongoValue | undefined): string => {
  if (v === undefined || v === null) return 'null'
  if (typeof v === 'string') return v.length > MAX_VALUE_CHARS ? `${v.slice(0, MAX_VALUE_CHARS - 1)}…` : v
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString()
  return brief(v, MAX_VALUE_CHARS)
}

const withoutPlans = (shard: MongoValue): MongoValue =>
  isDoc(shard) ? Object.fromEntries(Object.entries(shard).filter(([k]) => !SHARD_PLAN_KEYS.has(k))) : shard

const fieldsOf = (raw: MongoDoc | null): [string, string][] =>
  raw === null
    ? []
    : Object.entries(raw)
        .filter(([k]) => !CHILD_KEYS.has(k))
        .map(([k, v]): [string, string] => [
          k,
          valueText(k === 'shards' && Array.isArray(v) ? v.map(withoutPlans) : v)
        ])

/** Pre-order flattening with ids, so the view can virtualize and link findings by id. */
export const flattenPlan = (root: PlanNode | null, shard: string | null = null): MongoExplainPlan => {
  const stages: MongoExplainStage[] = []
  if (root === null) return { shard, stages }
  const stack: { n: PlanNode; parentId: number | null; depth: number }[] = [
    { n: root, parentId: null, depth: 0 }
  ]
  while (stack.length > 0) {
    const { n, parentId, depth } = stack.pop() as { n: PlanNode; parentId: number | null; depth: number }
    const id = stages.length
    stages.push({
      id,
      parentId,
      childIds: [],
      depth,
      stage: n.stage,
      shard: n.shard,
      indexName: n.indexName,
      keyPattern: n.keyPattern === null ? null : valueText(n.keyPattern),
      filter: n.filter === null ? null : valueText(n.filter),
      nReturned: n.nReturned,
      docsExamined: n.docsExamined,
      keysExamined: n.keysExamined,
      executionTimeMillisEstimate: n.timeMsEstimate,
      sortBytes: n.sortBytes,
      usedDisk: n.usedDisk,
      fields: fieldsOf(n.raw)
    })
    if (parentId !== null) stages[parentId]?.childIds.push(id)
    for (let i = n.children.length - 1; i >= 0; i--)
      stack.push({ n: n.children[i] as PlanNode, parentId: id, depth: depth + 1 })
  }
  return { shard, stages }
}

export const explainTree = (e: ParsedExplain): MongoExplainTree => ({
  source: e.executionPlan !== null ? 'executionStats' : 'queryPlanner',
  command: e.command,
  namespace: e.namespace,
  engine: e.engine,
  sharded: e.sharded,
  shardNames: e.shardNames,
  winning: flattenPlan(drawnPlan(e)),
  rejected: e.rejectedPlanTrees.map((n) => flattenPlan(n, n.shard)),
  pipeline: e.pipeline.map((s) => ({
    name: s.name,
    spec: valueText(s.spec),
    nReturned: s.nReturned,
    executionTimeMillisEstimate: s.timeMsEstimate,
    docsExamined: s.docsExamined
  })),
  serverVersion: e.serverVersion
})
