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
