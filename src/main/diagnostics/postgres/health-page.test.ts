/**
 * The PostgreSQL health page shows what the rules decided: its model (renderer pg-model.ts) fed the real
 * rule output on the recorded fixtures, never findings made by hand. Here, because the renderer's own
 * tests may not import main.
 */
import { describe, expect, it } from 'vitest'
import { topicRowsOf } from '../../../shared/detail'
import type { Finding } from '../../../shared/findings'
import {
  findingsAbout,
  flaggedBy,
  indexProblems,
  tableRows,
  toneOf
} from '../../../renderer/src/features/health/pg-model'
import activityBlocked from './fixtures/pg_stat_activity--blocked-idle-tx--pg15.json'
import databasesOld from './fixtures/pg_database--near-wraparound--pg15.json'
import slotsInactive from './fixtures/pg_replication_slots--inactive-slot--pg15.json'
import indexesProblems from './fixtures/pg_stat_user_indexes--problems--pg15.json'
import settingsClean from './fixtures/pg_settings--clean--pg15.json'
import tableBloatChurn from './fixtures/table_bloat_estimate--churn--pg15.json'
import tablesChurn from './fixtures/pg_stat_user_tables--churn--pg15.json'
import { evaluatePgHealth } from './health'
import { parseProbe } from './records'
import type { PgProbeId, PgProbeRow } from '../../../shared/records/postgres'
import type { Wire } from '../../../shared/topics'
import { toWire } from '../../support/wire'

/** A probe's recorded rows as the page receives them (typed records as the topic's rows, over the wire). */
const topic = <P extends PgProbeId>(probe: P, rows: unknown): Wire<PgProbeRow<P>>[] => {
  const r = parseProbe(probe, rows)
  if (!r.ok) throw new Error(r.message)
  return toWire(topicRowsOf(r.value as PgProbeRow<P> | PgProbeRow<P>[]))
}

/** What the rules say about these recorded rows: the page shows these, it does not judge the rows. */
const findingsOn = (probes: Partial<Record<PgProbeId, unknown>>): Finding[] => {
  const outcomes = Object.fromEntries(
    Object.entries(probes).map(([id, rows]) => {
      const r = parseProbe(id as PgProbeId, rows)
      return [id, r.ok ? { ok: true, value: r.value } : { ok: false, why: r.message }]
    })
  )
  return evaluatePgHealth({ probes: outcomes, node: 'p:5432' }).findings
}

describe('indexProblems', () => {
  it('shows what the index rules found: unused, duplicate, overlapping and invalid', () => {
    const indexes = { pg_settings: settingsClean, pg_stat_user_indexes: indexesProblems }
    const rows = indexProblems(topic('pg_stat_user_indexes', indexesProblems), findingsOn(indexes))
    expect(Object.fromEntries(rows.map((r) => [r.indexrelname, r.problems]))).toEqual({
      churn_pkey: [],
      idx_t_pkey: [],
      idx_t_never: ['unused'],
      idx_t_a: ['unused', 'overlap'],
      idx_t_a_copy: ['unused', 'duplicate', 'overlap'],
      idx_t_a_c: ['unused'],
      inv_t_v: ['invalid']
    })
    expect(rows.find((r) => r.indexrelname === 'idx_t_a_copy')?.duplicateOf).toBe('public.idx_t_a')
    expect(rows.find((r) => r.indexrelname === 'inv_t_v')?.findings.map((f) => f.severity)).toEqual([
      'warning'
    ])
  })
  it('an invalid index is not also unused, even never scanned and not unique (the rule excludes it)', () => {
    const loose = indexesProblems.map((r) => (r.indexrelname === 'inv_t_v' ? { ...r, is_unique: false } : r))
    const probes = { pg_settings: settingsClean, pg_stat_user_indexes: loose }
    const rows = indexProblems(topic('pg_stat_user_indexes', loose), findingsOn(probes))
    expect(rows.find((r) => r.indexrelname === 'inv_t_v')?.problems).toEqual(['invalid'])
  })
})

describe('tableRows', () => {
  it('flags the churned table with what the rules found about it, and tones it by their severity', () => {
    const probes = {
      pg_settings: settingsClean,
      pg_stat_user_tables: tablesChurn,
      table_bloat_estimate: tableBloatChurn
    }
    const [row] = tableRows(
      topic('pg_stat_user_tables', tablesChurn),
      topic('table_bloat_estimate', tableBloatChurn),
      findingsOn(probes)
    )
    expect(row?.table).toBe('public.churn')
    expect(flaggedBy(row?.findings ?? [])).toBe('dead-tuples, autovacuum-lag, bloat')
    expect(toneOf(row?.findings ?? [])).toBe('warn')
  })
})

describe('row tones by subject', () => {
  it("wraparound rows: the rule's critical, warning and info (which does not tint)", () => {
    const about = findingsAbout(
      findingsOn({ pg_settings: settingsClean, pg_database: databasesOld }),
      'database'
    )
    expect(['app', 'reporting', 'postgres'].map((d) => toneOf(about.get(d) ?? []))).toEqual([
      'bad',
      'warn',
      undefined
    ])
  })
  it('backends: the idle-in-transaction blocker, not the session waiting 11 s behind it', () => {
    const about = findingsAbout(findingsOn({ pg_stat_activity: activityBlocked }), 'backend')
    expect([toneOf(about.get('22008') ?? []), toneOf(about.get('22009') ?? [])]).toEqual(['warn', undefined])
  })
  it('replication slots: the inactive slot the rule warns about', () => {
    const about = findingsAbout(findingsOn({ pg_replication_slots: slotsInactive }), 'slot')
    expect(toneOf(about.get('health_rec_slot_21781') ?? [])).toBe('warn')
  })
})
