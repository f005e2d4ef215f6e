import { describe, expect, it } from 'vitest'
import {
  clusterNodes,
  formatRanges,
  groupSlowlog,
  infoMap,
  infoNumber,
  parseSlotRanges,
  slotCount
} from './redis-model'

describe('redis model', () => {
  it('reads INFO rows', () => {
    const info = infoMap([
      { field: 'used_memory', value: '1024' },
      { field: 'role', value: 'master' }
    ])
    expect(infoNumber(info, 'used_memory')).toBe(1024)
    expect(infoNumber(info, 'role')).toBeNull()
  })

  it('groups the slowlog by command with client names', () => {
    const groups = groupSlowlog([
      { command: 'DEBUG', durationUs: 20_000, clientName: 'e2e' },
      { command: 'debug', durationUs: 30_000, clientName: 'other' },
      { command: 'GET', durationUs: 5 }
    ])
    expect(groups[0]).toMatchObject({
      command: 'DEBUG',
      count: 2,
      totalUs: 50_000,
      avgUs: 25_000,
      maxUs: 30_000,
      clients: 'e2e, other'
    })
    expect(groups[1]?.command).toBe('GET')
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

  it('flags failed and suspected cluster nodes', () => {
    const nodes = clusterNodes(
      [
        { id: 'a', address: 'h:1', flags: ['myself', 'master'], linkState: 'connected', slots: [[0, 8191]] },
        {
          id: 'b',
          address: 'h:2',
          flags: ['master', 'fail'],
          linkState: 'disconnected',
          slots: [[8192, 16383]]
        },
        {
          id: 'c',
          address: 'h:3',
          flags: ['slave', 'fail?'],
          masterId: 'a',
          linkState: 'connected',
          slots: []
        }
      ],
      []
    )
    expect(nodes.map((x) => [x.address, x.role, x.failed, x.suspect, x.healthy])).toEqual([
      ['h:1', 'master', false, false, true],
      ['h:2', 'master', true, false, false],
      ['h:3', 'replica', false, true, false]
    ])
    expect(nodes[2]?.masterAddress).toBe('h:1')
  })

  it('falls back to the topology when CLUSTER NODES was not read', () => {
    const nodes = clusterNodes(
      [],
      [{ address: 'x:1', role: 'cluster-master', state: 'connected', slots: ['0-16383'], healthy: true }]
    )
    expect(nodes[0]?.ranges).toEqual([[0, 16383]])
  })
})
