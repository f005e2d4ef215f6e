// Tests read fixture files; the code under test stays pure.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzePlan, type AnalyzedNode } from './analyze-plan'

/**
 * Text and JSON of the same plan must give the same tree. Recorded twins are two executions of the same
 * statement (the server cannot print both formats at once), so they must agree on everything that does
 * not depend on timing: node types and labels, relations, indexes, estimates, loops, subplans, and actual
 * rows outside parallel sections. The hand-made twins are exact copies, so times must match too.
 */
const dir = join(import.meta.dirname, 'fixtures')
const read = (name: string): AnalyzedNode[] => {
  const r = analyzePlan(readFileSync(join(dir, name), 'utf8'))
  if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message}`)
  return r.value.nodes
}

const shape = (a: AnalyzedNode, withRows: boolean, withTimes: boolean): Record<string, unknown> => ({
  id: a.id,
  parentId: a.parentId,
  nodeType: a.node.nodeType,
  label: a.node.label,
  relation: a.node.relation,
  indexName: a.node.indexName,
  cteName: a.node.cteName,
  functionName: a.node.functionName,
  subplanName: a.node.subplanName,
  initOrSub: ['InitPlan', 'SubPlan'].includes(a.node.parentRelationship ?? '')
    ? a.node.parentRelationship
    : null,
  strategy: a.node.strategy,
  joinType: a.node.joinType,
  operation: a.node.operation,
  partialMode: a.node.partialMode === 'Simple' ? null : a.node.partialMode,
  parallelAware: a.node.parallelAware,
  ...(withTimes
    ? { planRows: a.node.planRows, startupCost: a.node.startupCost, totalCost: a.node.totalCost }
    : {}),
  // Separate runs may launch fewer workers (the pool is shared): parallel loops only within one run.
  loops: a.parallel && !withRows ? 'parallel' : a.node.actualLoops,
  neverExecuted: a.node.neverExecuted,
  workersPlanned: a.node.workersPlanned,
  hashBatches: a.node.hashBatches,
  lossy: (a.node.lossyHeapBlocks ?? 0) > 0,
  sortOnDisk: a.node.sortSpaceType === 'Disk',
  // Gather rows and rows inside parallel sections depend on how blocks were split between workers.
  ...(withRows && !a.parallel && !a.node.nodeType.startsWith('Gather')
    ? { actualRows: a.node.actualRows }
    : {}),
  ...(withTimes
    ? { actualTotalMs: a.node.actualTotalMs, inclusiveMs: a.inclusiveMs, exclusiveMs: a.exclusiveMs }
    : {})
})

const manifest = JSON.parse(readFileSync(join(dir, 'manifest--pg15.json'), 'utf8')) as {
  file: string
  base: string
  shape: string
  source: string
}[]
// Scenarios recorded in both formats (merge-partitioned has text only: PG 15's JSON of it is invalid).
const scenarios = [
  ...new Set(
    manifest.filter((m) => m.shape === 'server' && m.file.startsWith('explain-json--')).map((m) => m.base)
  )
]
// Estimates change when a table is re-planned with a different parallel split or after writes; these
// scenarios' actual rows depend on which worker got which block (or which partition, under a Parallel
// Append: how many processes scanned each one).
const rowsVary = new Set(['bitmap-lossy', 'parallel-append'])

/** Two runs may be planned with statistics refreshed in between (autoanalyze): estimates within 2%. */
const expectCloseEstimates = (a: AnalyzedNode[], b: AnalyzedNode[]): void => {
  a.forEach((n, i) => {
    const x = n.node.planRows
    const y = b[i]?.node.planRows ?? null
    expect(x === null).toBe(y === null)
    if (x !== null && y !== null)
      expect(Math.abs(x - y)).toBeLessThanOrEqual(Math.max(1, 0.02 * Math.max(x, y)))
  })
}

describe('recorded JSON and TEXT twins agree node for node', () => {
  it('covers at least 30 scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30)
  })
  it.each(scenarios)('%s', (scenario) => {
    const json = read(`explain-json--${scenario}--pg15.json`)
    const text = read(`explain-text--${scenario}--pg15.txt`)
    expect(text.length).toBe(json.length)
    const withRows = !rowsVary.has(scenario)
    expect(text.map((n) => shape(n, withRows, false))).toEqual(json.map((n) => shape(n, withRows, false)))
    expectCloseEstimates(text, json)
  })
})

describe('copy shapes give the same tree as the server output they were made from', () => {
  const shapes = manifest.filter((m) => m.shape !== 'server')
  it.each(shapes.map((m) => [m.file, m.base] as const))('%s', (file, base) => {
    const copy = read(file)
    const server = read(`explain-json--${base}--pg15.json`)
    // psql shapes are separate executions: compare the plan shape, not rows of parallel nodes.
    const sameRun =
      file.includes('pgadmin') ||
      file.includes('dbeaver') ||
      file.includes('bare-object') ||
      file.includes('merge-join-wrapped80')
    expect(copy.map((n) => shape(n, sameRun, false))).toEqual(server.map((n) => shape(n, sameRun, false)))
    expectCloseEstimates(copy, server)
    if (file.includes('json') && sameRun) {
      // Derived from the JSON recording itself: identical to the last digit, times included.
      expect(copy.map((n) => shape(n, true, true))).toEqual(server.map((n) => shape(n, true, true)))
    }
  })
})

describe('hand-made exact twins agree on times too', () => {
  it.each([
    ['hash-join-old--pg93'],
    ['fractional-rows-disabled--pg18'],
    ['sort-disk-verbose-workers-twice--pg12'],
    ['function-scan-storage-disk--pg18']
  ])('%s', (name) => {
    const json = read(`explain-json--${name}.json`)
    const text = read(`explain-text--${name}.txt`)
    expect(text.map((n) => shape(n, true, true))).toEqual(json.map((n) => shape(n, true, true)))
  })
})
