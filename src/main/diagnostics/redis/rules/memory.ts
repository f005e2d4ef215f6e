/**
 * Rules `redis.memory-usage` and `redis.eviction-policy`. Probe: `INFO memory` + `INFO keyspace`
 * (maxmemory in INFO since 3.2; `CONFIG GET maxmemory*` fills it in for older servers).
 * Checked against Redis 7.0.15. Thresholds: seed-catalogue §4 "ALERT if used_memory > 80% of maxmemory";
 * 95% is critical because at 100% writes fail (noeviction) or eviction starts. A volatile-* policy with
 * keys that have no TTL evicts nothing and ends in OOM (seed-catalogue §8 item 57).
 */
import type { Finding } from '../../../../shared/findings'
import { infoNumber, keyspace, type RedisInfo } from '../parse-info'
import { redisRule } from '../records'
import { fmtBytes, finding, onNode } from './util'

export const MEMORY_RULE = 'redis.memory-usage'
export const POLICY_RULE = 'redis.eviction-policy'
export const MEMORY_WARN_SHARE = 0.8
export const MEMORY_CRITICAL_SHARE = 0.95

const memoryRule = (
  info: RedisInfo,
  node: string | null,
  config: Record<string, string> | null = null
): Finding[] => {
  const used = infoNumber(info, 'used_memory')
  if (used === null) return []
  const maxmemory =
    infoNumber(info, 'maxmemory') ?? (config?.maxmemory !== undefined ? Number(config.maxmemory) : null)
  const policy = info.fields.maxmemory_policy ?? config?.['maxmemory-policy'] ?? null
  const out: Finding[] = []
  if (maxmemory !== null && maxmemory > 0) {
    const share = used / maxmemory
    if (share >= MEMORY_WARN_SHARE) {
      out.push(
        finding(
          MEMORY_RULE,
          share >= MEMORY_CRITICAL_SHARE ? 'critical' : 'warning',
          `Memory at ${(share * 100).toFixed(0)}% of maxmemory (${fmtBytes(used)} of ${fmtBytes(maxmemory)})`,
          `At maxmemory Redis ${policy === 'noeviction' ? 'rejects writes with OOM errors (policy noeviction)' : `evicts keys (policy ${policy ?? 'unknown'})`}. Raise maxmemory, add TTLs to cache keys, or add shards.`,
          node,
          { usedMemoryBytes: used, maxmemoryBytes: maxmemory, share, policy }
        )
      )
    }
  }
  if (policy !== null && policy.startsWith('volatile-') && maxmemory !== null && maxmemory > 0) {
    const ks = Object.values(keyspace(info))
    const keys = ks.reduce((a, d) => a + d.keys, 0)
    const expires = ks.reduce((a, d) => a + d.expires, 0)
    if (keys > 0 && expires < keys / 2) {
      out.push(
        finding(
          POLICY_RULE,
          'warning',
          `Policy ${policy} but only ${expires} of ${keys} keys have a TTL`,
          `${policy} evicts only keys with a TTL; at maxmemory the ${keys - expires} keys without one cannot go, so writes fail with OOM as under noeviction. Add TTLs or use an allkeys-* policy.`,
          node,
          { policy, keys, expires }
        )
      )
    }
  }
  return out
}

export const memoryUsage = redisRule({
  id: MEMORY_RULE,
  needs: ['info'],
  evaluate: ({ info, config }, { node }) =>
    onNode(memoryRule(info, node, config ?? null), node, {
      usedMemoryBytes: 'bytes',
      maxmemoryBytes: 'bytes',
      share: 'ratio',
      keys: 'count',
      expires: 'count'
    })
})
