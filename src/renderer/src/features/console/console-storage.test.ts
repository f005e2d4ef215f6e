import { describe, expect, it } from 'vitest'
import { addToHistory, HISTORY_LIMIT, parseHistory, type HistoryEntry } from './console-storage'

describe('addToHistory', () => {
  it('puts the newest first and moves a repeated statement to the top', () => {
    let h: HistoryEntry[] = []
    h = addToHistory(h, 'select 1', 1)
    h = addToHistory(h, 'select 2', 2)
    h = addToHistory(h, 'select 1', 3)
    expect(h).toEqual([
      { text: 'select 1', at: 3 },
      { text: 'select 2', at: 2 }
    ])
  })

  it('keeps the last 50 and ignores blank statements', () => {
    let h: HistoryEntry[] = []
    for (let i = 0; i < 60; i++) h = addToHistory(h, `select ${i}`, i)
    expect(h).toHaveLength(HISTORY_LIMIT)
    expect(h[0]?.text).toBe('select 59')
    expect(addToHistory(h, '   ', 99)).toBe(h)
  })

  it('stores a statement that sets a password with the password masked', () => {
    const h = addToHistory([], "ALTER ROLE app PASSWORD 'Hist-Secret-1'", 1)
    expect(h).toEqual([{ text: "ALTER ROLE app PASSWORD '***'", at: 1 }])
    expect(JSON.stringify(addToHistory(h, 'ACL SETUSER u on >Hist-Secret-2', 2))).not.toContain('Hist-Secret')
  })
})

describe('parseHistory', () => {
  it('reads what addToHistory stored and drops anything malformed', () => {
    expect(parseHistory(JSON.stringify([{ text: 'a', at: 1 }, { text: 2 }, null, 'x']))).toEqual([
      { text: 'a', at: 1 }
    ])
    expect(parseHistory('not json')).toEqual([])
    expect(parseHistory('{"a":1}')).toEqual([])
    expect(parseHistory(null)).toEqual([])
  })
})
