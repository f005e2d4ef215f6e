/**
 * The typed records of the Redis probes that cross to the Redis page (topics of shared/topics.ts) and
 * the results shared by the core and the page. Main's parsers (diagnostics/redis/parse-*.ts) build them.
 */

/** The bounded big-key scan's result. */
export interface BigKey {
  key: string
  type: string
  bytes: number
  node: string
}
export interface PrefixSize {
  pattern: string
  keys: number
  bytes: number
}
export interface BigKeysResult {
  scannedKeys: number
  sampledKeys: number
  complete: boolean
  top: BigKey[]
  prefixes: PrefixSize[]
}

/** SLOWLOG entries of one command, as the redis.slowlog rule groups them (topic slowlog_groups). */
export interface SlowlogGroup {
  command: string
  count: number
  totalUs: number
  avgUs: number
  maxUs: number
  /** "name (address)" or the address, the first 20. */
  clients: string[]
}

/** One SLOWLOG GET entry (topic slowlog). */
export interface SlowlogEntry {
  id: number
  /** Unix seconds when the command ran. */
  timestamp: number
  durationUs: number
  /** The arguments as the server kept them (the marker args removed). */
  args: string[]
  /** args[0] in upper case ('' when the server logged no args). */
  command: string
  /** `... (N more arguments)`: how many args the server dropped. */
  moreArguments: number
  /** Args the server cut at 128 bytes. */
  cutArgs: number
  clientAddress: string | null
  clientName: string | null
}

/** One LATENCY LATEST event (topic latency). */
export interface LatencyEvent {
  event: string
  timestamp: number
  latestMs: number
  maxMs: number
}

/** One CLUSTER NODES line (topic cluster_nodes). */
export interface ClusterNode {
  id: string
  /** host:port as clients reach it ('' for noaddr nodes). */
  address: string
  busPort: number | null
  hostname: string | null
  flags: string[]
  role: 'master' | 'replica' | 'unknown'
  masterId: string | null
  pingSent: number
  pongReceived: number
  configEpoch: number
  linkState: 'connected' | 'disconnected'
  /** Inclusive ranges as [start, end]. */
  slots: [number, number][]
  migrating: { slot: number; to: string }[]
  importing: { slot: number; from: string }[]
}

/** One INFO field (topic info), in the order the server printed them. */
export interface InfoField {
  field: string
  value: string
}

/** One CONFIG GET parameter (topic config). */
export interface ConfigParameter {
  parameter: string
  value: string
}

/** The Redis page's topics (named after the probes they come from). */
export interface RedisTopics {
  info: InfoField
  slowlog: SlowlogEntry
  slowlog_groups: SlowlogGroup
  latency: LatencyEvent
  config: ConfigParameter
  cluster_nodes: ClusterNode
}

/** One connection of CLIENT LIST, as the Redis page's client table shows it. */
export interface RedisClientRow {
  id: number
  addr: string
  name: string
  user: string
  /** Seconds connected, seconds since the last command. */
  ageSeconds: number | null
  idleSeconds: number | null
  db: number | null
  lastCommand: string
  flags: string
  /** dbconsole's own diagnostics or action connection: marked, never offered for CLIENT KILL. */
  own: boolean
  /** A replication link (flags S or M): never offered for CLIENT KILL either. */
  replication: boolean
}

/** `redis.clients`: the server's CLIENT LIST, read live on the profile's own server. */
export interface RedisClientList {
  node: string
  clients: RedisClientRow[]
}

/** A read that answered, or why it did not (a renamed or ACL-refused command, an old server). */
export type LiveRead<T> = { ok: true; value: T } | { ok: false; why: string }

/** `redis.doctor`: the server's own advice and latency samples, per node, read live (text only). */
export interface RedisDoctorNode {
  node: string
  latencyDoctor: LiveRead<string>
  memoryDoctor: LiveRead<string>
  /** LATENCY HISTORY of every event LATENCY LATEST names: [unix seconds, ms] samples. */
  latencyHistory: LiveRead<{ event: string; samples: { timestamp: number; ms: number }[] }[]>
}
