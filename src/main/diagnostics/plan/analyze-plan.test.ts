// Tests read fixture files; the code under test stays pure.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { severityRank } from '../../../shared/findings'
import { analyzeText } from '../analyze'
import { analyzePlan, type PlanAnalysis } from './analyze-plan'
import { parsePlan } from './parse-plan'

const dir = join(import.meta.dirname, 'fixtures')
const fixture = (name: string): string => readFileSync(join(dir, name), 'utf8')
const plan = (name: string): PlanAnalysis => {
  const r = analyzePlan(fixture(name))
  if (!r.ok) throw new Error(`${name}: ${r.code} ${r.message}`)
  return r.value
}
const rules = (p: PlanAnalysis): string[] => p.findings.map((f) => `${f.severity} ${f.rule}`)

describe('pg.plan summary and findings from real PG 15 fixtures', () => {
  it('seq scan discarding most rows names the filter columns', () => {
    const p = plan('explain-text--seqscan-filter--pg15.txt')
    expect(p.summary).toMatchObject({
      format: 'text',
      analyzed: true,
      nodeCount: 1,
      rootNodeType: 'Seq Scan',
      planningTimeMs: 0.081,
      executionTimeMs: 15.823,
      maxLoops: 1
    })
    expect(p.summary.slowestNode).toEqual({
      nodeId: 0,
      nodeType: 'Seq Scan',
      relation: 'plan_orders',
      exclusiveTimeMs: 15.684
    })
    const f = p.findings.find((x) => x.rule === 'pg.plan.seq-scan-filter')
    expect(f?.evidence).toMatchObject({
      rowsRemovedByFilter: 195988,
      rowsReturned: 4012,
      discardedPct: 98,
      filterColumns: ['amount', 'status']
    })
    expect(f?.detail).toContain('(amount, status)')
    expect(f?.target).toBe('#0 Seq Scan on plan_orders')
  })

  it('the JSON twin gives the same seq-scan facts', () => {
    const p = plan('explain-json--seqscan-filter--pg15.json')
    expect(p.summary).toMatchObject({
      format: 'json',
      nodeCount: 1,
      executionTimeMs: 14.689,
      planningTimeMs: 0.178
    })
    expect(p.nodes[0]?.node.buffers?.sharedHit).toBeGreaterThan(2000)
    expect(p.findings.find((x) => x.rule === 'pg.plan.seq-scan-filter')?.evidence).toMatchObject({
      rowsRemovedByFilter: 195988,
      filterColumns: ['amount', 'status']
    })
  })

  it('external sort across leader and worker', () => {
    const p = plan('explain-text--sort-disk--pg15.txt')
    expect(p.summary.spills).toEqual([{ nodeId: 1, nodeType: 'Sort', kind: 'sort', diskKb: 15224 }])
    expect(p.summary.workersLaunched).toBe(1)
    expect(p.summary.executionTimeMs).toBe(403.812)
    expect(rules(p)).toContain('warning pg.plan.sort-spill')
  })

  it('hash join with 8 batches and temp I/O', () => {
    const p = plan('explain-text--hash-join-batches--pg15.txt')
    expect(p.summary.spills).toEqual([{ nodeId: 6, nodeType: 'Hash', kind: 'hash', diskKb: 5032 }])
    expect(p.nodes[6]?.node).toMatchObject({
      hashBuckets: 4096,
      hashBatches: 8,
      originalHashBatches: 8,
      peakMemoryKb: 80
    })
    expect(p.summary.slowestNode).toEqual({
      nodeId: 4,
      nodeType: 'Hash Join',
      relation: null,
      exclusiveTimeMs: 35.856
    })
  })

  it('hash aggregate spilled 12016 kB in 369 batches', () => {
    const p = plan('explain-text--hashagg-disk--pg15.txt')
    expect(p.summary.spills).toEqual([{ nodeId: 0, nodeType: 'Aggregate', kind: 'hashagg', diskKb: 12016 }])
    expect(p.nodes[0]?.node).toMatchObject({
      strategy: 'Hashed',
      hashAggBatches: 369,
      plannedPartitions: 4,
      diskUsageKb: 12016
    })
  })

  it('FK cascade without an index: slow RI trigger', () => {
    const p = plan('explain-text--trigger-fk-cascade--pg15.txt')
    expect(p.summary.rootNodeType).toBe('ModifyTable')
    expect(p.summary.triggers).toEqual([
      {
        name: 'for constraint plan_items_order_id_fkey',
        constraint: 'plan_items_order_id_fkey',
        relation: null,
        timeMs: 147.623,
        calls: 30
      }
    ])
    const f = p.findings.find((x) => x.rule === 'pg.plan.slow-trigger')
    expect(f?.severity).toBe('critical')
    expect(f?.evidence).toMatchObject({ timeMs: 147.623, calls: 30, msPerCall: 4.921 })
    const json = plan('explain-json--trigger-fk-cascade--pg15.json')
    expect(json.summary.triggers[0]?.name).toMatch(/^RI_ConstraintTrigger_a_\d+$/)
    expect(json.summary.triggers[0]?.calls).toBe(30)
  })

  it('index-only scan that fetches the heap for every row', () => {
    const p = plan('explain-text--index-only-heap-fetches--pg15.txt')
    expect(p.findings.find((x) => x.rule === 'pg.plan.heap-fetches')?.evidence).toMatchObject({
      heapFetches: 9010,
      rows: 9010
    })
  })

  it('lossy bitmap heap scan under work_mem = 64kB', () => {
    const p = plan('explain-text--bitmap-lossy--pg15.txt')
    expect(p.findings.find((x) => x.rule === 'pg.plan.lossy-bitmap')?.evidence).toMatchObject({
      lossyHeapBlocks: 1555,
      exactHeapBlocks: 798,
      rowsRemovedByIndexRecheck: 92082
    })
  })

  it('nested loop with 10,000 inner loops; a Memoize with a 99.8% hit rate is not flagged', () => {
    const p = plan('explain-text--nested-loop-many-loops--pg15.txt')
    expect(p.findings.find((x) => x.rule === 'pg.plan.nested-loop-large')?.evidence).toMatchObject({
      innerNodeId: 3,
      innerLoops: 10000,
      rows: 200000,
      innerTimeMs: 20
    })
    expect(p.summary.maxLoops).toBe(10000)
    const m = plan('explain-text--memoize--pg15.txt')
    expect(m.nodes[3]?.node).toMatchObject({ nodeType: 'Memoize', cacheHits: 9980, cacheMisses: 20 })
    expect(rules(m)).not.toContain('warning pg.plan.nested-loop-large')
  })

  it('correlated columns: 100x underestimate', () => {
    const p = plan('explain-text--misestimate--pg15.txt')
    expect(p.summary.worstMisestimate).toEqual({
      nodeId: 0,
      nodeType: 'Seq Scan',
      relation: 'plan_corr',
      estimatedRows: 10,
      actualRows: 1000,
      factor: 100,
      direction: 'under'
    })
    expect(rules(p)).toContain('warning pg.plan.misestimate')
  })

  it('a node under LIMIT reading fewer rows than planned is not a misestimate finding', () => {
    const p = plan('explain-text--incremental-sort--pg15.txt')
    expect(p.summary.worstMisestimate?.factor).toBe(2000)
    expect(rules(p)).not.toContain('critical pg.plan.misestimate')
  })

  it('never executed nodes', () => {
    const p = plan('explain-text--never-executed--pg15.txt')
    expect(p.summary.neverExecutedNodes).toBe(2)
    expect(p.findings.find((x) => x.rule === 'pg.plan.never-executed')?.evidence).toEqual({
      nodeIds: [2, 3],
      count: 2
    })
  })

  it('workers planned but not launched', () => {
    const p = plan('explain-text--workers-not-launched--pg15.txt')
    expect(p.summary).toMatchObject({ workersLaunched: 0, workersPlanned: 2 })
    expect(p.findings.find((x) => x.rule === 'pg.plan.workers-not-launched')?.evidence).toMatchObject({
      nodeId: 1,
      workersPlanned: 2,
      workersLaunched: 0
    })
  })

  it('JIT: plan-level total, and per-worker JIT blocks in VERBOSE', () => {
    expect(plan('explain-text--jit--pg15.txt').summary.jitMs).toBe(42.7)
    const p = plan('explain-text--jit-parallel-verbose--pg15.txt')
    expect(p.summary.jitMs).toBe(843.739)
    expect(p.nodes[2]?.node.workers.map((w) => w.number)).toEqual([0, 1])
    expect(p.nodes[2]?.node.workers.every((w) => (w.jitMs ?? 0) > 0)).toBe(true)
    expect(rules(p)).toContain('warning pg.plan.jit')
  })

  it('CTE time is counted once: in the CTE subplan, not again in the CTE Scan', () => {
    const p = plan('explain-text--cte-scan--pg15.txt')
    const cte = p.nodes.find((n) => n.node.subplanName === 'CTE big')
    const scanA = p.nodes.find((n) => n.node.nodeType === 'CTE Scan' && n.node.alias === 'a')
    expect(cte?.node.parentRelationship).toBe('InitPlan')
    expect(scanA?.exclusiveMs).toBeLessThan(5)
    const sum = p.nodes.reduce((s, n) => s + (n.exclusiveMs ?? 0), 0)
    expect(Math.abs(sum - (p.nodes[0]?.inclusiveMs ?? 0))).toBeLessThan(0.01)
  })

  it('InitPlan evaluated by the Gather below is not counted twice', () => {
    const p = plan('explain-text--initplan--pg15.txt')
    const sum = p.nodes.reduce((s, n) => s + (n.exclusiveMs ?? 0), 0)
    expect(Math.abs(sum - (p.nodes[0]?.inclusiveMs ?? 0))).toBeLessThan(0.01)
    expect(p.summary.slowestNode).toMatchObject({
      nodeId: 5,
      nodeType: 'Seq Scan',
      relation: 'plan_orders',
      exclusiveTimeMs: 33.44
    })
  })

  it('no ANALYZE: estimates only, not-analyzed info finding', () => {
    const p = plan('explain-text--no-analyze--pg15.txt')
    expect(p.summary).toMatchObject({
      analyzed: false,
      nodeCount: 4,
      rootNodeType: 'Hash Join',
      slowestNode: null,
      worstMisestimate: null,
      maxLoops: null,
      executionTimeMs: null
    })
    expect(rules(p)).toEqual(['info pg.plan.not-analyzed'])
  })

  it('COSTS OFF and TIMING OFF', () => {
    const c = plan('explain-text--costs-off--pg15.txt')
    expect(c.nodes.every((n) => n.node.planRows === null)).toBe(true)
    expect(c.summary.worstMisestimate).toBeNull()
    const t = plan('explain-text--timing-off--pg15.txt')
    expect(t.summary.slowestNode).toBeNull()
    expect(t.nodes[0]?.node.actualRows).toBe(99)
  })

  it('SETTINGS and WAL', () => {
    expect(plan('explain-text--settings--pg15.txt').summary.settings).toEqual({
      random_page_cost: '1.1',
      search_path: 'plan_lab',
      work_mem: '1MB'
    })
    expect(plan('explain-text--wal-insert--pg15.txt').nodes[0]?.node.wal).toEqual({
      records: 2000,
      fpi: 0,
      bytes: 184000
    })
  })
})

describe('hand-made samples for versions we cannot run', () => {
  it('9.6: old "Sort Method:  external sort  Disk:" spacing and lower-case times', () => {
    const p = plan('explain-text--sort-disk-old-spacing--pg96.txt')
    expect(p.summary).toMatchObject({ planningTimeMs: 0.081, executionTimeMs: 512.906 })
    expect(p.summary.spills).toEqual([{ nodeId: 0, nodeType: 'Sort', kind: 'sort', diskKb: 11064 }])
    expect(p.nodes[0]?.node.sortMethod).toBe('external sort')
  })

  it('9.3: Total runtime', () => {
    expect(plan('explain-text--hash-join-old--pg93.txt').summary).toMatchObject({
      executionTimeMs: 97.552,
      planningTimeMs: null,
      nodeCount: 4
    })
    expect(plan('explain-json--hash-join-old--pg93.json').summary).toMatchObject({
      executionTimeMs: 97.552,
      planningTimeMs: null,
      nodeCount: 4
    })
  })

  it('18: fractional rows, Disabled, planning buffers, serialization', () => {
    for (const f of [
      'explain-text--fractional-rows-disabled--pg18.txt',
      'explain-json--fractional-rows-disabled--pg18.json'
    ]) {
      const p = plan(f)
      expect(p.nodes[2]?.node).toMatchObject({ actualRows: 0.25, actualLoops: 4, nodeType: 'Index Scan' })
      expect(p.nodes[0]?.node.disabled).toBe(true)
      expect(p.nodes[2]?.inclusiveMs).toBe(2.8)
      expect(p.nodes[1]?.node.rowsRemovedByFilter).toBe(9996)
      expect(p.document.planningBuffers?.sharedRead).toBe(3)
      expect(p.document.serializationMs).toBe(0.014)
      expect(p.nodes[2]?.ioMs).toBe(0.412)
    }
  })

  it('17: Async Foreign Scan and the JIT line with Deform', () => {
    const p = plan('explain-text--async-foreign-jit-workers--pg17.txt')
    expect(p.nodes[1]?.node).toMatchObject({
      nodeType: 'Foreign Scan',
      asyncCapable: true,
      relation: 'remote_orders_a'
    })
    expect(p.summary.jitMs).toBe(4.2)
  })
})

describe('copy shapes', () => {
  const shapes: [string, number, string][] = [
    ['explain-text--seqscan-filter-psql-aligned--pg15.txt', 1, 'Seq Scan'],
    ['explain-text--seqscan-filter-psql-border2-ascii--pg15.txt', 1, 'Seq Scan'],
    ['explain-text--seqscan-filter-psql-border2-unicode--pg15.txt', 1, 'Seq Scan'],
    ['explain-json--seqscan-filter-psql-aligned--pg15.txt', 1, 'Seq Scan'],
    ['explain-json--seqscan-filter-psql-unicode--pg15.txt', 1, 'Seq Scan'],
    ['explain-json--seqscan-filter-psql-border2-unicode--pg15.txt', 1, 'Seq Scan'],
    ['explain-text--hash-join-batches-psql-footer-es--pg15.txt', 8, 'Aggregate'],
    ['explain-text--hash-join-batches-psql-footer-de--pg15.txt', 8, 'Aggregate'],
    ['explain-text--sort-disk-psql-session--pg15.txt', 3, 'Gather Merge'],
    ['explain-text--subplan-pgadmin-quoted--pg15.txt', 4, 'Index Only Scan'],
    ['explain-json--initplan-pgadmin-quoted--pg15.txt', 6, 'Aggregate'],
    ['explain-text--cte-scan-dbeaver--pg15.txt', 8, 'Aggregate'],
    ['explain-text--parallel-seqscan-wrapped80--pg15.txt', 4, 'Aggregate'],
    ['explain-json--merge-join-wrapped80--pg15.txt', 5, 'Aggregate'],
    ['explain-text--initplan-psql-prompt--pg15.txt', 6, 'Aggregate'],
    ['explain-json--window-agg-bare-object--pg15.json', 3, 'WindowAgg']
  ]
  it.each(shapes)('%s', (name, nodeCount, root) => {
    const r = analyzeText(fixture(name), { input: name })
    expect(r.ok).toBe(true)
    expect(r.kind).toBe('pg.plan')
    expect(r.summary).toMatchObject({ nodeCount, rootNodeType: root, analyzed: true })
    expect(typeof r.summary['executionTimeMs']).toBe('number')
  })

  it('the wrapped text plan keeps its numbers across the wrap', () => {
    const p = plan('explain-text--parallel-seqscan-wrapped80--pg15.txt')
    expect(p.nodes[0]?.node.actualLoops).toBe(1)
    expect(p.nodes[3]?.node).toMatchObject({
      nodeType: 'Seq Scan',
      parallelAware: true,
      relation: 'plan_orders',
      actualLoops: 3
    })
  })
})

describe('failures', () => {
  const text = fixture('explain-text--hash-join-batches--pg15.txt')
  const json = fixture('explain-json--hash-join-batches--pg15.json')
  it('a JSON plan cut half-way is TRUNCATED', () => {
    const r = parsePlan(json.slice(0, Math.floor(json.length / 2)))
    expect(r.ok ? null : r.code).toBe('TRUNCATED')
  })
  // A part of a text plan is read as far as it goes; the document says what it lacks (pg.plan.truncated).
  const missing = (input: string): string[] | string => {
    const r = parsePlan(input)
    return r.ok ? r.value.missing : r.code
  }
  it('a text plan cut inside a node line: read up to that line, which is named as cut', () => {
    const cut = text.indexOf('(cost=164.00') + 5
    expect(missing(text.slice(0, cut))).toEqual([
      'the rest of the last line, which is cut ("->  Hash  (cost")',
      'input of the Hash Join node (the copy has 1 of the 2 child plans it must have)',
      expect.stringContaining('the Execution Time line')
    ])
  })
  it('a text plan cut before the Hash node lacks the Hash Join input', () => {
    expect(missing(text.slice(0, text.indexOf('->  Hash  ')))).toContainEqual(
      expect.stringMatching(/^input of the Hash Join node/)
    )
  })
  it('a psql copy with fewer rows than its footer says lacks them', () => {
    const lines = fixture('explain-text--hash-join-batches-psql-footer-es--pg15.txt').split('\n')
    expect(missing([...lines.slice(0, 10), ...lines.slice(-3)].join('\n'))).toContainEqual(
      expect.stringMatching(/^\d+ of the \d+ lines psql's \(N rows\) footer counts$/)
    )
  })
  it('planning time without execution time lacks the Execution Time line', () => {
    expect(missing(text.replace(/Execution Time: .*\n?/, ''))).toEqual([
      'the Execution Time line, which EXPLAIN ANALYZE prints last'
    ])
  })
  it('more rows than the footer counts is MALFORMED', () => {
    const lines = fixture('explain-text--hash-join-batches-psql-footer-es--pg15.txt').split('\n')
    const footer = lines.findIndex((l) => /^\(\d+ filas?\)/.test(l))
    const doubled = [...lines.slice(0, footer), lines[footer - 1] ?? '', ...lines.slice(footer)]
    expect(missing(doubled.join('\n'))).toBe('MALFORMED')
  })
  it('JSON without a Plan is UNRECOGNIZED; broken JSON is MALFORMED with a line', () => {
    const a = parsePlan('[{"Foo": 1}]')
    expect(a.ok ? null : a.code).toBe('UNRECOGNIZED')
    const b = parsePlan('[\n  {\n    "Plan": {\n      "Node Type": "Result",, \n    }\n  }\n]')
    expect(b.ok ? null : [b.code, b.line]).toEqual(['MALFORMED', 4])
  })
  it('a server error reply is SERVER_ERROR', () => {
    const r = analyzeText('ERROR:  relation "nope" does not exist\nLINE 1: explain select * from nope\n', {
      input: '-'
    })
    expect(r.error?.code).toBe('SERVER_ERROR')
  })
})

describe('a text plan cut off is never a smaller whole plan (issue 15, 17)', () => {
  const code = (text: string): string | null => {
    const r = parsePlan(text)
    return r.ok ? null : r.code
  }
  const rules = (text: string): string[] => {
    const r = analyzePlan(text)
    return r.ok ? r.value.findings.map((f) => f.rule) : [r.code]
  }
  it('EXPLAIN ANALYZE without its closing Execution Time is analysed and flagged', () => {
    const text = fixture('explain-text--hash-join-batches--pg15.txt')
    expect(rules(text)).not.toContain('pg.plan.truncated')
    const r = analyzePlan(text.slice(0, text.indexOf('Planning:')))
    if (!r.ok) throw new Error(r.message)
    expect(r.value.nodes).toHaveLength(plan('explain-text--hash-join-batches--pg15.txt').nodes.length)
    expect(r.value.findings[0]).toMatchObject({
      rule: 'pg.plan.truncated',
      severity: 'warning',
      detail: expect.stringContaining('the Execution Time line') as unknown
    })
  })
  it("psql's header without psql's (N rows) footer; pgAdmin's quoted lines cut inside the last one", () => {
    const framed = fixture('explain-text--seqscan-filter-psql-aligned--pg15.txt')
    expect(code(framed)).toBeNull()
    const noFooter = framed.slice(0, framed.search(/^\(\d+ rows?\)/m))
    expect(parsePlan(noFooter)).toMatchObject({
      ok: true,
      value: { missing: [expect.stringContaining('(N rows) footer')] }
    })
    expect(code(framed.slice(0, framed.indexOf('\n', framed.indexOf('---')) + 1))).toBe('TRUNCATED')
    const quoted = fixture('explain-text--subplan-pgadmin-quoted--pg15.txt')
    expect(rules(quoted.slice(0, quoted.indexOf('  Index Cond: (id <') + 12))).toContain('pg.plan.truncated')
  })
  it('a lone line cut in its node label, or a lone node without its child, is refused', () => {
    expect(code('Index Only Sca')).toBe('TRUNCATED')
    expect(code('Index Only Scan')).toBe('TRUNCATED')
    expect(code('Aggregate  (cost=1.00..1.01 rows=1 width=8)')).toBe('TRUNCATED')
    expect(code('Update on t  (cost=0.00..1.00 rows=0 width=0)')).toBe('TRUNCATED')
    // Whole plans without costs (COSTS OFF) still read.
    expect(code('Seq Scan on t')).toBeNull()
    expect(code('Aggregate\n  ->  Seq Scan on t')).toBeNull()
  })
  it('a last node cut in its label is left out and named', () => {
    expect(parsePlan('Aggregate\n  ->  Seq Scan on t\n  ->  Index Only Sca')).toMatchObject({
      ok: true,
      value: {
        root: { children: [{ nodeType: 'Seq Scan' }] },
        missing: ['the last plan node, whose label is cut ("Index Only Sca")']
      }
    })
  })
})

describe('findings order', () => {
  // main ranks a plan's findings once (the views show them as they come); no recorded plan mixes
  // severities yet, so this holds the line for the first one that does.
  it('every recorded plan lists its findings worst first', () => {
    for (const name of readdirSync(dir).filter((n) => n.startsWith('explain-'))) {
      const r = analyzePlan(fixture(name))
      if (!r.ok) continue
      const ranks = r.value.findings.map((f) => severityRank[f.severity])
      expect(ranks, name).toEqual([...ranks].sort((a, b) => b - a))
    }
  })
})

describe('a large recorded plan', () => {
  it('reads the 1,500-node UNION ALL (500 joins) from PG 15 whole, in JSON and TEXT alike', () => {
    for (const name of ['explain-json--1500-nodes--pg15.json', 'explain-text--1500-nodes--pg15.txt']) {
      const p = plan(name)
      expect(p.nodes, name).toHaveLength(1501)
      expect(p.nodes[0]?.node.nodeType).toBe('Append')
      expect(p.nodes[0]?.childIds).toHaveLength(500)
      expect(p.nodes.filter((n) => n.node.nodeType === 'Index Scan')).toHaveLength(1000)
    }
  })
})
