import { describe, expect, it } from 'vitest'
import { groupProfile, opTone, replsetMembers } from './mongo-model'

describe('mongo model', () => {
  it('groups profile entries by shape', () => {
    const g = groupProfile([
      {
        ns: 'a.b',
        op: 'query',
        planSummary: 'COLLSCAN',
        shape: 'X',
        millis: 100,
        docsExamined: 1000,
        nreturned: 0
      },
      {
        ns: 'a.b',
        op: 'query',
        planSummary: 'COLLSCAN',
        shape: 'X',
        millis: 300,
        docsExamined: 1000,
        nreturned: 1
      },
      {
        ns: 'a.b',
        op: 'query',
        planSummary: 'IXSCAN { x: 1 }',
        shape: 'Y',
        millis: 5,
        keysExamined: 2,
        nreturned: 2
      }
    ])
    expect(g[0]).toMatchObject({
      count: 2,
      totalMs: 400,
      avgMs: 200,
      maxMs: 300,
      examinedPerReturned: 2000,
      collscan: true
    })
    expect(g[1]).toMatchObject({ count: 1, examinedPerReturned: 1, collscan: false })
  })

  it('highlights COLLSCAN and long-running client ops', () => {
    expect(opTone({ planSummary: 'COLLSCAN', secsRunning: 0 })).toBe('bad')
    expect(opTone({ planSummary: 'IXSCAN', secsRunning: 47, clientOp: true })).toBe('warn')
    expect(opTone({ secsRunning: 400, clientOp: false })).toBeUndefined()
  })

  it('computes member lag behind the primary and marks the down member', () => {
    const rows = replsetMembers([
      { name: 'p', state: 1, stateStr: 'PRIMARY', health: 1, optimeSecs: 1000 },
      { name: 's', state: 2, stateStr: 'SECONDARY', health: 1, optimeSecs: 988 },
      { name: 'd', state: 8, stateStr: '(not reachable/healthy)', health: 0, optimeSecs: null }
    ])
    expect(rows.map((r) => [r.name, r.lagSeconds, r.down])).toEqual([
      ['p', null, false],
      ['s', 12, false],
      ['d', null, true]
    ])
  })
})
