/** The bounded big-key scan's result, shared by the core and the Redis page. */
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
