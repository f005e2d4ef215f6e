/** The INFO rules that read cumulative counters judge the window since the previous poll. */
import { describe, expect, it } from 'vitest'
import { CounterHistory, NO_WINDOW, type CounterWindow } from '../counter-window'
import { infoCounters, infoEpoch } from './info-counters'
import { evaluateRules } from '../pipeline/engine-diagnostics'
import { REDIS_NODE_DIAGNOSTICS } from './diagnostics'
import { parseInfo, type RedisInfo } from './parse-info'

const info = (fields: Record<string, string | number>): RedisInfo => {
  const text = ['# Server', 'run_id:aaaa', 'uptime_in_seconds:7200', '# Stats']
    .concat(Object.entries(fields).map(([k, v]) => `${k}:${v}`))
    .join('\n')
  const r = parseInfo(`${text}\n`)
  if (!r.ok) throw new Error(r.message)
  return r.value
}

const COUNTERS = {
  evicted_keys: 40,
  rejected_connections: 3,
  errorstat_OOM: 'count=12',
  errorstat_WRONGTYPE: 'count=500',
  errorstat_ERR: 'count=7',
  cmdstat_set: 'calls=1000,usec=10,usec_per_call=0.01'
}

/** Two polls 30 s apart: the first sets the baseline, the second is judged. */
const windowFor = (before: RedisInfo, after: RedisInfo): CounterWindow => {
  let t = 0
  const h = new CounterHistory(() => t)
  h.observe('n', infoEpoch(before), infoCounters(before))
  t += 30_000
  return h.observe('n', infoEpoch(after), infoCounters(after))
}

/** The INFO of node 'n', judged by the per-node rules over `window` (INFO alone, as pasted). */
const judge = (i: RedisInfo, window: CounterWindow) =>
  evaluateRules(REDIS_NODE_DIAGNOSTICS, { info: { ok: true, value: i } }, { node: 'n', window }, 'pasted')

const summary = (findings: ReturnType<typeof judge>): string[] =>
  findings.map((f) => `${f.rule} ${f.severity} ${f.title}`)

describe('INFO counter rules over a window', () => {
  it('without a window (first poll, pasted output) report totals since start at info', () => {
    expect(summary(judge(info(COUNTERS), NO_WINDOW))).toEqual([
      'redis.eviction info 40 keys evicted since server start (uptime 2 h)',
      'redis.oom-errors info 12 commands rejected with OOM since server start (uptime 2 h)',
      'redis.clients info 3 connections rejected at maxclients since server start (uptime 2 h)',
      'redis.errorstats info 500 WRONGTYPE errors since server start (uptime 2 h)',
      'redis.errorstats info 7 other error replies since server start (uptime 2 h)'
    ])
  })

  it('with a window judge only what grew in it, and say so', () => {
    const now = info({
      ...COUNTERS,
      evicted_keys: 45,
      rejected_connections: 4,
      errorstat_OOM: 'count=24',
      errorstat_WRONGTYPE: 'count=700',
      cmdstat_set: 'calls=3000,usec=10,usec_per_call=0.01'
    })
    expect(summary(judge(now, windowFor(info(COUNTERS), now)))).toEqual([
      'redis.eviction warning 5 keys evicted in the last 30 s',
      'redis.oom-errors critical 12 commands rejected with OOM in the last 30 s',
      'redis.clients critical 1 connections rejected at maxclients in the last 30 s',
      'redis.errorstats warning 200 WRONGTYPE errors in the last 30 s'
    ])
  })

  it('raise nothing once the counters stopped growing: an old episode is not an alarm', () => {
    const now = info(COUNTERS)
    expect(judge(now, windowFor(now, now))).toEqual([])
  })

  it('after a restart (new run_id) fall back to totals since start at info', () => {
    const before = info({ ...COUNTERS, errorstat_OOM: 'count=900' })
    const after = parseInfo('# Server\nrun_id:bbbb\nuptime_in_seconds:5\n# Stats\nerrorstat_OOM:count=2\n')
    if (!after.ok) throw new Error(after.message)
    expect(summary(judge(after.value, windowFor(before, after.value)))).toEqual([
      'redis.oom-errors info 2 commands rejected with OOM since server start (uptime 5.00 s)'
    ])
  })

  it('judge the MOVED/ASK share on the redirects and calls of the window', () => {
    const before = info({ errorstat_MOVED: 'count=5000', cmdstat_get: 'calls=1000000' })
    const after = info({ errorstat_MOVED: 'count=7000', cmdstat_get: 'calls=1010000' })
    expect(summary(judge(after, windowFor(before, after)))).toEqual([
      'redis.errorstats warning 2000 MOVED/ASK redirects in the last 30 s (20.0% of calls)'
    ])
    // The same totals with no window: 0.7% of all calls since start, below the share.
    expect(judge(after, NO_WINDOW)).toEqual([])
  })
})
