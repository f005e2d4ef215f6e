import { describe, expect, it } from 'vitest'
import type { TopicCollector } from '../../shared/detail'
import { toWire } from './wire'

describe('toWire', () => {
  it('gives what JSON gives: Dates as ISO strings, at any depth, the rest as it is', () => {
    const value = {
      ts: new Date('2026-12-03T10:00:00.000Z'),
      command: { find: 'orders', at: [new Date(0)] },
      n: 3,
      none: null,
      flags: ['a']
    }
    expect(toWire(value)).toEqual(JSON.parse(JSON.stringify(value)))
    expect(toWire(value).command.at[0]).toBe('1970-01-01T00:00:00.000Z')
  })

  it('says an invalid Date is one instead of throwing', () => {
    expect(toWire({ ts: new Date(Number.NaN) })).toEqual({ ts: 'Invalid Date' })
  })
})

describe('the topic map', () => {
  it("types each topic's rows, so a check cannot send a topic in another shape", () => {
    const sent: string[] = []
    const collect: TopicCollector = (_node, topic) => sent.push(topic)
    collect('n', 'latency', { ok: true, rows: [{ event: 'command', timestamp: 1, latestMs: 5, maxMs: 9 }] })
    // @ts-expect-error: latency rows carry numbers for their times
    collect('n', 'latency', { ok: true, rows: [{ event: 'command', timestamp: '1', latestMs: 5, maxMs: 9 }] })
    // @ts-expect-error: no such topic
    collect('n', 'latency_events', { ok: false, why: 'x' })
    expect(sent).toEqual(['latency', 'latency', 'latency_events'])
  })
})
