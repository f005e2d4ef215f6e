/**
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
}

export const emptyNode = (nodeType: string, label: string): PlanNode => ({
  nodeType,
  label,
  operation: null,
  joinType: null,
  strategy: null,
  partialMode: null,
  parallelAware: false,
  asyncCapable: false,
  parentRelationship: null,
  subplanName: null,
  relation: null,
  schema: null,
  alias: null,
  indexName: null,
  cteName: null,
  functionName: null,
  startupCost: null,
  totalCost: null,
  planRows: null,
  planWidth: null,
  actualStartupMs: null,
  actualTotalMs: null,
  actualRows: null,
  actualLoops: null,
  neverExecuted: false,
  filter: null,
  indexCond: null,
  recheckCond: null,
  joinFilter: null,
  hashCond: null,
  mergeCond: null,
  rowsRemovedByFilter: null,
  rowsRemovedByJoinFilter: null,
  rowsRemovedByIndexRecheck: null,
  heapFetches: null,
  exactHeapBlocks: null,
  lossyHeapBlocks: null,
  sortMethod: null,
  sortSpaceType: null,
  sortSpaceKb: null,
  hashBuckets: null,
  hashBatches: null,
  originalHashBatches: null,
  peakMemoryKb: null,
  hashAggBatches: null,
  diskUsageKb: null,
  plannedPartitions: null,
  workersPlanned: null,
  workersLaunched: null,
  cacheHits: null,
  cacheMisses: null,
  buffers: null,
  ioReadMs: null,
  ioWriteMs: null,
  wal: null,
  disabled: null,
  workers: [],
  children: []
})

export const emptyBuffers = (): PlanBuffers => ({
  sharedHit: 0,
  sharedRead: 0,
  sharedDirtied: 0,
  sharedWritten: 0,
  localHit: 0,
  localRead: 0,
  localDirtied: 0,
  localWritten: 0,
  tempRead: 0,
  tempWritten: 0
})

export const emptyWorker = (number: number): PlanWorker => ({
  number,
  actualTotalMs: null,
  actualRows: null,
  loops: null,
  sortSpaceType: null,
  sortSpaceKb: null,
  diskUsageKb: null,
  jitMs: null
})
