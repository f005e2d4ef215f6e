import { describe, expect, it } from 'vitest'
import type { AnalyzedNode, PlanAnalysis } from '../../../../shared/plan'
import { changeText, compareNodes, matchNodes, trendOf } from './plan-compare'
import { makeNodes } from './test-nodes'

const analysis = (nodes: AnalyzedNode[]): PlanAnalysis =>
  ({ nodes, findings: [], summary: {}, document: {} }) as unknown as PlanAnalysis

describe('trendOf', () => {
  it('needs 10% and 0.05 ms to call a change', () => {
    expect(trendOf(10, 5)).toBe('faster')
    expect(trendOf(10, 12)).toBe('slower')
    expect(trendOf(10, 10.5)).toBe('same')
    expect(trendOf(0.01, 0.03)).toBe('same')
    expect(trendOf(null, 3)).toBe('unknown')
  })
})

describe('matchNodes', () => {
  const before = makeNodes([
    [null, 'Aggregate', null, 50, 1],
    [0, 'Seq Scan', 'orders', 49, 49]
  ])
  const after = makeNodes([
    [null, 'Aggregate', null, 2, 1],
    [0, 'Index Scan', 'orders', 1, 1],
    [0, 'Sort', null, 0.1, 0.1]
  ])
  it('matches by path, then by relation, and lists what only the second plan has', () => {
    const { pairs, unmatchedAfter } = matchNodes(before, after)
    expect(pairs.get(0)).toEqual({ after: 0, by: 'path' })
    expect(pairs.get(1)).toEqual({ after: 1, by: 'relation' })
    expect(unmatchedAfter).toEqual([2])
  })
  it('marks faster and slower nodes', () => {
    const rows = compareNodes(analysis(before), analysis(after))
    expect(rows.map((r) => r.timeTrend)).toEqual(['same', 'faster', 'unknown'])
    expect(rows[2]?.before).toBeNull()
  })
})

describe('changeText', () => {
  it('words times as a factor and counts as a difference, never "-100 % faster"', () => {
    expect(changeText({ unit: 'ms', before: 120, after: 30 })).toBe('4.0x faster')
    expect(changeText({ unit: 'ms', before: 30, after: 45 })).toBe('1.5x slower')
    expect(changeText({ unit: 'ms', before: 12, after: 0 })).toBe('down to 0 ms')
    expect(changeText({ unit: 'ms', before: 10, after: 10.5 })).toBe('about the same')
    expect(changeText({ unit: 'count', before: 3, after: 0 })).toBe('3 fewer')
    expect(changeText({ unit: 'blocks', before: 100, after: 1_250 })).toBe('1,150 more')
    expect(changeText({ unit: 'count', before: 4, after: 4 })).toBe('')
    expect(changeText({ unit: 'ms', before: null, after: 4 })).toBe('')
  })
})
