/**
 * Big-key sampling (rule `redis.big-key`): a bounded SCAN of every master (COUNT <= 1000, a pause
 * between calls, a total key cap, docs/reliability-and-safety.md D5) and `MEMORY USAGE` (Redis 4.0+,
 * default SAMPLES 5: an estimate, cheap on big collections) plus `TYPE` per key. Never KEYS.
 * Reports the top keys by size and the memory per key pattern. Progress callback; AbortSignal cancels
 * between calls (a cancelled run returns what it measured, marked incomplete).
 */
import { keyPattern } from '../../diagnostics/redis/key-pattern'
import type { BigKey, BigKeysResult, PrefixSize } from '../../diagnostics/redis/rules/big-key'
import type { RedisNodeHandle } from '../types'
import { SCAN_MAX_COUNT } from './read-only-commands'

export interface BigKeysOptions {
  /** SCAN COUNT per call; clamped to 1..1000. */
  scanCount?: number
  /** Total keys to look at across all nodes. */
  maxKeys?: number
  /** Pause between SCAN calls, so the server serves others in between. */
  pauseMs?: number
  top?: number
  signal?: AbortSignal
  onProgress?: (p: { node: string; scannedKeys: number; sampledKeys: number }) => void
}

export const BIG_KEYS_DEFAULTS = { scanCount: 500, maxKeys: 50_000, pauseMs: 5, top: 20 } as const

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve()
    const t = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true })
  })

/** Masters only: replicas hold the same keys. Uses `INFO replication` role; unknown roles are scanned. */
export const mastersOf = async (nodes: RedisNodeHandle[]): Promise<RedisNodeHandle[]> => {
  const roles = await Promise.all(
    nodes.map(async (n) => {
      try {
        return /^role:(?:slave|replica)\s*$/m.test(String(await n.call('INFO', 'replication')))
          ? 'replica'
          : 'master'
      } catch {
        return 'unreachable'
      }
    })
  )
  return nodes.filter((_, i) => roles[i] === 'master')
}

export const findBigKeys = async (
  nodes: RedisNodeHandle[],
  options: BigKeysOptions = {}
): Promise<BigKeysResult> => {
  const scanCount = Math.max(1, Math.min(SCAN_MAX_COUNT, options.scanCount ?? BIG_KEYS_DEFAULTS.scanCount))
  const maxKeys = options.maxKeys ?? BIG_KEYS_DEFAULTS.maxKeys
  const pauseMs = options.pauseMs ?? BIG_KEYS_DEFAULTS.pauseMs
  const topN = options.top ?? BIG_KEYS_DEFAULTS.top
  const { signal } = options
  let scanned = 0
  let sampled = 0
  let complete = true
  const all: BigKey[] = []
  const prefixes = new Map<string, PrefixSize>()
  for (const node of nodes) {
    let cursor = '0'
    let first = true
    while (first || cursor !== '0') {
      first = false
      if (signal?.aborted || scanned >= maxKeys) {
        complete = false
        break
      }
      const reply = await node.call('SCAN', cursor, 'COUNT', scanCount)
      if (!Array.isArray(reply) || !Array.isArray(reply[1]))
        throw new Error(`SCAN on ${node.address} returned an unexpected reply`)
      cursor = String(reply[0])
      const keys = (reply[1] as unknown[]).map(String).slice(0, Math.max(0, maxKeys - scanned))
      scanned += keys.length
      const measured = await Promise.all(
        keys.map(async (key) => {
          const [bytes, type] = await Promise.all([node.call('MEMORY', 'USAGE', key), node.call('TYPE', key)])
          // null: the key expired between SCAN and MEMORY USAGE.
          return typeof bytes === 'number' ? { key, type: String(type), bytes, node: node.address } : null
        })
      )
      for (const m of measured) {
        if (!m) continue
        sampled += 1
        all.push(m)
        const pattern = keyPattern(m.key)
        const p = prefixes.get(pattern) ?? { pattern, keys: 0, bytes: 0 }
        p.keys += 1
        p.bytes += m.bytes
        prefixes.set(pattern, p)
      }
      // Keep only a bounded candidate list so memory stays flat on big keyspaces.
      if (all.length > topN * 20) all.sort((a, b) => b.bytes - a.bytes).splice(topN)
      options.onProgress?.({ node: node.address, scannedKeys: scanned, sampledKeys: sampled })
      if (cursor !== '0') await sleep(pauseMs, signal)
    }
  }
  return {
    scannedKeys: scanned,
    sampledKeys: sampled,
    complete,
    top: all.sort((a, b) => b.bytes - a.bytes || a.key.localeCompare(b.key)).slice(0, topN),
    prefixes: [...prefixes.values()]
      .sort((a, b) => b.bytes - a.bytes || a.pattern.localeCompare(b.pattern))
      .slice(0, topN)
  }
}
