/**
 * Rule `redis.latency` (latency monitor events: command, fast-command, fork, expire-cycle, aof-*...).
 * Probe: `LATENCY LATEST` (2.8.13+; empty unless latency-monitor-threshold > 0, so an empty reply with the
 * monitor off is reported as not evaluated when the config is known). Checked against Redis 7.0.15.
 * Threshold: by the worst spike, as for redis.slowlog (stall-severity.ts): >= 100 ms warning, >= 1 s
 * critical, below info.
 */
import type { Finding } from '../../../../shared/findings'
import type { LatencyEvent } from '../../../../shared/records/redis'
import { redisRule } from '../records'
import { stallSeverity } from './stall-severity'
import { finding, notEvaluated, onNode } from './util'

export const LATENCY_RULE = 'redis.latency'

const latencyRule = (
  events: LatencyEvent[],
  node: string | null,
  config: Record<string, string> | null = null
): Finding[] => {
  if (events.length === 0 && config?.['latency-monitor-threshold'] === '0') {
    return [
      notEvaluated(
        LATENCY_RULE,
        'The latency monitor is off (latency-monitor-threshold 0): no latency events are recorded.',
        node
      )
    ]
  }
  return events
    .slice()
    .sort((a, b) => b.maxMs - a.maxMs)
    .map((e) =>
      finding(
        LATENCY_RULE,
        stallSeverity(e.maxMs),
        `Latency event "${e.event}": worst ${e.maxMs} ms, latest ${e.latestMs} ms`,
        `The server's latency monitor recorded "${e.event}" spikes; the latest at unix time ${e.timestamp}. LATENCY DOCTOR explains the likely causes.`,
        node,
        { event: e.event, latestMs: e.latestMs, maxMs: e.maxMs, timestamp: e.timestamp }
      )
    )
}

export const latency = redisRule({
  id: LATENCY_RULE,
  needs: ['latency'],
  evaluate: ({ latency, config }, { node }) =>
    onNode(latencyRule(latency, node, config ?? null), node, { latestMs: 'ms', maxMs: 'ms' })
})
/** `LATENCY DOCTOR` pasted: each event it lists, with the first of its advice. */
export const latencyDoctor = redisRule({
  id: LATENCY_RULE,
  needs: ['latency_doctor'],
  evaluate: ({ latency_doctor: report }, { node }) =>
    onNode(
      report.events.map((e) =>
        finding(
          LATENCY_RULE,
          stallSeverity(e.worstMs),
          `Latency event "${e.event}": ${e.spikes} spikes, worst ${e.worstMs} ms`,
          `Average ${e.averageMs} ms. ${report.advice.slice(0, 2).join(' ')}`,
          null,
          e
        )
      ),
      node,
      { spikes: 'count', averageMs: 'ms', worstMs: 'ms' }
    )
})
