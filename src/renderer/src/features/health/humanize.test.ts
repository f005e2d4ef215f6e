import { describe, expect, it } from 'vitest'
import { formatAge, formatBytes, formatMs, formatSeconds, formatUs, toNumber } from './humanize'

describe('humanize', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1536)).toBe('1.50 KiB')
    expect(formatBytes(2633848)).toBe('2.51 MiB')
    expect(formatBytes(null)).toBe('—')
    expect(formatBytes('x')).toBe('—')
  })
  it('formats durations', () => {
    expect(formatMs(0.5)).toBe('0.500 ms')
    expect(formatMs(250)).toBe('250 ms')
    expect(formatMs(61_000)).toBe('1 min 1 s')
    expect(formatUs(52909)).toBe('52.9 ms')
    expect(formatUs(20)).toBe('20 µs')
    expect(formatSeconds(12)).toBe('12 s')
    expect(formatSeconds(90_000)).toBe('1 d 1 h')
    expect(formatAge(null)).toBe('never')
  })
  it('reads numeric strings (INFO values) as numbers', () => {
    expect(toNumber('3.97')).toBe(3.97)
    expect(toNumber('')).toBeNull()
    expect(toNumber(undefined)).toBeNull()
  })
})
