/**
 * The typed records of the Mongo probes that cross to the Mongo page (topics of shared/topics.ts). Main's
 * parsers (diagnostics/mongo/parse-records.ts) build them from any input form.
 */

/**
 * The plain value every Mongo parser works on, whatever the input form was: BSON types are folded into
 * numbers (Long, Int32, Double, Decimal128), strings (ObjectId hex, Binary base64, regex), Date, and
 * `{ t, i }` for Timestamp. Rules never see a driver or bson class.
 */
export type MongoValue = null | boolean | number | string | Date | MongoValue[] | MongoDoc
export interface MongoDoc {
  [key: string]: MongoValue
}

/** One system.profile entry (topic profile). */
export interface ProfileEntry {
  op: string
  ns: string
  millis: number
  planSummary: string | null
  docsExamined: number | null
  keysExamined: number | null
  nreturned: number | null
  /** queryShapeHash (8.0+), else queryHash (4.2+), else op+ns+plan+filter keys. */
  shape: string
  replanned: boolean
  planningTimeMicros: number | null
  cpuNanos: number | null
  lockWaitMicros: number
  ts: Date | null
  appName: string | null
}

/** One currentOp operation (topic current_op). */
export interface CurrentOp {
  opid: string | null
  active: boolean
  secsRunning: number | null
  op: string | null
  ns: string | null
  desc: string | null
  client: string | null
  appName: string | null
  planSummary: string | null
  waitingForLock: boolean
  /** A client connection's op (not an internal thread such as a TTL monitor or replication worker). */
  clientOp: boolean
  command: MongoValue
}

/** One replica set member of replSetGetStatus. */
export interface ReplMember {
  name: string
  health: number | null
  state: number | null
  stateStr: string
  /** Seconds since epoch of the member's last applied op (optimeDate, else optime.ts.t, else 3.0 optime). */
  optimeSecs: number | null
  lastHeartbeatMessage: string | null
  self: boolean
  syncSource: string | null
}

/** One $indexStats index (topic index_stats). */
export interface IndexUsage {
  ns: string | null
  name: string
  ops: number
  since: Date | null
  host: string | null
  hidden: boolean
}

/** system.profile entries of one query shape, slowest total first (topic profile_shapes). */
export interface ShapeGroup {
  shape: string
  op: string
  ns: string
  planSummary: string | null
  count: number
  totalMillis: number
  maxMillis: number
  docsExamined: number
  keysExamined: number
  nreturned: number
  maxDocsExamined: number
  replanned: number
  maxPlanningTimeMicros: number | null
  cpuNanos: number | null
  lockWaitMicros: number
}

/** A shape group with its derived figures, as the Mongo page lists it. */
export interface ShapeRow extends ShapeGroup {
  avgMillis: number
  examinedPerReturned: number | null
}

/** A replica set member with its lag behind the primary (topic replset_members). */
export interface ReplMemberRow extends ReplMember {
  lagSeconds: number | null
}

/** A node's serverStatus, summarised (topic server_status; the report's facts). */
export type ServerStatusFacts = {
  version: string | null
  storageEngine: string | null
  connectionsCurrent: number | null
  uptimeSeconds: number | null
  host: string | null
  connectionsAvailable: number | null
  cacheFillPercent: number | null
  cacheDirtyPercent: number | null
}

/** The Mongo page's topics. */
export interface MongoTopics {
  server_status: ServerStatusFacts
  replset_members: ReplMemberRow
  current_op: CurrentOp
  profile: ProfileEntry
  profile_shapes: ShapeRow
  index_stats: IndexUsage
}
