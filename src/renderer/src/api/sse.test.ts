import { describe, expect, it } from 'vitest'
import { SseParser } from './sse'

describe('SseParser', () => {
  it('splits events across chunks and joins multi-line data', () => {
    const p = new SseParser()
    expect(p.push('data: {"a":')).toEqual([])
    expect(p.push('1}\n\n: comment\n\ndata: x\r\ndata: y\r\n\r\n')).toEqual(['{"a":1}', 'x\ny'])
  })
})
