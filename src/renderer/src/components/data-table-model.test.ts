import { describe, expect, it } from 'vitest'
import { compareValues, keysOf, nextSort, sortRows, type Column } from './data-table-model'

type Row = { n: number | null; s: string }
const byN: Column<Row> = { id: 'n', header: 'n', value: (r) => r.n }

describe('data table model', () => {
  it('collects every key in first-seen order', () => {
    expect(keysOf([{ a: 1 }, { b: 2, a: 3 }])).toEqual(['a', 'b'])
  })
  it('sorts numbers numerically with nulls last in both directions', () => {
    const rows: Row[] = [
      { n: 10, s: 'a' },
      { n: null, s: 'b' },
      { n: 9, s: 'c' }
    ]
    expect(sortRows(rows, byN, false).map((r) => r.n)).toEqual([9, 10, null])
    expect(sortRows(rows, byN, true).map((r) => r.n)).toEqual([10, 9, null])
  })
  it('sorts text naturally', () => {
    expect(compareValues('node10', 'node9')).toBeGreaterThan(0)
  })
  it('toggles direction on the same column, starts descending on a new one', () => {
    expect(nextSort(null, 'a')).toEqual({ id: 'a', desc: true })
    expect(nextSort({ id: 'a', desc: true }, 'a')).toEqual({ id: 'a', desc: false })
  })
})
