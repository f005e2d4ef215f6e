/**
 * The PostgreSQL health rules and the health page's pure models at 10,000 tables and 20,000 indexes,
 * without a server: the recorded fixtures' rows (src/main/diagnostics/postgres/fixtures) copied under
 * new names (`c17_churn`, `c17_churn_pkey`...), so every copy keeps the recorded problems (dead tuples,
 * bloat, unused, invalid and duplicate indexes, unindexed foreign keys). Issue 23: a 10,000-table page
 * must not stall the UI; these are the parts that scale with the tables. Goal: each well under 100 ms.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { topicRowsOf } from '../src/shared/detail'
import type { Finding } from '../src/shared/findings'
import type { PgProbeId, PgProbeRow } from '../src/shared/records/postgres'
import { evaluatePgHealth } from '../src/main/diagnostics/postgres/health'
import { parseProbe } from '../src/main/diagnostics/postgres/records'
import { toWire } from '../src/main/support/wire'
import { indexProblems, tableRows } from '../src/renderer/src/features/health/pg-model'
import type { Benchmark } from './harness'

const TABLES = 10_000
const INDEXES = 20_000
const FIXTURES = join(import.meta.dirname, '../src/main/diagnostics/postgres/fixtures')

/** A fixture's rows copied until there are `count`, each copy's relation names prefixed `c<k>_`. */
const multiplied = (file: string, names: readonly string[], count: number): unknown[] => {
  const text = readFileSync(join(FIXTURES, file), 'utf8')
  const rows = (JSON.parse(text) as unknown[]).length
  const name = new RegExp(`\\b(${names.join('|')})`, 'g')
  const out: unknown[] = []
  for (let k = 0; out.length < count; k++)
    out.push(...(JSON.parse(text.replace(name, `c${k}_$1`)) as unknown[]).slice(0, count - out.length))
  if (rows === 0) throw new Error(`${file} has no rows to copy`)
  return out
}

const RECORDED = ['churn', 'idx_t', 'inv_t', 'child', 'parent']

const probesRows = (): Partial<Record<PgProbeId, unknown>> => ({
  pg_settings: JSON.parse(readFileSync(join(FIXTURES, 'pg_settings--clean--pg15.json'), 'utf8')),
  pg_stat_database: JSON.parse(readFileSync(join(FIXTURES, 'pg_stat_database--clean--pg15.json'), 'utf8')),
  pg_stat_user_tables: multiplied('pg_stat_user_tables--churn--pg15.json', RECORDED, TABLES),
  pg_stat_user_indexes: multiplied('pg_stat_user_indexes--problems--pg15.json', RECORDED, INDEXES),
  table_bloat_estimate: multiplied('table_bloat_estimate--churn--pg15.json', RECORDED, TABLES),
  index_bloat_estimate: multiplied('index_bloat_estimate--churn--pg15.json', RECORDED, INDEXES),
  unindexed_foreign_keys: multiplied('unindexed_foreign_keys--hazards--pg15.json', RECORDED, 2_000)
})

type Outcomes = Parameters<typeof evaluatePgHealth>[0]['probes']
let outcomes: Outcomes = {}
let findings: Finding[] = []
let wire: { [P in PgProbeId]?: unknown[] } = {}

/** A probe's records as the page receives them (the topic's rows, over the wire). */
const topic = <P extends PgProbeId>(probe: P): PgProbeRow<P>[] => (wire[probe] ?? []) as PgProbeRow<P>[]

export const benchmarks: Benchmark[] = [
  {
    name: 'pg health rules (evaluatePgHealth), 10k tables / 20k indexes',
    target: 'median < 100 ms',
    budgetMs: 100,
    iterations: 10,
    setup: () => {
      const parsedProbes: Record<string, unknown> = {}
      for (const [id, rows] of Object.entries(probesRows())) {
        const r = parseProbe(id as PgProbeId, rows)
        if (!r.ok) throw new Error(`${id}: ${r.message}`)
        parsedProbes[id] = { ok: true, value: r.value }
        wire[id as PgProbeId] = toWire(topicRowsOf(r.value as never)) as unknown[]
      }
      outcomes = parsedProbes as Outcomes
    },
    run: () => {
      findings = evaluatePgHealth({ probes: outcomes, node: 'bench:5432' }).findings
      if (findings.length < TABLES) throw new Error(`only ${findings.length} findings`)
    }
  },
  {
    name: 'pg health page models (tableRows + indexProblems), 10k / 20k',
    target: 'median < 100 ms',
    budgetMs: 100,
    iterations: 10,
    run: () => {
      const tables = tableRows(topic('pg_stat_user_tables'), topic('table_bloat_estimate'), findings)
      const indexes = indexProblems(topic('pg_stat_user_indexes'), findings)
      if (tables.length !== TABLES || indexes.length !== INDEXES) throw new Error('rows lost')
      if (!indexes.some((i) => i.problems.length > 0)) throw new Error('no index problems found')
    },
    teardown: () => {
      wire = {}
    }
  }
]
