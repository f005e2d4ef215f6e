/**
 * Rule `redis.errorstats` (MOVED/ASK storms, WRONGTYPE, other error replies). Probe: `INFO errorstats`
 * (Redis 6.2+; older servers have no per-error counts, so the rule says it could not evaluate) and
 * `INFO commandstats` for the total number of calls. Checked against Redis 7.0.15.
 * The counts are totals since start, judged over the window since the previous poll (counter-window.ts):
 * without a window they only inform. Thresholds: redirects above 1% of all calls (and at least 1000) mean clients route by a stale slot map
 * or a resharding is running; WRONGTYPE is always an application bug (warning past 100, info below).
 */
import type { Finding } from '../../../../shared/findings'
import { NO_WINDOW, windowedSeverity, type CounterWindow } from '../../counter-window'
import { CALLS_COUNTER, countedInInfo, errorCounter } from '../info-counters'
import { commandStats, errorStats, type RedisInfo } from '../parse-info'
import { redisRule } from '../records'
import { finding, notEvaluated, onNode } from './util'

export const ERRORSTATS_RULE = 'redis.errorstats'
export const REDIRECT_SHARE = 0.01
export const REDIRECT_MIN = 1000

const errorstatsRule = (
  info: RedisInfo,
  node: string | null,
  window: CounterWindow = NO_WINDOW
): Finding[] => {
  const hasSection = info.sections.includes('errorstats')
  const errors = errorStats(info)
  if (!hasSection && Object.keys(errors).length === 0) {
    const everything = info.sections.includes('commandstats')
    return everything
      ? [
          notEvaluated(
            ERRORSTATS_RULE,
            'INFO has no errorstats section (Redis 6.2+): error counts per type are not available.',
            node
          )
        ]
      : []
  }
  const errorCount = (type: string): number =>
    countedInInfo(info, window, errorCounter(type), errors[type] ?? 0).count
  // Every counter of one INFO shares the window, so the calls' span and windowedness speak for all.
  const calls = countedInInfo(
    info,
    window,
    CALLS_COUNTER,
    commandStats(info).reduce((a, c) => a + c.calls, 0)
  )
  const out: Finding[] = []
  const moved = errorCount('MOVED')
  const ask = errorCount('ASK')
  const redirects = moved + ask
  if (redirects >= REDIRECT_MIN && calls.count > 0 && redirects / calls.count > REDIRECT_SHARE) {
    out.push(
      finding(
        ERRORSTATS_RULE,
        windowedSeverity(calls, 'warning'),
        `${redirects} MOVED/ASK redirects ${calls.span} (${((redirects / calls.count) * 100).toFixed(1)}% of calls)`,
        `Clients are sending commands to the wrong node: MOVED ${moved}, ASK ${ask}. A cluster-aware client refreshes its slot map on MOVED; a storm means clients that do not, or a resharding in progress (ASK).`,
        node,
        { moved, ask, calls: calls.count, windowSeconds: window.seconds }
      )
    )
  }
  const wrongtype = countedInInfo(info, window, errorCounter('WRONGTYPE'), errors.WRONGTYPE ?? 0)
  if (wrongtype.count > 0) {
    out.push(
      finding(
        ERRORSTATS_RULE,
        wrongtype.count > 100 ? windowedSeverity(wrongtype, 'warning') : 'info',
        `${wrongtype.count} WRONGTYPE errors ${wrongtype.span}`,
        `Commands ran against keys of another type (e.g. GET on a hash): an application bug or two features sharing a key name.`,
        node,
        { wrongtype: wrongtype.count, windowSeconds: window.seconds }
      )
    )
  }
  const other = Object.keys(errors)
    .filter((k) => !['MOVED', 'ASK', 'WRONGTYPE', 'OOM'].includes(k))
    .map((k) => [k, errorCount(k)] as const)
    .filter(([, n]) => n > 0)
  if (other.length > 0) {
    const total = other.reduce((a, [, v]) => a + v, 0)
    out.push(
      finding(
        ERRORSTATS_RULE,
        'info',
        `${total} other error replies ${calls.span}`,
        `By type: ${other.map(([k, v]) => `${k} ${v}`).join(', ')}.`,
        node,
        Object.fromEntries(other)
      )
    )
  }
  return out
}

export const errorstats = redisRule({
  id: ERRORSTATS_RULE,
  needs: ['info'],
  evaluate: ({ info }, { node, window }) =>
    onNode(errorstatsRule(info, node, window), node, {
      moved: 'count',
      ask: 'count',
      calls: 'count',
      wrongtype: 'count',
      windowSeconds: 'seconds'
    })
})
