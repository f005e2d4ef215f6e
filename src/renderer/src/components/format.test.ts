import { describe, expect, it } from 'vitest'
import {
  formatAge,
  formatBytes,
  formatCompact,
  formatCount,
  formatMs,
  formatPercent,
  formatSeconds,
  formatUs,
  toNumber
} from './format'

describe('format', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1536)).toBe('1.50 KiB')
    expect(formatBytes(2633848)).toBe('2.51 MiB')
    expect(formatBytes(null)).toBe('—')
    expect(formatBytes('x')).toBe('—')
  })
  it('formats every duration by one rule, whatever unit it arrives in', () => {
    expect(formatMs(null)).toBe('—')
    expect(formatMs(0.0042)).toBe('0.004 ms')
    expect(formatMs(0.5)).toBe('0.500 ms')
    expect(formatMs(12.345)).toBe('12.3 ms')
    expect(formatMs(250)).toBe('250 ms')
    expect(formatMs(1234)).toBe('1.23 s')
    expect(formatMs(61_000)).toBe('1 min 1 s')
    expect(formatUs(52909)).toBe('52.9 ms')
    expect(formatUs(20)).toBe('20 µs')
    expect(formatSeconds(1.234)).toBe(formatMs(1234))
    expect(formatSeconds(12)).toBe('12 s')
    expect(formatSeconds(90_000)).toBe('1 d 1 h')
    // The issue 19 case: 770690 ms mean reads as minutes and seconds, and a round value drops its zero.
    expect(formatMs(770_690)).toBe('12 min 51 s')
    expect(formatSeconds(300)).toBe('5 min')
    expect(formatSeconds(7200)).toBe('2 h')
    // Rounding carries into the larger unit instead of showing "1 min 60 s" or "60 s".
    expect(formatSeconds(119.7)).toBe('2 min')
    expect(formatSeconds(59.7)).toBe('1 min')
    expect(formatSeconds(3599.9)).toBe('1 h')
    expect(formatAge(null)).toBe('never')
  })
  it('groups counts and keeps narrow columns short', () => {
    expect(formatCount(1234)).toBe('1,234')
    expect(formatCount(0.25)).toBe('0.25')
    expect(formatCompact(99_999)).toBe('99,999')
    expect(formatCompact(200_000)).toBe('200k')
    expect(formatCompact(12_345_678)).toBe('12.3M')
    expect(formatCompact(0.25)).toBe('0.25')
    expect(formatCompact(null)).toBe('—')
  })
  it('formats percentages with their unit', () => {
    expect(formatPercent(12.345)).toBe('12.3 %')
    expect(formatPercent(undefined)).toBe('—')
  })
  it('reads numeric strings (INFO values) as numbers', () => {
    expect(toNumber('3.97')).toBe(3.97)
    expect(toNumber('')).toBeNull()
    expect(toNumber(undefined)).toBeNull()
  })
})
