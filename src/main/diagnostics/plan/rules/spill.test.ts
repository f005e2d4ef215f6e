// Tests read fixture files; the code under test stays pure.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzePlan, type PlanAnalysis } from '../analyze-plan'

const plan = (name: string): PlanAnalysis => {
  const r = analyzePlan(readFileSync(join(import.meta.dirname, '../fixtures', name), 'utf8'))
  if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message}`)
  return r.value
}

describe('pg.plan.tuplestore-spill: PG 18 "Storage: Disk" is a spill like a sort or hash on disk', () => {
  it.each([
    'explain-text--function-scan-storage-disk--pg18.txt',
    'explain-json--function-scan-storage-disk--pg18.json'
  ])('%s', (name) => {
    const p = plan(name)
    const scan = p.nodes.find((a) => a.node.nodeType === 'Function Scan')
    expect(scan?.node).toMatchObject({ storageType: 'Disk', maxStorageKb: 13698 })
    // Listed once, as a tuplestore (its temp blocks are the same spill, not a second 'other' one).
    expect(p.summary.spills).toEqual([
      { nodeId: scan?.id, nodeType: 'Function Scan', kind: 'tuplestore', diskKb: 13698 }
    ])
    const f = p.findings.find((x) => x.rule === 'pg.plan.tuplestore-spill')
    expect(f).toMatchObject({
      severity: 'warning',
      target: `#${scan?.id} Function Scan on generate_series g`
    })
    expect(f?.evidence).toMatchObject({ kind: 'tuplestore', diskKb: 13698, storageType: 'Disk' })
    expect(f?.detail).toContain('13,698 kB')
  })

  it('"Storage: Memory" is no spill', () => {
    const text = readFileSync(
      join(import.meta.dirname, '../fixtures/explain-text--function-scan-storage-disk--pg18.txt'),
      'utf8'
    )
      .replace('Storage: Disk  Maximum Storage: 13698kB', 'Storage: Memory  Maximum Storage: 17kB')
      .replaceAll(', temp read=1712 written=1712', '')
    const r = analyzePlan(text)
    if (!r.ok) throw new Error(r.message)
    expect(r.value.nodes[3]?.node).toMatchObject({ storageType: 'Memory', maxStorageKb: 17 })
    expect(r.value.summary.spills).toEqual([])
    expect(r.value.findings.map((x) => x.rule)).not.toContain('pg.plan.tuplestore-spill')
  })
})
