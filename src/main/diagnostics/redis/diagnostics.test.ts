/** The Redis registry as both paths use it: subjects, units and remedies decided here, coverage per path. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BigKeysResult } from '../../../shared/records/redis'
import { remedyFromEvidence } from '../../testing/remedy-from-evidence'
import { analyzeText } from '../analyze'
import { NO_WINDOW } from '../counter-window'
import { evaluateRules } from '../pipeline/engine-diagnostics'
import { REDIS_BIG_KEY_DIAGNOSTICS, REDIS_CLUSTER_DIAGNOSTICS, REDIS_NODE_DIAGNOSTICS } from './diagnostics'
import { parseClusterInfo } from './parse-cluster-info'
import { parseClusterNodes } from './parse-cluster-nodes'
import { parseInfo } from './parse-info'
import { parseSlowlog } from './parse-slowlog'
import { groupSlowlog } from './rules/slowlog'

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')
const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message)
  return r.value
}
const NODE = '127.0.0.1:46014'

describe('redis.big-key on the recorded sample', () => {
  const sample = JSON.parse(fixture('big-keys--hash-and-list--redis7.0.json')) as BigKeysResult
  const findings = evaluateRules(
    REDIS_BIG_KEY_DIAGNOSTICS,
    { big_keys: { ok: true, value: sample } },
    { node: null, window: NO_WINDOW }
  )

  it('names each big key and the node that holds it, with its size in bytes', () => {
    expect(findings.map((f) => [f.severity, f.subject, f.units])).toEqual([
      ['warning', { kind: 'key', name: 'rt:bighash', node: NODE }, { bytes: 'bytes' }],
      ['warning', { kind: 'key', name: 'rt:biglist', node: NODE }, { bytes: 'bytes' }]
    ])
  })

  it('offers UNLINK of the key, the same remedy the renderer computed from evidence', () => {
    for (const f of findings) {
      expect(f.remedy).toEqual({
        action: 'redis.unlink',
        target: { keys: [f.subject?.name] },
        label: 'UNLINK key'
      })
      expect(f.remedy).toEqual(remedyFromEvidence(f))
    }
  })

  it('a failed scan says it could not evaluate', () => {
    const [f] = evaluateRules(
      REDIS_BIG_KEY_DIAGNOSTICS,
      { big_keys: { ok: false, why: 'The big-key scan failed: NOPERM' } },
      { node: null, window: NO_WINDOW }
    )
    expect(f).toMatchObject({ rule: 'redis.big-key', title: 'Could not evaluate redis.big-key' })
    expect(f?.detail).toContain('NOPERM')
  })
})

describe('per-node rules, live coverage', () => {
  const info = value(parseInfo(fixture('info--hand-made--redis2.6.txt')))
  const findings = evaluateRules(
    REDIS_NODE_DIAGNOSTICS,
    {
      info: { ok: true, value: info },
      slowlog: { ok: false, why: 'SLOWLOG GET failed: ERR unknown command' },
      latency: { ok: true, value: [] },
      config: { ok: false, why: "CONFIG GET failed: ERR unknown command 'CONFIG'" }
    },
    { node: NODE, window: NO_WINDOW }
  )

  it('every rule whose probe failed says so, by rule', () => {
    expect(findings.filter((f) => f.title.startsWith('Could not evaluate')).map((f) => f.rule)).toEqual([
      'redis.config',
      'redis.slowlog',
      'redis.dangerous-commands'
    ])
  })

  it('INFO findings are about the node, with the units of their measurements', () => {
    const frag = findings.find((f) => f.rule === 'redis.fragmentation')
    expect(frag?.subject).toEqual({ kind: 'node', name: NODE, node: NODE })
    expect(frag?.units).toEqual({
      usedMemoryBytes: 'bytes',
      usedMemoryRssBytes: 'bytes',
      fragmentationRatio: 'ratio',
      gapBytes: 'bytes'
    })
    expect(findings.find((f) => f.rule === 'redis.persistence' && f.severity === 'warning')?.units).toEqual({
      latestForkUsec: 'us'
    })
  })
})

describe('pasted output goes through the same rules', () => {
  it('a pasted INFO has no node: its findings carry units but name no subject', () => {
    const r = analyzeText(fixture('info--hand-made--redis2.6.txt'), { input: 'x' })
    const frag = r.findings.find((f) => f.rule === 'redis.fragmentation')
    expect(frag?.subject).toBeUndefined()
    expect(frag?.units?.gapBytes).toBe('bytes')
    // Only INFO was pasted: no rule that needs SLOWLOG, CONFIG or LATENCY speaks.
    expect(r.findings.some((f) => f.title.startsWith('Could not evaluate'))).toBe(false)
  })

  it('slow log findings are about their command', () => {
    const r = analyzeText(fixture('slowlog-get--debug-sleep--redis7.0.resp'), { input: 'x' })
    expect(r.findings.map((f) => f.subject)).toEqual([
      { kind: 'command', name: 'EVAL' },
      { kind: 'command', name: 'SORT' },
      { kind: 'command', name: 'DEBUG' },
      { kind: 'command', name: 'DEBUG' },
      { kind: 'command', name: 'SORT' }
    ])
    expect(r.findings[0]?.units).toMatchObject({ totalUs: 'us', maxUs: 'us', count: 'count' })
  })

  it('cluster findings are about the cluster or the failed node', () => {
    const r = analyzeText(fixture('cluster-nodes--master-killed--redis7.0.txt'), { input: 'x' })
    const failed = r.findings.find((f) => f.title.endsWith('is marked fail'))
    expect(failed?.subject).toEqual({ kind: 'node', name: failed?.target, node: failed?.target })
    expect(r.findings[0]?.subject).toEqual({ kind: 'cluster', name: 'cluster' })
    expect(r.findings[0]?.units).toMatchObject({ uncoveredSlots: 'count' })
  })

  it('CLUSTER INFO judged alone, and not again when CLUSTER NODES is there', () => {
    const text = fixture('cluster-info--master-killed--redis7.0.txt')
    expect(analyzeText(text, { input: 'x' }).findings.map((f) => f.title)).toEqual(['cluster_state:fail'])
    const both = evaluateRules(
      REDIS_CLUSTER_DIAGNOSTICS,
      {
        cluster_info: { ok: true, value: value(parseClusterInfo(text)) },
        cluster_nodes: {
          ok: true,
          value: value(parseClusterNodes(fixture('cluster-nodes--master-killed--redis7.0.txt')))
        }
      },
      { node: null, window: NO_WINDOW }
    )
    expect(both.map((f) => f.title)).toContain('cluster_state:fail: 5461 slots not served (10923-16383)')
    expect(both.map((f) => f.title)).not.toContain('cluster_state:fail')
  })

  it('output only ever pasted is judged by rules too (CLUSTER SHARDS, LATENCY DOCTOR)', () => {
    const shards = analyzeText(fixture('cluster-shards--master-killed--redis7.0.txt'), { input: 'x' })
    expect(shards.findings.map((f) => [f.severity, f.title, f.subject])).toEqual([
      [
        'critical',
        'master 127.0.0.1:45003 is fail',
        { kind: 'node', name: '127.0.0.1:45003', node: '127.0.0.1:45003' }
      ]
    ])
    const doctor = analyzeText(fixture('latency-doctor--debug-sleep--redis7.0.txt'), { input: 'x' })
    expect(doctor.findings.map((f) => [f.rule, f.severity, f.units?.worstMs])).toEqual([
      ['redis.latency', 'warning', 'ms'],
      ['redis.latency', 'info', 'ms']
    ])
  })

  it('live, a cluster without CLUSTER NODES or CLUSTER INFO says so for each', () => {
    expect(
      evaluateRules(REDIS_CLUSTER_DIAGNOSTICS, {}, { node: null, window: NO_WINDOW }).map((f) => f.detail)
    ).toEqual(['The cluster_nodes probe was not run.', 'The cluster_info probe was not run.'])
  })
})

describe('groupSlowlog: the one grouping, judged by the rule and shown by the Redis page', () => {
  it('groups entries by command: count, total, average, worst, and who sent them', () => {
    const entries = [
      ...value(parseSlowlog(fixture('slowlog-get--debug-sleep--redis7.0.resp'))),
      ...value(parseSlowlog(fixture('slowlog-get-piped--debug-sleep--redis7.0.txt')))
    ]
    const debug = entries.filter((e) => e.command === 'DEBUG')
    expect(debug).toHaveLength(2)
    const groups = groupSlowlog(entries)
    const group = groups.find((g) => g.command === 'DEBUG')
    const total = debug.reduce((a, e) => a + e.durationUs, 0)
    expect(group).toEqual({
      command: 'DEBUG',
      count: 2,
      totalUs: total,
      avgUs: total / 2,
      maxUs: Math.max(...debug.map((e) => e.durationUs)),
      clients: debug.map((e) => `rt-sleeper (${e.clientAddress})`)
    })
    // Worst total first.
    expect(groups.map((g) => g.totalUs)).toEqual(groups.map((g) => g.totalUs).sort((a, b) => b - a))
  })
})

describe('a stall is judged by how long it lasted (stall-severity.ts)', () => {
  const judge = (text: string) =>
    analyzeText(text, { input: 'x' })
      .findings.filter((f) => f.rule === 'redis.slowlog' || f.rule === 'redis.latency')
      .map((f) => [f.severity, f.title])

  it('the recorded stalls: the 159 ms EVAL and the 158 ms command spike warn, the 50 ms ones inform', () => {
    expect(judge(fixture('slowlog-get--debug-sleep--redis7.0.txt'))).toEqual([
      ['warning', 'EVAL: 1 slow call, 159.0 ms in total, worst 159.0 ms'],
      ['info', 'DEBUG: 1 slow call, 50.1 ms in total, worst 50.1 ms'],
      ['info', 'SORT: 1 slow call, 49.1 ms in total, worst 49.1 ms']
    ])
    expect(judge(fixture('latency-latest--debug-sleep--redis7.0.txt'))).toEqual([
      ['warning', 'Latency event "command": worst 158 ms, latest 158 ms'],
      ['info', 'Latency event "fast-command": worst 6 ms, latest 6 ms']
    ])
  })

  it('a 2 s stall is critical: the same recordings with the durations scaled (derived, not recorded)', () => {
    // A 2 s DEBUG SLEEP would stall the shared test server for everyone; the reply shape is the recorded one.
    const slowlog = fixture('slowlog-get--debug-sleep--redis7.0.txt').replace(
      '(integer) 158990',
      '(integer) 2000000'
    )
    expect(judge(slowlog)[0]).toEqual(['critical', 'EVAL: 1 slow call, 2000.0 ms in total, worst 2000.0 ms'])
    const latest = fixture('latency-latest--debug-sleep--redis7.0.txt')
      .replace('3) (integer) 158', '3) (integer) 2000')
      .replace('4) (integer) 158', '4) (integer) 2000')
    expect(judge(latest)[0]).toEqual(['critical', 'Latency event "command": worst 2000 ms, latest 2000 ms'])
    // The boundaries: 999 ms warns, 1000 ms is critical, 99 ms informs.
    const at = (msValue: number) =>
      judge(
        latest
          .replace('3) (integer) 2000', `3) (integer) ${msValue}`)
          .replace('4) (integer) 2000', `4) (integer) ${msValue}`)
      )[0]?.[0]
    expect([at(99), at(100), at(999), at(1000)]).toEqual(['info', 'warning', 'warning', 'critical'])
  })
})
