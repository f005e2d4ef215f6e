// Tests read fixture files; the code under test stays pure.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzePlan, type PlanAnalysis } from './analyze-plan'
import { parsePlan } from './parse-plan'

const dir = join(import.meta.dirname, 'fixtures')
const fixture = (name: string): string => readFileSync(join(dir, name), 'utf8')
const plan = (name: string): PlanAnalysis => {
  const r = analyzePlan(fixture(name))
  if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message}`)
  return r.value
}

describe('PG 11/12 VERBOSE list each worker twice (hand-made from the PG 12 explain.c)', () => {
  const twins = [
    'explain-text--sort-disk-verbose-workers-twice--pg12.txt',
    'explain-json--sort-disk-verbose-workers-twice--pg12.json'
  ]
  it.each(twins)('one entry per worker, with both its sort figures and its timing (%s)', (name) => {
    const p = plan(name)
    const sort = p.nodes.find((a) => a.node.nodeType === 'Sort')
    expect(sort?.node.workers).toEqual([
      expect.objectContaining({
        number: 0,
        sortSpaceType: 'Disk',
        sortSpaceKb: 7824,
        actualTotalMs: 232.126,
        actualRows: 102400,
        loops: 1
      })
    ])
    // The leader's and the worker's disk, each once.
    expect(p.summary.spills).toEqual([
      { nodeId: sort?.id, nodeType: 'Sort', kind: 'sort', diskKb: 7400 + 7824 }
    ])
    expect(p.nodes.every((a) => a.node.workers.length <= 1)).toBe(true)
  })

  it('the text and the JSON copy give the same times', () => {
    const [text, json] = twins.map(plan)
    const times = (p: PlanAnalysis | undefined): unknown =>
      p?.nodes.map((a) => [a.node.nodeType, a.inclusiveMs, a.exclusiveMs, a.node.workers])
    expect(times(text)).toEqual(times(json))
  })

  it('a "Workers" key written inside a string value is left alone', () => {
    const json = fixture('explain-json--sort-disk-verbose-workers-twice--pg12.json').replace(
      '"Sort Key": ["plan_orders.note"],',
      '"Sort Key": ["plan_orders.note"],\n          "Filter": "(note <> \'{\\"Workers\\": [1]}\')",'
    )
    const r = parsePlan(json)
    if (!r.ok) throw new Error(r.message)
    expect(r.value.root.children[0]?.filter).toBe(`(note <> '{"Workers": [1]}')`)
    expect(r.value.root.children[0]?.workers).toHaveLength(1)
  })

  it('PG 13+ plans, one "Workers" array per node, keep every worker', () => {
    const p = plan('explain-json--jit-parallel-verbose--pg15.json')
    expect(p.nodes[2]?.node.workers.map((w) => w.number)).toEqual([0, 1])
  })
})
