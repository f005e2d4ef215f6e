import { describe, expect, it } from 'vitest'
import { DEFAULT_REFRESH_MS, parseRefreshMs } from './refresh-interval'

describe('parseRefreshMs', () => {
  it('accepts only the offered choices and falls back to 10 s', () => {
    expect(parseRefreshMs('30000')).toBe(30_000)
    expect(parseRefreshMs(null)).toBe(DEFAULT_REFRESH_MS)
    expect(parseRefreshMs('1')).toBe(DEFAULT_REFRESH_MS)
    expect(parseRefreshMs('abc')).toBe(DEFAULT_REFRESH_MS)
  })
})
