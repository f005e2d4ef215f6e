// Tests read fixture files; the code under test stays pure.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzePlan, type PlanAnalysis } from './analyze-plan'
import { parsePlan } from './parse-plan'
import { parseLabel } from './parse-text'

/** Issue 17: families of real text plans the reader refused or misread. */
const dir = join(import.meta.dirname, 'fixtures')
const fixture = (name: string): string => readFileSync(join(dir, name), 'utf8')
const analyse = (text: string): PlanAnalysis => {
  const r = analyzePlan(text)
  if (!r.ok) throw new Error(`${r.code} ${r.message}`)
  return r.value
}
const rules = (p: PlanAnalysis): string[] => p.findings.map((f) => f.rule)

describe('ModifyTable on partitioned tables and MERGE (PG 15)', () => {
  it.each([
    ['update-partitioned', 'Update', 'plan_events', 4],
    ['delete-partitioned', 'Delete', 'plan_events', 4],
    ['merge', 'Merge', 'plan_customers', 2],
    ['merge-partitioned', 'Merge', 'plan_events', 5]
  ])('%s: the root is a ModifyTable; per-partition lines are its targets', (name, op, rel, scans) => {
    const p = analyse(fixture(`explain-text--${name}--pg15.txt`))
    expect(p.document.root).toMatchObject({ nodeType: 'ModifyTable', operation: op, relation: rel })
    expect(p.document.missing).toEqual([])
    expect(rules(p)).not.toContain('pg.plan.truncated')
    expect(p.nodes.filter((n) => /Scan$/.test(n.node.nodeType))).toHaveLength(scans)
    expect(p.summary.executionTimeMs).not.toBeNull()
  })
  it('a per-partition line anywhere but under a ModifyTable is still refused', () => {
    const r = parsePlan(
      'Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n  Update on t_1 t\n  Filter: (a > 1)'
    )
    expect(r.ok ? null : [r.code, r.line]).toEqual(['MALFORMED', 2])
  })
})

describe('node labels with an alias', () => {
  it('the recorded Subquery Scan puts its alias in the alias field, and the form without "on" too', () => {
    const text = fixture('explain-text--subquery-scan--pg15.txt')
    for (const t of [text, text.replace('Subquery Scan on ', 'Subquery Scan ')]) {
      expect(analyse(t).document.root).toMatchObject({
        nodeType: 'Subquery Scan',
        label: 'Subquery Scan',
        alias: 'location_state_templates',
        relation: null
      })
    }
  })
  it.each([
    ['CTE Scan big b', { nodeType: 'CTE Scan', cteName: 'big', alias: 'b' }],
    [
      'Function Scan generate_series g',
      { nodeType: 'Function Scan', functionName: 'generate_series', alias: 'g' }
    ],
    ['Values Scan "*VALUES*"', { nodeType: 'Values Scan', alias: '*VALUES*' }],
    ['WorkTable Scan r', { nodeType: 'WorkTable Scan', cteName: 'r', alias: 'r' }],
    [
      'Function Scan on generate_series g',
      { nodeType: 'Function Scan', functionName: 'generate_series', alias: 'g' }
    ],
    ['Merge on t', { nodeType: 'ModifyTable', operation: 'Merge', relation: 't' }],
    ['Merge Join', { nodeType: 'Merge Join', joinType: 'Inner' }],
    ['Merge Left Join', { nodeType: 'Merge Join', joinType: 'Left' }]
  ])('%s', (label, expected) => {
    expect(parseLabel(label)).toMatchObject(expected)
  })
})

describe('plan-level lines are never lost', () => {
  it('a psql copy whose first line lost its one-space pad keeps Planning and Execution Time', () => {
    const text = fixture('explain-text--seqscan-filter-psql-aligned--pg15.txt')
    const whole = analyse(text).summary
    expect(whole.planningTimeMs).not.toBeNull()
    const lost = text.replace(/\n Seq Scan/, '\nSeq Scan')
    expect(lost).not.toBe(text)
    expect(analyse(lost).summary).toMatchObject({
      planningTimeMs: whole.planningTimeMs,
      executionTimeMs: whole.executionTimeMs
    })
  })
  it('the Settings line of a padded copy whose first line lost its pad', () => {
    const text = fixture('explain-text--settings--pg15.txt')
    const padded = text
      .split('\n')
      .map((l, i) => (i === 0 || l === '' ? l : ` ${l}`))
      .join('\n')
    expect(analyse(padded).document.settings).toEqual(analyse(text).document.settings)
    expect(analyse(text).document.settings).toMatchObject({ work_mem: '1MB' })
  })
})

describe('parts of a plan are analysed and flagged', () => {
  const text = fixture('explain-text--hash-join-batches--pg15.txt')
  it('a subtree copied from its -> is read, with what lies above it named as missing', () => {
    const lines = text.split('\n')
    const from = lines.findIndex((l) => l.includes('->  Hash Join'))
    const to = lines.findIndex((l) => l.startsWith('Planning:'))
    // The selection starts at the arrow: the first line loses its blanks, the others keep theirs.
    const sub = [lines[from]?.trimStart() ?? '', ...lines.slice(from + 1, to)].join('\n')
    const p = analyse(sub)
    expect(p.document.root).toMatchObject({ nodeType: 'Hash Join', children: [{}, {}] })
    expect(p.nodes).toHaveLength(4)
    expect(p.document.missing).toEqual([
      'the plan nodes above this one (the copy starts at a `->` child)',
      'the Execution Time line, which EXPLAIN ANALYZE prints last (unless run with SUMMARY OFF: run it without)'
    ])
    expect(p.findings[0]?.rule).toBe('pg.plan.truncated')
    // What is there is still judged: the Hash's 8 batches are a spill.
    expect(p.summary.spills).toMatchObject([{ nodeType: 'Hash', kind: 'hash' }])
  })
  it('one Sort whose input was cut away is analysed, and says its input is missing', () => {
    const sort = [
      'Sort  (cost=22.04..22.35 rows=12 width=8) (actual time=88.011..91.300 rows=200000 loops=1)',
      '  Sort Key: note',
      '  Sort Method: external merge  Disk: 13512kB'
    ].join('\n')
    const p = analyse(sort)
    expect(p.summary.spills).toMatchObject([{ nodeType: 'Sort', kind: 'sort', diskKb: 13512 }])
    expect(p.findings.find((f) => f.rule === 'pg.plan.truncated')?.detail).toContain(
      'input of the Sort node (the copy has 0 of the 1 child plans it must have)'
    )
  })
})

describe('planning time that is large in itself', () => {
  const text = fixture('explain-text--seqscan-filter--pg15.txt')
  const times = (planning: string, execution: string): string =>
    text
      .replace(/Planning Time: .*/, `Planning Time: ${planning} ms`)
      .replace(/Execution Time: .*/, `Execution Time: ${execution} ms`)
  const planning = (t: string) => analyse(t).findings.find((f) => f.rule === 'pg.plan.planning-time')
  it('20 s of planning next to 33 s of execution is a warning', () => {
    expect(planning(times('20000.5', '33000.1'))).toMatchObject({ severity: 'warning' })
  })
  it('a large share is flagged; a small one, or a few ms, is not', () => {
    expect(planning(times('40.0', '100.0'))).toMatchObject({ severity: 'info' })
    expect(planning(times('15.0', '900.0'))).toBeUndefined()
    expect(planning(times('5.0', '1.0'))).toBeUndefined()
    expect(planning(times('150.0', '20.0'))).toMatchObject({ severity: 'warning' })
  })
})
