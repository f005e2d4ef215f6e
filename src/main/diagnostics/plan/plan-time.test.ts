// Tests read fixture files; the code under test stays pure.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzePlan, type AnalyzedNode, type PlanAnalysis } from './analyze-plan'
import { gatherProcesses } from './plan-time'

const dir = join(import.meta.dirname, 'fixtures')
const fixture = (name: string): string => readFileSync(join(dir, name), 'utf8')
const analyse = (text: string): PlanAnalysis => {
  const r = analyzePlan(text)
  if (!r.ok) throw new Error(`${r.code} ${r.message}`)
  return r.value
}
const plan = (name: string): PlanAnalysis => analyse(fixture(name))
const node = (p: PlanAnalysis, pick: (a: AnalyzedNode) => boolean): AnalyzedNode => {
  const a = p.nodes.find(pick)
  if (!a) throw new Error('no such node')
  return a
}
const ms = (v: number): number => Math.round(v * 1000) / 1000
/** Actual total time x loops, as printed. */
const product = (a: AnalyzedNode): number => (a.node.actualTotalMs ?? 0) * (a.node.actualLoops ?? 0)

describe('parallel sections: every node below a Gather is divided by the same processes', () => {
  it.each(['explain-text--parallel-append--pg15.txt', 'explain-json--parallel-append--pg15.json'])(
    'Parallel Append over partitions scanned by one or two processes (%s)',
    (name) => {
      const p = plan(name)
      const gather = node(p, (a) => a.node.nodeType === 'Gather Merge')
      const processes = (gather.node.workersLaunched ?? 0) + 1
      expect(gatherProcesses(p.nodes, gather)).toBe(processes)
      const append = node(p, (a) => a.node.nodeType === 'Append')
      const scans = append.childIds.map((id) => p.nodes[id]).filter((c) => c !== undefined)
      expect(scans).toHaveLength(4)
      // Partitions that one process scanned (loops=1) are divided like the rest.
      expect(scans.some((s) => s.node.actualLoops === 1)).toBe(true)
      for (const s of scans) expect(s.inclusiveMs).toBe(ms(product(s) / processes))
      const scanned = scans.reduce((s, c) => s + product(c) / processes, 0)
      expect(append.exclusiveMs).toBe(ms(product(append) / processes - scanned))
      expect(append.exclusiveMs).toBeGreaterThan(0)
    }
  )

  it.each([
    'explain-text--parallel-append-non-partial--pg15.txt',
    'explain-json--parallel-append-non-partial--pg15.json'
  ])('branches without a partial path each ran in one process (%s)', (name) => {
    const p = plan(name)
    const append = node(p, (a) => a.node.nodeType === 'Append')
    const scans = append.childIds.map((id) => p.nodes[id]).filter((c) => c !== undefined)
    expect(scans.map((s) => s.node.actualLoops)).toEqual([1, 1, 1])
    for (const s of scans) expect(s.inclusiveMs).toBe(ms(product(s) / 3))
    expect(append.exclusiveMs).toBeGreaterThan(0)
    // Undivided, the first branch (its whole time in one process) was named the slowest node.
    const slowest = Math.max(...p.nodes.map((a) => a.exclusiveMs ?? 0))
    expect(p.summary.slowestNode?.exclusiveTimeMs).toBe(slowest)
    expect(p.summary.slowestNode?.nodeType).not.toBe('Function Scan')
    expect(slowest).toBeLessThan(Math.max(...scans.map(product)))
  })

  it.each(['explain-text--parallel-bitmap-heap--pg15.txt', 'explain-json--parallel-bitmap-heap--pg15.json'])(
    'the Bitmap Index Scan one process built under a Parallel Bitmap Heap Scan (%s)',
    (name) => {
      const p = plan(name)
      const heap = node(p, (a) => a.node.nodeType === 'Bitmap Heap Scan')
      const bitmap = node(p, (a) => a.node.nodeType === 'Bitmap Index Scan')
      expect(heap.node.parallelAware).toBe(true)
      expect(bitmap.node.actualLoops).toBe(1)
      expect(bitmap.inclusiveMs).toBe(ms(product(bitmap) / 3))
      expect(heap.exclusiveMs).toBe(ms(product(heap) / 3 - product(bitmap) / 3))
    }
  )

  it('a leader that took no part (loops = workers) is not counted as a process', () => {
    const text = fixture('explain-text--parallel-seqscan--pg15.txt')
    const p = analyse(text)
    const gather = node(p, (a) => a.node.nodeType === 'Gather')
    const launched = gather.node.workersLaunched ?? 0
    expect(launched).toBeGreaterThan(0)
    expect(gatherProcesses(p.nodes, gather)).toBe(launched + 1)
    // The same plan as parallel_leader_participation = off prints it: the subtree ran once per worker.
    const workersOnly = analyse(text.replaceAll(`loops=${launched + 1})`, `loops=${launched})`))
    const g = node(workersOnly, (a) => a.node.nodeType === 'Gather')
    expect(gatherProcesses(workersOnly.nodes, g)).toBe(launched)
    const top = node(workersOnly, (a) => a.parentId === g.id)
    expect(top.inclusiveMs).toBe(ms(product(top) / launched))
  })
})

describe('InitPlans are charged to the node that ran them', () => {
  it.each(['explain-text--initplan-below--pg15.txt', 'explain-json--initplan-below--pg15.json'])(
    'the Seq Scan whose Filter reads $0, not the Aggregate it hangs from (%s)',
    (name) => {
      const p = plan(name)
      const init = node(p, (a) => a.node.parentRelationship === 'InitPlan')
      const root = p.nodes[0]
      const join = node(p, (a) => a.node.nodeType === 'Hash Join')
      const scan = node(p, (a) => a.node.filter?.includes('$0') === true)
      expect(init.parentId).toBe(0)
      expect(root?.exclusiveMs).toBe(ms(product(root ?? join) - product(join)))
      expect(root?.exclusiveMs).toBeGreaterThan(0)
      const hash = node(p, (a) => a.node.nodeType === 'Hash')
      expect(join.exclusiveMs).toBe(ms(product(join) - product(scan) - product(hash)))
      expect(scan.exclusiveMs).toBe(ms(product(scan) - product(init)))
      expect(p.summary.slowestNode).toMatchObject({ nodeId: scan.id, relation: 'plan_orders' })
    }
  )

  it('a Gather whose worker reads $0 evaluated it itself, before starting them (Params Evaluated)', () => {
    const p = plan('explain-text--initplan--pg15.txt')
    const gather = node(p, (a) => a.node.nodeType === 'Gather')
    const init = node(p, (a) => a.node.parentRelationship === 'InitPlan')
    const top = node(p, (a) => a.parentId === gather.id)
    const processes = gatherProcesses(p.nodes, gather)
    expect(gather.exclusiveMs).toBe(ms(product(gather) - product(top) / processes - product(init)))
    expect(p.nodes[0]?.exclusiveMs).toBe(ms(product(p.nodes[0] ?? gather) - product(gather)))
  })
})

describe('PG 17+ names an InitPlan without "(returns $0)" and reads it as (InitPlan 1).col1', () => {
  it.each([
    'explain-text--function-scan-storage-disk--pg18.txt',
    'explain-json--function-scan-storage-disk--pg18.json'
  ])('the Function Scan whose Filter reads it ran it (%s)', (name) => {
    const p = plan(name)
    const init = node(p, (a) => a.node.subplanName === 'InitPlan 1')
    const scan = node(p, (a) => a.node.nodeType === 'Function Scan')
    const root = p.nodes[0] ?? scan
    expect(init.parentId).toBe(root.id)
    expect(scan.exclusiveMs).toBe(ms(product(scan) - product(init)))
    expect(root.exclusiveMs).toBe(ms(product(root) - product(scan)))
  })
})
