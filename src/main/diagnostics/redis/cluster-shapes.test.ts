// CLUSTER NODES / SHARDS / INFO in every print redis-cli gives, and the node states of a failover
// (issue 17), on fixtures recorded from Redis 7.0.15 by scripts/record-fixtures/redis-cluster-shapes.ts.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeText } from '../analyze'
import { NO_WINDOW } from '../counter-window'
import { evaluateRules } from '../pipeline/engine-diagnostics'
import { REDIS_CLUSTER_DIAGNOSTICS } from './diagnostics'
import { parseClusterInfo } from './parse-cluster-info'
import { parseClusterNodes } from './parse-cluster-nodes'
import { parseClusterShards } from './parse-cluster-shards'

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')
const run = (name: string) => analyzeText(fixture(name), { input: name })
const nodesOf = (name: string) => {
  const r = parseClusterNodes(fixture(name))
  if (!r.ok) throw new Error(r.message)
  return r.value
}
const shardsOf = (text: string) => {
  const r = parseClusterShards(text)
  if (!r.ok) throw new Error(r.message)
  return r.value
}

describe('CLUSTER NODES in every print', () => {
  // Recorded in one run from the shared cluster: the same nodes, but for the ping/pong clocks.
  const stable = (name: string) =>
    nodesOf(name)
      .map(({ pingSent: _p, pongReceived: _q, ...n }) => n)
      .sort((a, b) => a.id.localeCompare(b.id))

  it('the formatted print (EXEC, --no-raw) holds the three masters', () => {
    expect(
      stable('cluster-nodes--formatted-exec--redis7.0.txt').map((n) => [n.address, n.flags, n.slots])
    ).toEqual([
      ['127.0.0.1:47001', ['myself', 'master'], [[0, 5460]]],
      ['127.0.0.1:47002', ['master'], [[5461, 10922]]],
      ['127.0.0.1:47003', ['master'], [[10923, 16383]]]
    ])
  })

  it.each([
    'cluster-nodes--tty-exec--redis7.0.txt',
    'cluster-nodes--healthy--redis7.0.resp',
    'cluster-nodes--resp3-verbatim--redis7.0.resp'
  ])('%s reads as the same nodes as the formatted print', (name) => {
    const r = run(name)
    expect([r.ok, r.kind]).toEqual([true, 'redis.cluster-nodes'])
    expect(stable(name)).toEqual(stable('cluster-nodes--formatted-exec--redis7.0.txt'))
    expect(r.summary).toMatchObject({ nodes: 3, masters: 3, slotsCovered: 16384 })
  })

  it("EXEC's array copied without the transcript before it, and the bare quoted string, read the same", () => {
    const text = fixture('cluster-nodes--formatted-exec--redis7.0.txt')
    const exec = text.slice(text.indexOf('1) "'))
    const quoted = exec.slice('1) '.length)
    for (const t of [exec, quoted]) {
      const r = parseClusterNodes(t)
      expect(r.ok && r.value.map((n) => n.id).sort()).toEqual(
        stable('cluster-nodes--formatted-exec--redis7.0.txt').map((n) => n.id)
      )
      expect(analyzeText(t, { input: '-' }).kind).toBe('redis.cluster-nodes')
    }
  })

  it('a quoted print cut before its closing quote is TRUNCATED, not a short node list', () => {
    const text = fixture('cluster-nodes--formatted-exec--redis7.0.txt')
    const r = parseClusterNodes(text.slice(0, text.lastIndexOf('connected')))
    expect(r).toMatchObject({ ok: false, code: 'TRUNCATED' })
  })

  it('an EXEC array with another reply beside it is not taken for CLUSTER NODES', () => {
    const text = fixture('cluster-nodes--formatted-exec--redis7.0.txt').replace(/"\s*$/, '"\n2) "OK"\n')
    expect(parseClusterNodes(text)).toMatchObject({ ok: false, code: 'MALFORMED' })
  })
})

describe('CLUSTER INFO in every print', () => {
  it.each(['cluster-info--formatted-exec--redis7.0.txt', 'cluster-info--healthy--redis7.0.resp'])(
    '%s reads as CLUSTER INFO, not INFO',
    (name) => {
      const r = run(name)
      expect([r.ok, r.kind]).toEqual([true, 'redis.cluster-info'])
      expect(r.summary).toMatchObject({ state: 'ok', slotsAssigned: 16384, slotsOk: 16384, knownNodes: 3 })
    }
  )
})

describe('CLUSTER SHARDS piped (raw print)', () => {
  it('reads every shard, node and slot range', () => {
    const piped = shardsOf(fixture('cluster-shards--piped-raw--redis7.0.txt'))
    expect(piped.map((s) => [s.slots, s.nodes.map((n) => `${n.role} ${n.address} ${n.health}`)])).toEqual([
      [[[5461, 10922]], ['master 127.0.0.1:47002 online']],
      [[[0, 5460]], ['master 127.0.0.1:47001 online']],
      [[[10923, 16383]], ['master 127.0.0.1:47003 online']]
    ])
    expect(piped[0]?.nodes[0]).toEqual({
      id: '76afeb39017939bff311373ebac6e7fa8b252eac',
      address: '127.0.0.1:47002',
      role: 'master',
      health: 'online',
      replicationOffset: 0
    })
    expect(run('cluster-shards--piped-raw--redis7.0.txt')).toMatchObject({
      ok: true,
      kind: 'redis.cluster-shards',
      summary: { shards: 3, nodes: 3, unhealthyNodes: 0 }
    })
  })

  it('a copy cut inside a node is TRUNCATED at its line', () => {
    const text = fixture('cluster-shards--piped-raw--redis7.0.txt')
    const cut = text.slice(0, text.lastIndexOf('health\n') + 'health\n'.length)
    expect(parseClusterShards(cut)).toMatchObject({ ok: false, code: 'TRUNCATED' })
  })

  it('an odd run of slot bounds is MALFORMED', () => {
    expect(parseClusterShards('slots\n0\n1\n2\nnodes\nid\nx\n')).toMatchObject({
      ok: false,
      code: 'MALFORMED'
    })
  })
})

describe('myself and noaddr after a failover', () => {
  it('the promoted replica is myself,master with the old slots; the old master fail and slotless', () => {
    const nodes = nodesOf('cluster-nodes--replica-promoted--redis7.0.txt')
    const me = nodes.find((n) => n.flags.includes('myself'))
    expect(me).toMatchObject({ address: '127.0.0.1:45104', role: 'master', slots: [[0, 5460]] })
    const old = nodes.find((n) => n.flags.includes('fail'))
    expect(old).toMatchObject({
      address: '127.0.0.1:45101',
      role: 'master',
      slots: [],
      linkState: 'disconnected'
    })
  })

  it('a failed master with no slots is a stale entry to forget (warning), not slots lost', () => {
    const r = run('cluster-nodes--replica-promoted--redis7.0.txt')
    const f = r.findings.filter((x) => x.rule === 'redis.cluster-state')
    expect(f.map((x) => `${x.severity} ${x.title}`)).toEqual([
      'warning Failed master 127.0.0.1:45101 no longer serves slots',
      'warning 3 of 3 masters have no working replica'
    ])
    const old = nodesOf('cluster-nodes--replica-promoted--redis7.0.txt').find((n) => n.flags.includes('fail'))
    expect(f[0]?.detail).toContain(`CLUSTER FORGET ${old?.id ?? '?'}`)
    expect(f[0]?.subject).toEqual({ kind: 'node', name: '127.0.0.1:45101', node: '127.0.0.1:45101' })
  })

  it('noaddr: the old entry lost its address when its port answered with a new id', () => {
    const nodes = nodesOf('cluster-nodes--noaddr-after-failover--redis7.0.txt')
    const old = nodes.find((n) => n.flags.includes('noaddr'))
    expect(old).toMatchObject({ address: '', busPort: null, flags: ['master', 'fail', 'noaddr'], slots: [] })
    const f = run('cluster-nodes--noaddr-after-failover--redis7.0.txt').findings[0]
    expect(f?.title).toBe(
      `Failed master ${old?.id.slice(0, 8) ?? '?'} no longer serves slots and has no address (noaddr)`
    )
    expect(f?.detail).toContain('another node now answers on the address it had')
  })
})

describe('slots in fail while cluster_state is ok (cluster-require-full-coverage no)', () => {
  it('CLUSTER INFO alone: critical, with the counts', () => {
    const r = run('cluster-info--slots-fail-partial-coverage--redis7.0.txt')
    expect(r.summary).toMatchObject({ state: 'ok', slotsFail: 5462, slotsOk: 10922 })
    const f = r.findings.filter((x) => x.rule === 'redis.cluster-state')
    expect(f.map((x) => `${x.severity} ${x.title}`)).toEqual([
      'critical 5462 slots in fail while cluster_state is ok'
    ])
    expect(f[0]?.evidence).toMatchObject({ state: 'ok', slotsFail: 5462 })
    expect(f[0]?.units).toMatchObject({ slotsFail: 'count' })
  })

  const clusterInfo = () => {
    const r = parseClusterInfo(fixture('cluster-info--slots-fail-partial-coverage--redis7.0.txt'))
    if (!r.ok) throw new Error(r.message)
    return r.value
  }
  const judgeCluster = (nodesFixture: string) =>
    evaluateRules(
      REDIS_CLUSTER_DIAGNOSTICS,
      {
        cluster_info: { ok: true, value: clusterInfo() },
        cluster_nodes: { ok: true, value: nodesOf(nodesFixture) }
      },
      { node: '127.0.0.1:45104', window: NO_WINDOW }
    )

  it('live (CLUSTER NODES + INFO): the slots not served, and why the state is still ok', () => {
    const [f] = judgeCluster('cluster-nodes--slots-fail-partial-coverage--redis7.0.txt')
    expect(f?.title).toBe('cluster_state:ok: 5462 slots not served (5461-10922)')
    expect(f?.detail).toContain('cluster_state stays ok because cluster-require-full-coverage is no')
  })

  it('live, with a node list that does not show the failure yet: still critical, from CLUSTER INFO', () => {
    const [f] = judgeCluster('cluster-nodes--formatted-exec--redis7.0.txt')
    expect([f?.severity, f?.title]).toEqual(['critical', 'cluster_state:ok: 5462 slots not served'])
    expect(f?.detail).toContain(
      'CLUSTER INFO counts 5462 slots in fail that CLUSTER NODES still shows served'
    )
  })

  it('CLUSTER NODES of the same moment: the slots not served name only the master that owned them', () => {
    const f = run('cluster-nodes--slots-fail-partial-coverage--redis7.0.txt').findings
    expect(f[0]?.title).toBe('5462 slots not served (5461-10922)')
    expect(f[0]?.detail).toContain('Failed masters: 127.0.0.1:45102 (5461-10922).')
    const noaddr = nodesOf('cluster-nodes--slots-fail-partial-coverage--redis7.0.txt').find((n) =>
      n.flags.includes('noaddr')
    )
    expect(f[0]?.detail).not.toContain(noaddr?.id.slice(0, 8) ?? '?')
  })
})

describe('a piped CLUSTER SHARDS cut inside its last line', () => {
  it('is TRUNCATED when the last value has no line end and cannot be whole, and read when it can', () => {
    const text = fixture('cluster-shards--piped-raw--redis7.0.txt')
    const at = text.indexOf('health\nonline') + 'health\non'.length
    const cutHealth = analyzeText(text.slice(0, at), { input: 'x' })
    expect(cutHealth.error?.code).toBe('TRUNCATED')
    expect(cutHealth.error?.message).toMatch(/health "on" is cut/)
    const cutKey = analyzeText(text.slice(0, text.indexOf('\nnodes\n') + 3), { input: 'x' })
    expect(cutKey.error?.code).toBe('TRUNCATED')
    // The same copy without its final line end (a terminal selection) is still whole.
    expect(analyzeText(text.trimEnd(), { input: 'x' }).ok).toBe(true)
  })
})
