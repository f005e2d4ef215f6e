import { describe, expect, it } from 'vitest'
import { blockingTree, countBy, hostOf, joinReplication, tableRows, toneOf } from './pg-model'

describe('blockingTree', () => {
  it('nests waiters under their blocker', () => {
    const tree = blockingTree([
      { pid: 1, blocked_by: [] },
      { pid: 2, blocked_by: [1] },
      { pid: 3, blocked_by: [2] },
      { pid: 4, blocked_by: [] }
    ])
    expect(tree).toHaveLength(1)
    expect(tree[0]?.pid).toBe(1)
    expect(tree[0]?.children[0]?.pid).toBe(2)
    expect(tree[0]?.children[0]?.children[0]?.pid).toBe(3)
  })
  it('survives a cycle', () => {
    const tree = blockingTree([
      { pid: 5, blocked_by: [6] },
      { pid: 6, blocked_by: [5] }
    ])
    expect(tree[0]?.pid).toBe(5)
    expect(tree[0]?.children[0]?.pid).toBe(6)
    expect(tree[0]?.children[0]?.children).toEqual([])
  })
  it('has no roots when nobody waits', () => {
    expect(blockingTree([{ pid: 1, blocked_by: [] }])).toEqual([])
  })
})

describe('tableRows', () => {
  it('joins bloat and computes the dead ratio and last vacuum', () => {
    const [row] = tableRows(
      [
        {
          schemaname: 'public',
          relname: 't',
          n_live_tup: 25,
          n_dead_tup: 75,
          last_vacuum_s: null,
          last_autovacuum_s: 30
        }
      ],
      [{ schemaname: 'public', tblname: 't', bloat_bytes: 8192, bloat_ratio: 0.5, is_na: false }],
      []
    )
    expect(row?.dead_ratio).toBe(0.75)
    expect(row?.bloat_bytes).toBe(8192)
    expect(row?.last_vacuum_any_s).toBe(30)
    expect(toneOf(row?.findings ?? [])).toBeUndefined()
  })
})

describe('joinReplication', () => {
  it('pairs one row with one replica on the same host and leaves ambiguity alone', () => {
    const replica = { connectionName: 'r1', host: '10.0.0.2', receiver: { sender: 'p:5432' } }
    const a = { client_addr: '10.0.0.2', pid: 1 }
    const b = { client_addr: '10.0.0.3', pid: 2 }
    const c = { client_addr: '10.0.0.3', pid: 3 }
    const other = { connectionName: 'r2', host: '10.0.0.3', receiver: null }
    const j = joinReplication([a, b, c], [replica, other])
    expect(j.joined).toEqual([{ primary: a, replica }])
    expect(j.primaryOnly).toEqual([b, c])
    expect(j.replicaOnly).toEqual([other])
  })
})

describe('helpers', () => {
  it('counts and reads hosts', () => {
    expect(countBy([{ s: 'a' }, { s: 'a' }, { s: null }], 's')).toEqual([
      { key: 'a', count: 2 },
      { key: '(none)', count: 1 }
    ])
    expect(hostOf('127.0.0.1:5432')).toBe('127.0.0.1')
    expect(hostOf('[::1]:5432')).toBe('::1')
  })
})
