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

const finding = (target: string | null, evidence: Record<string, unknown>): Finding => ({
  rule: 'pg.plan.x',
  severity: 'warning',
  title: 't',
  detail: '',
  target,
  evidence
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
  it('prefers evidence.nodeId, then nodeIds, then the #id of the target, then the title', () => {
    expect(nodeIdForFinding(finding('#2 Seq Scan on orders', { nodeId: 4 }), tree)).toBe(4)
    expect(nodeIdForFinding(finding(null, { nodeIds: [3, 4] }), tree)).toBe(3)
    expect(nodeIdForFinding(finding('#2 Seq Scan on orders', {}), tree)).toBe(2)
    expect(nodeIdForFinding(finding('Index Scan on customers', {}), tree)).toBe(4)
  })
  it('ignores ids that are not in the plan and findings about no node', () => {
    expect(nodeIdForFinding(finding(null, { nodeId: 99 }), tree)).toBeNull()
    expect(nodeIdForFinding(finding('JIT', {}), tree)).toBeNull()
  })
})

describe('bars', () => {
  it('clamps bars', () => {
    expect(barPercent(140)).toBe(100)
    expect(barPercent(null)).toBe(0)
    expect(barPercent(Number.NaN)).toBe(0)
  })
})
