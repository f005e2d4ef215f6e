import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../../shared/findings'
import {
  ancestorsOf,
  barPercent,
  nodeIdForFinding,
  searchNodes,
  visibleNodes,
  withAncestors
} from './plan-model'
import { makeNodes } from './test-nodes'

const tree = makeNodes([
  [null, 'Aggregate', null, 10, 1],
  [0, 'Hash Join', null, 9, 2],
  [1, 'Seq Scan', 'orders', 5, 5],
  [1, 'Hash', null, 2, 0.5],
  [3, 'Index Scan', 'customers', 1.5, 1.5]
])

const finding = (path: number[] | null): Finding => ({
  rule: 'pg.plan.x',
  severity: 'warning',
  title: 't',
  detail: '',
  target: null,
  evidence: {},
  ...(path === null ? {} : { subject: { kind: 'plan-node' as const, name: 'n', path } })
})

describe('visibleNodes', () => {
  it('hides the subtree of a collapsed node but keeps the node', () => {
    expect(visibleNodes(tree, new Set([3])).map((n) => n.id)).toEqual([0, 1, 2, 3])
    expect(visibleNodes(tree, new Set([1])).map((n) => n.id)).toEqual([0, 1])
  })
  it('keeps only the given ids when filtering', () => {
    expect(visibleNodes(tree, new Set(), new Set([0, 1, 3, 4])).map((n) => n.id)).toEqual([0, 1, 3, 4])
  })
})

describe('search', () => {
  it('matches type and relation, case-insensitively, and keeps ancestors', () => {
    const hits = searchNodes(tree, 'CUSTOMERS')
    expect(hits).toEqual(new Set([4]))
    expect(withAncestors(tree, hits ?? new Set())).toEqual(new Set([4, 3, 1, 0]))
    expect(searchNodes(tree, 'scan')).toEqual(new Set([2, 4]))
    expect(searchNodes(tree, '  ')).toBeNull()
  })
  it('lists ancestors nearest first', () => {
    expect(ancestorsOf(tree, 4)).toEqual([3, 1, 0])
  })
})

describe('nodeIdForFinding', () => {
  it('follows the subject path of child indexes from the root', () => {
    expect(nodeIdForFinding(finding([]), tree)).toBe(0)
    expect(nodeIdForFinding(finding([0, 0]), tree)).toBe(2)
    expect(nodeIdForFinding(finding([0, 1, 0]), tree)).toBe(4)
  })
  it('ignores paths that are not in the plan and findings about no node', () => {
    expect(nodeIdForFinding(finding([0, 2]), tree)).toBeNull()
    expect(nodeIdForFinding(finding([0, 0, 0]), tree)).toBeNull()
    expect(nodeIdForFinding(finding(null), tree)).toBeNull()
  })
})

describe('bars', () => {
  it('clamps bars', () => {
    expect(barPercent(140)).toBe(100)
    expect(barPercent(null)).toBe(0)
    expect(barPercent(Number.NaN)).toBe(0)
  })
})
