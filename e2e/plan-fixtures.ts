import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const FIXTURES = join(import.meta.dirname, '..', 'src', 'main', 'diagnostics', 'plan', 'fixtures')

/** A recorded plan fixture (PostgreSQL 15 output), as a person would paste it. */
export const planFixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8')

/** An EXPLAIN (ANALYZE, FORMAT JSON) of an Append over `count - 1` partitions: `count` nodes in all. */
export const bigPlan = (count: number): string => {
  const scans = Array.from({ length: count - 1 }, (_, i) => ({
    'Node Type': 'Seq Scan',
    'Parent Relationship': 'Member',
    'Parallel Aware': false,
    'Relation Name': `part_${String(i + 1).padStart(4, '0')}`,
    Alias: `part_${String(i + 1).padStart(4, '0')}`,
    'Startup Cost': 0,
    'Total Cost': 10 + i,
    'Plan Rows': 100,
    'Plan Width': 8,
    'Actual Startup Time': 0.01,
    'Actual Total Time': 0.05 + (i % 7) * 0.01,
    'Actual Rows': 100,
    'Actual Loops': 1
  }))
  const plan = {
    Plan: {
      'Node Type': 'Append',
      'Parallel Aware': false,
      'Startup Cost': 0,
      'Total Cost': 50_000,
      'Plan Rows': 99_900,
      'Plan Width': 8,
      'Actual Startup Time': 0.01,
      'Actual Total Time': 90,
      'Actual Rows': 99_900,
      'Actual Loops': 1,
      Plans: scans
    },
    'Planning Time': 12.5,
    Triggers: [],
    'Execution Time': 95.2
  }
  return JSON.stringify([plan], null, 2)
}
