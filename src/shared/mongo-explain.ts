/**
 * The Mongo explain tree sent from the core (the view of a mongo.explain report) to the explain view: type
 * declarations only. Every value is JSON-safe: BSON values (dates, longs, ObjectIds) arrive as text or
 * numbers, and server-provided documents (filter, keyPattern, raw fields) as one-line JSON text.
 */

/** One stage of a plan tree, flattened in pre-order (parent before children, first child first). */
export interface MongoExplainStage {
  /** Index in its tree's `stages` array. */
  id: number
  parentId: number | null
  childIds: number[]
  depth: number
  /** As the server prints it: COLLSCAN, IXSCAN, FETCH, SORT, SHARD_MERGE, EQ_LOOKUP... */
  stage: string
  /** The shard the stage ran on (sharded explains); null otherwise. */
  shard: string | null
  indexName: string | null
  /** JSON text of the index key pattern, e.g. {"userId":1}. */
  keyPattern: string | null
  /** JSON text of the stage's filter; null when the stage has none. */
  filter: string | null
  nReturned: number | null
  docsExamined: number | null
  keysExamined: number | null
  executionTimeMillisEstimate: number | null
  /** SORT stages: bytes sorted and whether the sort spilled to disk. */
  sortBytes: number | null
  usedDisk: boolean | null
  /** Every field of the stage as the server printed it, except the child stages; values as text. */
  fields: [string, string][]
}

export interface MongoExplainPlan {
  /** The shard the plan belongs to, for the per-shard plans of a sharded explain. */
  shard: string | null
  stages: MongoExplainStage[]
}

/** An aggregation stage after the query layer ($group, $lookup...), with its stats when executed. */
export interface MongoExplainPipelineStage {
  name: string
  /** JSON text of the stage's specification. */
  spec: string
  nReturned: number | null
  executionTimeMillisEstimate: number | null
  docsExamined: number | null
}

export interface MongoExplainTree {
  /**
   * Which tree `winning` is: the executed stages (executionStats, with per-stage numbers) or the
   * planner's winning plan (queryPlanner only, or SBE whose executed tree is a slot-based one).
   */
  source: 'executionStats' | 'queryPlanner'
  command: string
  namespace: string | null
  engine: 'classic' | 'sbe'
  sharded: boolean
  shardNames: string[]
  winning: MongoExplainPlan
  rejected: MongoExplainPlan[]
  pipeline: MongoExplainPipelineStage[]
  serverVersion: string | null
}
