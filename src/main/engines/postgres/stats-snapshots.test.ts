import { describe, expect, it } from 'vitest'
import type { StatementStat } from '../../../shared/records/postgres'
import { StatsSnapshotStore } from './stats-snapshots'

const stat = (queryid: string, calls: number, totalMs: number): StatementStat => ({
  queryid,
  query: `select ${queryid}`,
  username: 'app',
  calls,
  total_ms: totalMs,
  mean_ms: totalMs / calls,
  rows: calls,
  shared_blks_hit: 0,
  shared_blks_read: 0,
  temp_blks_written: 0
})

describe('StatsSnapshotStore', () => {
  it('no deltas on the first snapshot; then per-statement deltas over the window, slowest mean first', () => {
    let now = 0
    const store = new StatsSnapshotStore(10, () => now)
    expect(store.record('n1', [stat('1', 100, 1000), stat('2', 10, 10)])).toBe(undefined)
    now = 300_000
    const d = store.record('n1', [stat('1', 110, 4000), stat('2', 10, 10), stat('3', 2, 900)])
    expect(d).toEqual([
      {
        queryid: '3',
        query: 'select 3',
        windowSeconds: 300,
        calls: 2,
        totalMs: 900,
        meanMs: 450,
        previousMeanMs: null
      },
      {
        queryid: '1',
        query: 'select 1',
        windowSeconds: 300,
        calls: 10,
        totalMs: 3000,
        meanMs: 300,
        previousMeanMs: 10
      }
    ])
  })
  it('a counter that went down (pg_stat_statements_reset) starts afresh', () => {
    let now = 0
    const store = new StatsSnapshotStore(10, () => now)
    store.record('n1', [stat('1', 100, 1000)])
    now = 60_000
    expect(store.record('n1', [stat('1', 5, 50)])).toEqual([
      {
        queryid: '1',
        query: 'select 1',
        windowSeconds: 60,
        calls: 5,
        totalMs: 50,
        meanMs: 10,
        previousMeanMs: null
      }
    ])
  })
  it('compares with the oldest snapshot inside the window, and keeps nodes apart', () => {
    let now = 0
    const store = new StatsSnapshotStore(10, () => now)
    store.record('n1', [stat('1', 1, 10)])
    now = 20 * 60_000
    store.record('n1', [stat('1', 2, 20)])
    now = 25 * 60_000
    const d = store.record('n1', [stat('1', 4, 100)], 10 * 60_000)
    expect(d?.[0]).toMatchObject({ windowSeconds: 300, calls: 2, totalMs: 80 })
    expect(store.record('n2', [stat('1', 4, 100)])).toBe(undefined)
  })
})
