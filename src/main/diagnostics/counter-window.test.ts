import { describe, expect, it } from 'vitest'
import { counted, CounterHistory, NO_WINDOW, windowedSeverity } from './counter-window'

const clock = (): { now: () => number; advance: (ms: number) => void } => {
  let t = 1_000_000
  return { now: () => t, advance: (ms) => (t += ms) }
}

describe('CounterHistory', () => {
  it('gives no window on the first sample of a node', () => {
    const h = new CounterHistory(clock().now)
    const w = h.observe('n1', 'run-a', { oom: 5 })
    expect(w.seconds).toBeNull()
    expect(w.delta('oom')).toBeNull()
  })

  it('gives the growth since the previous sample of the same server life', () => {
    const c = clock()
    const h = new CounterHistory(c.now)
    h.observe('n1', 'run-a', { oom: 5, evicted: 100 })
    c.advance(30_000)
    const w = h.observe('n1', 'run-a', { oom: 17, evicted: 100 })
    expect(w.seconds).toBe(30)
    expect(w.delta('oom')).toBe(12)
    expect(w.delta('evicted')).toBe(0)
    expect(w.delta('absent-now')).toBeNull()
  })

  it('counts a counter the previous sample did not list from 0 (errorstats list only seen errors)', () => {
    const c = clock()
    const h = new CounterHistory(c.now)
    h.observe('n1', 'run-a', {})
    c.advance(5_000)
    expect(h.observe('n1', 'run-a', { oom: 3 }).delta('oom')).toBe(3)
  })

  it('gives no window after a restart (another epoch), then windows from the new life', () => {
    const c = clock()
    const h = new CounterHistory(c.now)
    h.observe('n1', 'run-a', { oom: 50 })
    c.advance(10_000)
    expect(h.observe('n1', 'run-b', { oom: 2 }).seconds).toBeNull()
    c.advance(10_000)
    expect(h.observe('n1', 'run-b', { oom: 2 }).delta('oom')).toBe(0)
  })

  it('takes a counter that went down in the same life as reset inside the window', () => {
    const c = clock()
    const h = new CounterHistory(c.now)
    h.observe('n1', 'run-a', { oom: 50 })
    c.advance(10_000)
    expect(h.observe('n1', 'run-a', { oom: 4 }).delta('oom')).toBe(4)
  })

  it('never windows a server whose life is unknown, and forgets its previous sample', () => {
    const c = clock()
    const h = new CounterHistory(c.now)
    h.observe('n1', 'run-a', { oom: 1 })
    c.advance(1_000)
    expect(h.observe('n1', null, { oom: 2 }).seconds).toBeNull()
    c.advance(1_000)
    expect(h.observe('n1', 'run-a', { oom: 3 }).seconds).toBeNull()
  })

  it('keeps nodes apart', () => {
    const c = clock()
    const h = new CounterHistory(c.now)
    h.observe('n1', 'run-a', { oom: 1 })
    c.advance(1_000)
    expect(h.observe('n2', 'run-a', { oom: 9 }).seconds).toBeNull()
    c.advance(1_000)
    expect(h.observe('n1', 'run-a', { oom: 4 }).delta('oom')).toBe(3)
  })

  it('gives no window when the clock did not move (two checks in the same millisecond)', () => {
    const c = clock()
    const h = new CounterHistory(c.now)
    h.observe('n1', 'run-a', { oom: 1 })
    expect(h.observe('n1', 'run-a', { oom: 2 }).seconds).toBeNull()
  })
})

describe('counted', () => {
  it('judges the delta with a window, and only informs on the total without one', () => {
    const c = clock()
    const h = new CounterHistory(c.now)
    h.observe('n1', 'r', { oom: 10 })
    c.advance(30_000)
    const withWindow = counted(h.observe('n1', 'r', { oom: 22 }), 'oom', 22, 'since server start')
    expect(withWindow).toEqual({ count: 12, windowed: true, span: 'in the last 30 s' })
    expect(windowedSeverity(withWindow, 'critical')).toBe('critical')
    const without = counted(NO_WINDOW, 'oom', 22, 'since server start (uptime 2 h)')
    expect(without).toEqual({ count: 22, windowed: false, span: 'since server start (uptime 2 h)' })
    expect(windowedSeverity(without, 'critical')).toBe('info')
  })
})
