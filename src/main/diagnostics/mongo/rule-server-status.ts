/**
 * Rules on serverStatus (3.0-8.0; tickets from wiredTiger.concurrentTransactions up to 6.x and
 * queues.execution from 7.0).
 * - mongo.wt-cache: cache fill >= 80 % warning (WiredTiger eviction_target default), >= 95 % critical
 *   (eviction_trigger default: application threads start evicting)
 * - mongo.wt-dirty-cache: dirty >= 5 % warning (eviction_dirty_target), >= 20 % critical
 *   (eviction_dirty_trigger; the seed's "20 %" is correct, seed-catalogue section 8 item 49)
 * - mongo.tickets: no ticket available critical; >= 90 % in use warning (our line)
 * - mongo.connections: current / (current + available) >= 80 % warning, >= 95 % critical (our lines)
 * - mongo.asserts: regular or warning asserts since start > 0 (server-side assertion failures), warning
 * - mongo.page-faults: >= 10 page faults per second of uptime on average (our line), info
 */
import type { EvidenceUnit } from '../../../shared/findings'
import { about, finding, fmt, nodeSubject } from './finding'
import type { ServerStatus } from './parse-records'
import { mongoRule, type MongoContext } from './records'
import { cacheRatios, pct } from './summaries'

const onNode = (s: ServerStatus, c: MongoContext) => nodeSubject(c.node, s.host)

const CACHE_UNITS: Record<string, EvidenceUnit> = {
  maxBytes: 'bytes',
  usedBytes: 'bytes',
  dirtyBytes: 'bytes',
  appThreadEvictions: 'count'
}

const cacheEvidence = (s: ServerStatus) => ({
  maxBytes: s.cache?.maxBytes ?? null,
  usedBytes: s.cache?.usedBytes ?? null,
  dirtyBytes: s.cache?.dirtyBytes ?? null,
  appThreadEvictions: s.cache?.appThreadEvictions ?? null
})

export const wtCacheRule = mongoRule({
  id: 'mongo.wt-cache',
  needs: ['serverStatus'],
  evaluate: ({ serverStatus: s }, c) => {
    const { fill } = cacheRatios(s)
    if (fill === null || fill < 0.8) return []
    return [
      about(
        finding(
          'mongo.wt-cache',
          fill >= 0.95 ? 'critical' : 'warning',
          `WiredTiger cache ${pct(fill)}% full`,
          `${fmt(s.cache?.usedBytes ?? 0)} of ${fmt(s.cache?.maxBytes ?? 0)} bytes are in use. Above 80% eviction threads work to free space; at 95% application threads are drafted into eviction and latency climbs${s.cache?.appThreadEvictions ? ` (${fmt(s.cache.appThreadEvictions)} pages already evicted by application threads)` : ''}. The working set may exceed the cache: check indexes and memory.`,
          s.host,
          { ...cacheEvidence(s), fillPercent: pct(fill) }
        ),
        onNode(s, c),
        { units: CACHE_UNITS }
      )
    ]
  }
})

export const wtDirtyCacheRule = mongoRule({
  id: 'mongo.wt-dirty-cache',
  needs: ['serverStatus'],
  evaluate: ({ serverStatus: s }, c) => {
    const { dirty } = cacheRatios(s)
    if (dirty === null || dirty < 0.05) return []
    return [
      about(
        finding(
          'mongo.wt-dirty-cache',
          dirty >= 0.2 ? 'critical' : 'warning',
          `WiredTiger cache ${pct(dirty)}% dirty`,
          `${fmt(s.cache?.dirtyBytes ?? 0)} bytes of modified data wait to be written. Above 5% eviction works to write it out; at 20% application threads must help and writes stall. Do not lower the eviction triggers: that makes stalls more frequent.`,
          s.host,
          { ...cacheEvidence(s), dirtyPercent: pct(dirty) }
        ),
        onNode(s, c),
        { units: CACHE_UNITS }
      )
    ]
  }
})

export const ticketsRule = mongoRule({
  id: 'mongo.tickets',
  needs: ['serverStatus'],
  evaluate: ({ serverStatus: s }, c) =>
    s.tickets.flatMap((t) => {
      if (t.total <= 0) return []
      const used = t.out / t.total
      if (t.available !== 0 && used < 0.9) return []
      return [
        about(
          finding(
            'mongo.tickets',
            t.available === 0 ? 'critical' : 'warning',
            `${t.kind} tickets ${t.available === 0 ? 'exhausted' : `${pct(used)}% in use`}`,
            `${t.out} of ${t.total} concurrent ${t.kind} transactions are in use; further ${t.kind}s queue. Look for slow operations holding them.`,
            s.host,
            { ...t }
          ),
          onNode(s, c),
          { units: { out: 'count', available: 'count', total: 'count' } }
        )
      ]
    })
})

export const connectionsRule = mongoRule({
  id: 'mongo.connections',
  needs: ['serverStatus'],
  evaluate: ({ serverStatus: s }, c) => {
    const { current, available } = s.connections
    if (current === null || available === null || current + available <= 0) return []
    const used = current / (current + available)
    if (used < 0.8) return []
    return [
      about(
        finding(
          'mongo.connections',
          used >= 0.95 ? 'critical' : 'warning',
          `${pct(used)}% of incoming connections used`,
          `${fmt(current)} connections are open and ${fmt(available)} remain. Check client pool sizes (the drivers' default maxPoolSize is 100 per client) and connection leaks.`,
          s.host,
          { current, available }
        ),
        onNode(s, c),
        { units: { current: 'count', available: 'count' } }
      )
    ]
  }
})

export const assertsRule = mongoRule({
  id: 'mongo.asserts',
  needs: ['serverStatus'],
  evaluate: ({ serverStatus: s }, c) => {
    const serverAsserts = (s.asserts.regular ?? 0) + (s.asserts.warning ?? 0)
    if (serverAsserts <= 0) return []
    return [
      about(
        finding(
          'mongo.asserts',
          'warning',
          `${fmt(serverAsserts)} server assertions since start`,
          `serverStatus counts ${fmt(s.asserts.regular ?? 0)} regular and ${fmt(s.asserts.warning ?? 0)} warning asserts: the server hit internal errors. Read the mongod log around them.`,
          s.host,
          { ...s.asserts }
        ),
        onNode(s, c),
        { units: { regular: 'count', warning: 'count', user: 'count' } }
      )
    ]
  }
})

export const pageFaultsRule = mongoRule({
  id: 'mongo.page-faults',
  needs: ['serverStatus'],
  evaluate: ({ serverStatus: s }, c) => {
    if (s.pageFaults === null || !s.uptimeSeconds) return []
    const rate = s.pageFaults / s.uptimeSeconds
    if (rate < 10) return []
    return [
      about(
        finding(
          'mongo.page-faults',
          'info',
          `${fmt(Math.round(rate))} page faults per second on average`,
          `The process took ${fmt(s.pageFaults)} page faults in ${fmt(s.uptimeSeconds)} s: data is read from disk rather than memory.`,
          s.host,
          {
            pageFaults: s.pageFaults,
            uptimeSeconds: s.uptimeSeconds,
            perSecond: Math.round(rate * 100) / 100
          }
        ),
        onNode(s, c),
        { units: { pageFaults: 'count', uptimeSeconds: 'seconds' } }
      )
    ]
  }
})

export const serverStatusRules = [
  wtCacheRule,
  wtDirtyCacheRule,
  ticketsRule,
  connectionsRule,
  assertsRule,
  pageFaultsRule
]
