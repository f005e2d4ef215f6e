/**
 * pg.plan parse + analyze on a generated plan of 1,200 nodes (Append of 300 Hash Joins over Seq Scans
 * and Hashes, with long Filter lines so each format is > 1 MB). Budget: median 30 ms per format.
 * Memory: heap growth while parsing one input, against the input size (target < 10x), printed once.
 */
import { analyzePlan } from '../src/main/diagnostics/plan/analyze-plan'
import type { Benchmark } from './harness'

const BRANCHES = 300
const filter = (i: number): string =>
  `((status = ANY ('{new,paid,shipped,cancelled,refunded}'::text[])) AND (amount > '${i}'::numeric) AND (note ~~ '%${'x'.repeat(2800)}%'::text))`

const textPlan = (): string => {
  const lines = [
    'Append  (cost=0.00..99999.00 rows=600000 width=62) (actual time=0.010..950.000 rows=600000 loops=1)'
  ]
  for (let i = 0; i < BRANCHES; i++) {
    lines.push(
      `  ->  Hash Join  (cost=10.00..300.00 rows=2000 width=62) (actual time=0.100..3.000 rows=2000 loops=1)`
    )
    lines.push(`        Hash Cond: (o${i}.customer_id = c${i}.id)`)
    lines.push(
      `        ->  Seq Scan on part_${i} o${i}  (cost=0.00..200.00 rows=2000 width=62) (actual time=0.010..1.500 rows=2000 loops=1)`
    )
    lines.push(`              Filter: ${filter(i)}`)
    lines.push(`              Rows Removed by Filter: ${1000 + i}`)
    lines.push(
      `        ->  Hash  (cost=5.00..5.00 rows=100 width=8) (actual time=0.050..0.050 rows=100 loops=1)`
    )
    lines.push(`              Buckets: 1024  Batches: 1  Memory Usage: 12kB`)
    lines.push(
      `              ->  Seq Scan on customers_${i} c${i}  (cost=0.00..5.00 rows=100 width=8) (actual time=0.005..0.020 rows=100 loops=1)`
    )
  }
  lines.push('Planning Time: 12.000 ms', 'Execution Time: 960.000 ms')
  return lines.join('\n')
}

const node = (type: string, extra: Record<string, unknown>, plans?: unknown[]): Record<string, unknown> => ({
  'Node Type': type,
  'Parallel Aware': false,
  'Startup Cost': 0,
  'Total Cost': 100,
  'Plan Rows': 2000,
  'Plan Width': 62,
  'Actual Startup Time': 0.01,
  'Actual Total Time': 1.5,
  'Actual Rows': 2000,
  'Actual Loops': 1,
  ...extra,
  ...(plans ? { Plans: plans } : {})
})

const jsonPlan = (): string => {
  const branches = Array.from({ length: BRANCHES }, (_, i) =>
    node(
      'Hash Join',
      {
        'Parent Relationship': 'Member',
        'Join Type': 'Inner',
        'Hash Cond': `(o${i}.customer_id = c${i}.id)`
      },
      [
        node('Seq Scan', {
          'Parent Relationship': 'Outer',
          'Relation Name': `part_${i}`,
          Alias: `o${i}`,
          Filter: filter(i),
          'Rows Removed by Filter': 1000 + i
        }),
        node(
          'Hash',
          {
            'Parent Relationship': 'Inner',
            'Hash Buckets': 1024,
            'Hash Batches': 1,
            'Original Hash Batches': 1,
            'Peak Memory Usage': 12
          },
          [
            node('Seq Scan', {
              'Parent Relationship': 'Outer',
              'Relation Name': `customers_${i}`,
              Alias: `c${i}`,
              'Actual Rows': 100,
              'Plan Rows': 100
            })
          ]
        )
      ]
    )
  )
  return JSON.stringify(
    [
      {
        Plan: node('Append', { 'Actual Total Time': 950 }, branches),
        'Planning Time': 12,
        Triggers: [],
        'Execution Time': 960
      }
    ],
    null,
    2
  )
}

const TEXT = textPlan()
const JSON_TEXT = jsonPlan()

const run = (input: string, label: string): void => {
  const r = analyzePlan(input)
  if (!r.ok || r.value.summary.nodeCount !== BRANCHES * 4 + 1)
    throw new Error(`${label}: ${r.ok ? r.value.summary.nodeCount : r.message}`)
}

/** Heap growth while one analysis result is alive, compared with the input (run with --expose-gc for a clean figure). */
const memoryRatio = (input: string): string => {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const before = process.memoryUsage().heapUsed
  const kept = analyzePlan(input)
  const after = process.memoryUsage().heapUsed
  const bytes = Buffer.byteLength(input)
  const ratio = (after - before) / bytes
  return `${(bytes / 1e6).toFixed(2)} MB input, heap +${((after - before) / 1e6).toFixed(2)} MB (${ratio.toFixed(2)}x${gc ? '' : ', no --expose-gc'}) ok=${kept.ok}`
}

console.log(`plan bench: text ${memoryRatio(TEXT)}; json ${memoryRatio(JSON_TEXT)}`)

export const benchmarks: Benchmark[] = [
  {
    name: `pg.plan text, ${BRANCHES * 4 + 1} nodes, ${(TEXT.length / 1e6).toFixed(1)} MB: parse + analyze`,
    target: 'median < 30 ms',
    budgetMs: 30,
    iterations: 30,
    run: () => run(TEXT, 'text')
  },
  {
    name: `pg.plan json, ${BRANCHES * 4 + 1} nodes, ${(JSON_TEXT.length / 1e6).toFixed(1)} MB: parse + analyze`,
    target: 'median < 30 ms',
    budgetMs: 30,
    iterations: 30,
    run: () => run(JSON_TEXT, 'json')
  }
]
