import { describe, expect, it } from 'vitest'
import { matchRank, rankItems } from './palette-match'

describe('command palette matching', () => {
  it('ranks a label that starts with the query over one containing it over a scattered match', () => {
    expect(matchRank('Paste output', 'paste')).toBe(0)
    expect(matchRank('Redis › Paste', 'paste')).toBe(1)
    expect(matchRank('pg-last-edit', 'paste')).toBe(2)
    expect(matchRank('Audit log', 'paste')).toBeNull()
  })

  it('puts the view the user typed first even when connections are listed before it', () => {
    const items = [
      { label: 'pg-last-edit › Console' },
      { label: 'orders-primary' },
      { label: 'Paste output' }
    ]
    expect(rankItems(items, 'paste').map((i) => i.label)).toEqual(['Paste output', 'pg-last-edit › Console'])
    expect(rankItems(items, 'ordpr').map((i) => i.label)).toEqual(['orders-primary'])
    expect(rankItems(items, '')).toEqual(items)
  })
})
