/**
 * Rule `redis.errorstats` (MOVED/ASK storms, WRONGTYPE, other error replies). Probe: `INFO errorstats`
 * (Redis 6.2+; older servers have no per-error counts, so the rule says it could not evaluate) and
 * `INFO commandstats` for the total number of calls. Checked against Redis 7.0.15.
 * Thresholds: redirects above 1% of all calls (and at least 1000) mean clients route by a stale slot map
 * or a resharding is running; WRONGTYPE is always an application bug (warning past 100, info below).
 */
import type { Finding } from '../../../../shared/findings'
import { commandStats, errorStats, type RedisInfo } from '../parse-info'
import { finding, notEvaluated } from './util'

export const ERRORSTATS_RULE = 'redis.errorstats'
export const REDIRECT_SHARE = 0.01
export const REDIRECT_MIN = 1000

export const errorstatsRule = (info: RedisInfo, node: string | null): Finding[] => {
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
  const calls = commandStats(info).reduce((a, c) => a + c.calls, 0)
  const out: Finding[] = []
  const redirects = (errors.MOVED ?? 0) + (errors.ASK ?? 0)
  if (redirects >= REDIRECT_MIN && calls > 0 && redirects / calls > REDIRECT_SHARE) {
    out.push(
      finding(
        ERRORSTATS_RULE,
        'warning',
        `${redirects} MOVED/ASK redirects (${((redirects / calls) * 100).toFixed(1)}% of calls)`,
        `Clients are sending commands to the wrong node: MOVED ${errors.MOVED ?? 0}, ASK ${errors.ASK ?? 0}. A cluster-aware client refreshes its slot map on MOVED; a storm means clients that do not, or a resharding in progress (ASK).`,
        node,
        { moved: errors.MOVED ?? 0, ask: errors.ASK ?? 0, calls }
      )
    )
  }
  const wrongtype = errors.WRONGTYPE ?? 0
  if (wrongtype > 0) {
    out.push(
      finding(
        ERRORSTATS_RULE,
        wrongtype > 100 ? 'warning' : 'info',
        `${wrongtype} WRONGTYPE errors`,
        `Commands ran against keys of another type (e.g. GET on a hash): an application bug or two features sharing a key name.`,
        node,
        { wrongtype }
      )
    )
  }
  const other = Object.entries(errors).filter(([k]) => !['MOVED', 'ASK', 'WRONGTYPE', 'OOM'].includes(k))
  if (other.length > 0) {
    const total = other.reduce((a, [, v]) => a + v, 0)
    out.push(
      finding(
        ERRORSTATS_RULE,
        'info',
        `${total} other error replies since start`,
        `By type: ${other.map(([k, v]) => `${k} ${v}`).join(', ')}.`,
        node,
        Object.fromEntries(other)
      )
    )
  }
  return out
}
