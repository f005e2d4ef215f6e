import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../../shared/findings'
import {
  clusterNodes,
  formatRanges,
  infoMap,
  infoNumber,
  parseSlotRanges,
  ruleTone,
  slotCount
} from './redis-model'
import { clusterNode } from '../../testing/records'

describe('redis model', () => {
  it('reads INFO rows', () => {
    const info = infoMap([
      { field: 'used_memory', value: '1024' },
      { field: 'role', value: 'master' }
    ])
    expect(infoNumber(info, 'used_memory')).toBe(1024)
    expect(infoNumber(info, 'role')).toBeNull()
  })

  // The slow log is grouped once, in main (groupSlowlog, tested in src/main/diagnostics/redis/diagnostics.test.ts).

  it("tints a fact with the severity of the rule's own finding on that node, nothing else", () => {
    const about = (rule: string, severity: Finding['severity'], node: string): Finding => ({
      rule,
      severity,
      title: '',
      detail: '',
      target: node,
      evidence: {},
      subject: { kind: 'node', name: node, node }
    })
    const findings = [
      about('redis.fragmentation', 'info', 'a:1'),
      about('redis.memory-usage', 'warning', 'a:1'),
      about('redis.memory-usage', 'critical', 'a:1'),
      about('redis.fragmentation', 'critical', 'b:2')
    ]
    // An info finding (RSS below used memory) is no alarm; the worst finding of the rule wins.
    expect(ruleTone(findings, 'redis.fragmentation', 'a:1')).toBeUndefined()
    expect(ruleTone(findings, 'redis.memory-usage', 'a:1')).toBe('bad')
    expect(ruleTone(findings, 'redis.fragmentation', 'b:2')).toBe('bad')
    expect(ruleTone(findings, 'redis.memory-usage', 'b:2')).toBeUndefined()
    expect(ruleTone([about('redis.memory-usage', 'warning', 'b:2')], 'redis.memory-usage', 'b:2')).toBe(
      'warn'
    )
  })

  it('parses slot ranges in both forms', () => {
    const r = parseSlotRanges([[5461, 10922], '0-5460', '16383', 'junk'])
    expect(r).toEqual([
      [0, 5460],
      [5461, 10922],
      [16383, 16383]
    ])
    expect(slotCount(r)).toBe(10924)
    expect(formatRanges(r)).toBe('0-5460, 5461-10922, 16383')
  })

  it("takes each cluster node's health from the cluster rule's findings about it, not from its flags", () => {
    const records = [
      clusterNode({
        id: 'a',
        address: 'h:1',
        flags: ['myself', 'master'],
        role: 'master',
        slots: [[0, 8191]]
      }),
      clusterNode({
        id: 'b',
        address: 'h:2',
        flags: ['master', 'fail'],
        role: 'master',
        linkState: 'disconnected',
        slots: [[8192, 16383]]
      }),
      clusterNode({ id: 'c', address: 'h:3', flags: ['slave', 'fail?'], role: 'replica', masterId: 'a' })
    ]
    const about = (node: string, severity: Finding['severity']): Finding => ({
      rule: 'redis.cluster-state',
      severity,
      title: `Node ${node}`,
      detail: '',
      target: node,
      evidence: {},
      subject: { kind: 'node', name: node, node }
    })
    const unjudged = clusterNodes(records, [], [])
    expect(unjudged.map((x) => [x.address, x.role, x.state, x.health])).toEqual([
      ['h:1', 'master', 'connected', 'ok'],
      ['h:2', 'master', 'FAILED', 'ok'],
      ['h:3', 'replica', 'suspected (fail?)', 'ok']
    ])
    const judged = clusterNodes(records, [], [about('h:2', 'critical'), about('h:3', 'warning')])
    expect(judged.map((x) => x.health)).toEqual(['ok', 'failed', 'degraded'])
    expect(judged[2]?.masterAddress).toBe('h:1')
  })

  it('falls back to the topology when CLUSTER NODES was not read', () => {
    const nodes = clusterNodes(
      [],
      [{ address: 'x:1', role: 'cluster-master', state: 'connected', slots: ['0-16383'], healthy: true }],
      []
    )
    expect(nodes[0]?.ranges).toEqual([[0, 16383]])
  })
})
