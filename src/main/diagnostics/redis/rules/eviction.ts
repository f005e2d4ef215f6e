/**
 * Rule `redis.eviction` (evicted and expired keys, OOM rejections). Probe: `INFO stats` (+ `INFO
 * errorstats`, 6.2+, for OOM counts). Checked against Redis 7.0.15. INFO counters are totals since
 * start, so they are judged over the window since the previous poll (counter-window.ts): without one
 * they only inform. Threshold: seed-catalogue §4 has no rate number ("evicted_keys increasing
 * rapidly"), so any eviction in the window is a warning (data is being dropped by memory pressure, not
 * by its TTL); OOM rejections in the window are critical (writes are failing).
 */
import type { Finding } from '../../../../shared/findings'
import { NO_WINDOW, windowedSeverity, type CounterWindow } from '../../counter-window'
import { countedInInfo, errorCounter } from '../info-counters'
import { errorStats, infoNumber, type RedisInfo } from '../parse-info'
import { redisRule } from '../records'
import { finding, onNode } from './util'

export const EVICTION_RULE = 'redis.eviction'
export const OOM_RULE = 'redis.oom-errors'

const evictionRule = (info: RedisInfo, node: string | null, window: CounterWindow = NO_WINDOW): Finding[] => {
  const out: Finding[] = []
  const evictedTotal = infoNumber(info, 'evicted_keys')
  const expired = infoNumber(info, 'expired_keys')
  if (evictedTotal !== null) {
    const evicted = countedInInfo(info, window, 'evicted_keys', evictedTotal)
    if (evicted.count > 0)
      out.push(
        finding(
          EVICTION_RULE,
          windowedSeverity(evicted, 'warning'),
          `${evicted.count} keys evicted ${evicted.span}`,
          `Redis deleted ${evicted.count} keys ${evicted.span} to stay under maxmemory (policy ${info.fields.maxmemory_policy ?? 'unknown'}); expired keys since start: ${expired ?? 'unknown'}. Evicting hot keys turns into a cache-miss storm on the backing database. Raise maxmemory or shorten TTLs.`,
          node,
          {
            evictedKeys: evicted.count,
            evictedKeysTotal: evictedTotal,
            windowSeconds: window.seconds,
            expiredKeys: expired
          }
        )
      )
  }
  const oomTotal = errorStats(info).OOM ?? 0
  const oom = countedInInfo(info, window, errorCounter('OOM'), oomTotal)
  if (oom.count > 0)
    out.push(
      finding(
        OOM_RULE,
        windowedSeverity(oom, 'critical'),
        `${oom.count} commands rejected with OOM ${oom.span}`,
        `The server refused ${oom.count} writes ${oom.span} because used memory reached maxmemory. Check maxmemory and maxmemory-policy, add TTLs, or scale out.`,
        node,
        { oomErrors: oom.count, oomErrorsTotal: oomTotal, windowSeconds: window.seconds }
      )
    )
  return out
}

/** Also emits `redis.oom-errors`: both read the same window of the same counters. */
export const eviction = redisRule({
  id: EVICTION_RULE,
  needs: ['info'],
  evaluate: ({ info }, { node, window }) =>
    onNode(evictionRule(info, node, window), node, {
      evictedKeys: 'count',
      evictedKeysTotal: 'count',
      windowSeconds: 'seconds',
      expiredKeys: 'count',
      oomErrors: 'count',
      oomErrorsTotal: 'count'
    })
})
