import type { Finding } from './findings'

/**
 * The plan model shared by the parser (main) and the plan view (renderer): type declarations only.
 *
 * The normalised plan tree that both the JSON and the TEXT parser produce. Field names follow
 * PostgreSQL's JSON keys (explain.c) so a text plan and its JSON twin give the same tree: `nodeType`
 * is the JSON "Node Type" ('Aggregate', 'Hash Join', 'ModifyTable'...), never the text label
 * ('HashAggregate', 'Hash Left Join', 'Delete on').
 */
export interface PlanBuffers {
  sharedHit: number
  sharedRead: number
  sharedDirtied: number
  sharedWritten: number
  localHit: number
  localRead: number
  localDirtied: number
  localWritten: number
  tempRead: number
  tempWritten: number
}

export interface PlanWal {
  records: number
  fpi: number
  bytes: number
}

export interface PlanWorker {
  number: number
  actualTotalMs: number | null
  actualRows: number | null
  loops: number | null
  sortSpaceType: string | null
  sortSpaceKb: number | null
  diskUsageKb: number | null
  jitMs: number | null
}

export interface PlanNode {
  nodeType: string
  /** The label as EXPLAIN TEXT prints it ('Parallel Seq Scan', 'HashAggregate', 'Hash Left Join'). */
  label: string
  operation: string | null
  joinType: string | null
  strategy: string | null
  partialMode: string | null
  parallelAware: boolean
  asyncCapable: boolean
  parentRelationship: string | null
  subplanName: string | null
  relation: string | null
  schema: string | null
  alias: string | null
  indexName: string | null
  cteName: string | null
  functionName: string | null
  startupCost: number | null
  totalCost: number | null
  planRows: number | null
  planWidth: number | null
  actualStartupMs: number | null
  actualTotalMs: number | null
  actualRows: number | null
  actualLoops: number | null
  neverExecuted: boolean
  filter: string | null
  indexCond: string | null
  recheckCond: string | null
  joinFilter: string | null
  hashCond: string | null
  mergeCond: string | null
  rowsRemovedByFilter: number | null
  rowsRemovedByJoinFilter: number | null
  rowsRemovedByIndexRecheck: number | null
  heapFetches: number | null
  exactHeapBlocks: number | null
  lossyHeapBlocks: number | null
  sortMethod: string | null
  sortSpaceType: string | null
  sortSpaceKb: number | null
  hashBuckets: number | null
  hashBatches: number | null
  originalHashBatches: number | null
  peakMemoryKb: number | null
  hashAggBatches: number | null
  diskUsageKb: number | null
  /** PG 18 tuplestore nodes (Material, CTE Scan, WindowAgg, (Table) Function Scan...): 'Memory' or 'Disk'. */
  storageType: string | null
  /** "Maximum Storage": the most memory, or disk once it spilled, the tuplestore used. */
  maxStorageKb: number | null
  plannedPartitions: number | null
  workersPlanned: number | null
  workersLaunched: number | null
  cacheHits: number | null
  cacheMisses: number | null
  buffers: PlanBuffers | null
  ioReadMs: number | null
  ioWriteMs: number | null
  wal: PlanWal | null
  disabled: boolean | null
  workers: PlanWorker[]
  children: PlanNode[]
}

export interface PlanTrigger {
  name: string
  constraint: string | null
  relation: string | null
  timeMs: number
  calls: number
}

export interface PlanJit {
  functions: number | null
  /** Null when the plan was not analyzed (EXPLAIN shows JIT functions but no timing). */
  totalMs: number | null
}

export interface PlanDocument {
  format: 'json' | 'text'
  root: PlanNode
  planningTimeMs: number | null
  executionTimeMs: number | null
  planningBuffers: PlanBuffers | null
  triggers: PlanTrigger[]
  jit: PlanJit | null
  settings: Record<string, string>
  serializationMs: number | null
  queryIdentifier: string | null
  /**
   * What a part of a plan lacks (it was cut off, or copied from a `->` child), each as a noun phrase:
   * "the Execution Time line, which EXPLAIN ANALYZE prints last". Empty for a whole plan.
   */
  missing: string[]
}

export interface AnalyzedNode {
  id: number
  parentId: number | null
  childIds: number[]
  depth: number
  node: PlanNode
  /** "Seq Scan on plan_orders", "Index Scan using i on t", "CTE Scan on big (a)" */
  title: string
  /** Inside a Gather / Gather Merge. */
  parallel: boolean
  inclusiveMs: number | null
  exclusiveMs: number | null
  /** exclusiveMs as a % of the execution time (or of the root's inclusive time). */
  percentOfTotal: number | null
  /** Actual rows x loops. */
  totalRows: number | null
  estimateFactor: number | null
  estimateDirection: 'under' | 'over' | 'exact' | null
  /** Rows removed by filter, join filter and index recheck, over all loops. */
  rowsRemoved: number | null
  /** Temp blocks this node wrote itself (its buffers less its children's). */
  ownTempWritten: number | null
  ioMs: number | null
}

export interface SpillSummary {
  nodeId: number
  nodeType: string
  kind: 'sort' | 'hash' | 'hashagg' | 'tuplestore' | 'other'
  /** Null when the plan does not say how much (a multi-batch hash without BUFFERS). */
  diskKb: number | null
}

export interface PlanSummary extends Record<string, unknown> {
  format: 'json' | 'text'
  analyzed: boolean
  nodeCount: number
  rootNodeType: string
  planningTimeMs: number | null
  executionTimeMs: number | null
  slowestNode: { nodeId: number; nodeType: string; relation: string | null; exclusiveTimeMs: number } | null
  worstMisestimate: {
    nodeId: number
    nodeType: string
    relation: string | null
    estimatedRows: number
    actualRows: number
    factor: number
    direction: 'under' | 'over'
  } | null
  neverExecutedNodes: number
  maxLoops: number | null
  spills: SpillSummary[]
  triggers: { name: string; timeMs: number; calls: number }[]
  jitMs: number | null
  workersLaunched: number | null
  workersPlanned: number | null
  totalTimeMs: number | null
  triggerTimeMs: number | null
  settings: Record<string, string>
}

export interface PlanAnalysis {
  document: PlanDocument
  nodes: AnalyzedNode[]
  summary: PlanSummary
  findings: Finding[]
}
