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
