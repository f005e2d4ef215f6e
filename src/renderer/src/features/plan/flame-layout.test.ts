import { describe, expect, it } from 'vitest'
import { flameLayout } from './flame-layout'
import { makeNodes } from './test-nodes'

describe('flameLayout', () => {
  it('sizes children by inclusive time within their parent', () => {
    const nodes = makeNodes([
      [null, 'Hash Join', null, 10, 2],
      [0, 'Seq Scan', 'a', 6, 6],
      [0, 'Hash', null, 2, 1]
    ])
    const { boxes, measure } = flameLayout(nodes)
    expect(measure).toBe('time')
    expect(boxes.map((b) => b.id)).toEqual([0, 1, 2])
    expect(boxes[1]?.width).toBeCloseTo(0.6)
    expect(boxes[2]?.left).toBeCloseTo(0.6)
    expect(boxes[2]?.width).toBeCloseTo(0.2)
  })
  it('scales children that add up to more than the parent', () => {
    const nodes = makeNodes([
      [null, 'Gather', null, 4, 1],
      [0, 'Seq Scan', 'a', 6, 6],
      [0, 'Seq Scan', 'b', 2, 2]
    ])
    const widths = flameLayout(nodes).boxes.map((b) => b.width)
    expect(widths[1]).toBeCloseTo(0.75)
    expect(widths[2]).toBeCloseTo(0.25)
  })
})
