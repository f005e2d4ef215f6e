/**
 * Rule `redis.eviction` (evicted and expired keys, OOM rejections). Probe: `INFO stats` (+ `INFO
 * errorstats`, 6.2+, for OOM counts). Checked against Redis 7.0.15. INFO counters are totals since
 * start, so the rate is per second of uptime. Threshold: seed-catalogue §4 has no rate number
 * ("evicted_keys increasing rapidly"), so any eviction is a warning (data is being dropped by memory
 * pressure, not by its TTL); OOM rejections are critical (writes are failing).
 */
import type { Finding } from '../../../../shared/findings'
import { errorStats, infoNumber, type RedisInfo } from '../parse-info'
import { finding } from './util'

export const EVICTION_RULE = 'redis.eviction'
export const OOM_RULE = 'redis.oom-errors'

export const evictionRule = (info: RedisInfo, node: string | null): Finding[] => {
  const evicted = infoNumber(info, 'evicted_keys')
  const expired = infoNumber(info, 'expired_keys')
  const uptime = infoNumber(info, 'uptime_in_seconds')
  const out: Finding[] = []
  if (evicted !== null && evicted > 0) {
    const perSec = uptime && uptime > 0 ? evicted / uptime : null
    out.push(
      finding(
        EVICTION_RULE,
        'warning',
        `${evicted} keys evicted since start${perSec !== null ? ` (${perSec.toFixed(2)}/s)` : ''}`,
        `Redis deleted ${evicted} keys to stay under maxmemory (policy ${info.fields.maxmemory_policy ?? 'unknown'}); expired keys: ${expired ?? 'unknown'}. Evicting hot keys turns into a cache-miss storm on the backing database. Raise maxmemory or shorten TTLs.`,
        node,
        { evictedKeys: evicted, expiredKeys: expired, uptimeSeconds: uptime, evictedPerSecond: perSec }
      )
    )
  }
  const oom = errorStats(info).OOM ?? 0
  if (oom > 0) {
    out.push(
      finding(
        OOM_RULE,
        'critical',
        `${oom} commands rejected with OOM`,
        `The server refused ${oom} writes because used memory reached maxmemory. Check maxmemory and maxmemory-policy, add TTLs, or scale out.`,
        node,
        { oomErrors: oom }
      )
    )
  }
  return out
}
