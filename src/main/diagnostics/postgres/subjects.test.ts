/**
 * What the UI reads from PostgreSQL findings instead of re-judging records: the subject of every finding
 * about one thing, and the remedy of those a guarded action fixes, on the recorded problem fixtures.
 */
import { describe, expect, it } from 'vitest'
import { remedyFromEvidence } from '../../testing/remedy-from-evidence'
import activityBlocked from './fixtures/pg_stat_activity--blocked-idle-tx--pg15.json'
import databasesOld from './fixtures/pg_database--near-wraparound--pg15.json'
import indexBloatChurn from './fixtures/index_bloat_estimate--churn--pg15.json'
import indexesProblems from './fixtures/pg_stat_user_indexes--problems--pg15.json'
import fkHazards from './fixtures/unindexed_foreign_keys--hazards--pg15.json'
import noPkHazards from './fixtures/tables_without_primary_key--hazards--pg15.json'
import notValidHazards from './fixtures/not_valid_constraints--hazards--pg15.json'
import replPaused from './fixtures/pg_stat_replication--replay-paused--pg15.json'
import sequencesHazards from './fixtures/sequences--hazards--pg15.json'
import settingsClean from './fixtures/pg_settings--clean--pg15.json'
import slotsInactive from './fixtures/pg_replication_slots--inactive-slot--pg15.json'
import statementsSleep from './fixtures/pg_stat_statements--pg-sleep--pg15.json'
import tableBloatChurn from './fixtures/table_bloat_estimate--churn--pg15.json'
import tablesChurn from './fixtures/pg_stat_user_tables--churn--pg15.json'
import { evaluatePgHealth } from './health'
import type { PgProbeResults } from './health-input'
import { parseProbe, type PgRecords } from './records'
import { type PgProbeId } from '../../../shared/records/postgres'

const ok = <P extends PgProbeId>(probe: P, rows: unknown): { ok: true; value: PgRecords[P] } => {
  const r = parseProbe(probe, rows)
  if (!r.ok) throw new Error(r.message)
  return { ok: true, value: r.value }
}

const PROBLEMS: PgProbeResults = {
  pg_settings: ok('pg_settings', settingsClean),
  pg_stat_user_tables: ok('pg_stat_user_tables', tablesChurn),
  table_bloat_estimate: ok('table_bloat_estimate', tableBloatChurn),
  index_bloat_estimate: ok('index_bloat_estimate', indexBloatChurn),
  pg_stat_user_indexes: ok('pg_stat_user_indexes', indexesProblems),
  pg_database: ok('pg_database', databasesOld),
  pg_stat_replication: ok('pg_stat_replication', replPaused),
  pg_replication_slots: ok('pg_replication_slots', slotsInactive),
  pg_stat_statements: ok('pg_stat_statements', statementsSleep),
  pg_stat_activity: ok('pg_stat_activity', activityBlocked),
  sequences: ok('sequences', sequencesHazards),
  not_valid_constraints: ok('not_valid_constraints', notValidHazards),
  unindexed_foreign_keys: ok('unindexed_foreign_keys', fkHazards),
  tables_without_primary_key: ok('tables_without_primary_key', noPkHazards)
}

const NODE = '127.0.0.1:55432'
const { findings } = evaluatePgHealth({ probes: PROBLEMS, node: NODE })

describe('findings on the recorded problems', () => {
  it('offer exactly the guarded action their evidence calls for', () => {
    for (const f of findings) expect(f.remedy ?? null, `${f.rule} ${f.target}`).toEqual(remedyFromEvidence(f))
    expect(new Set(findings.filter((f) => f.remedy).map((f) => f.rule))).toEqual(
      new Set([
        'pg.blocking-lock',
        'pg.idle-in-transaction',
        'pg.unused-index',
        'pg.invalid-index',
        'pg.dead-tuples',
        'pg.bloat'
      ])
    )
  })

  it('name what they are about, on the checked node', () => {
    const about = (rule: string) =>
      findings.filter((f) => f.rule === rule).map((f) => f.subject && [f.subject.kind, f.subject.name])
    expect(about('pg.unused-index')).toEqual([
      ['index', 'public.idx_t_a_c'],
      ['index', 'public.idx_t_a'],
      ['index', 'public.idx_t_a_copy'],
      ['index', 'public.idx_t_never']
    ])
    expect(about('pg.invalid-index')).toEqual([['index', 'public.inv_t_v']])
    expect(about('pg.dead-tuples')).toEqual([['table', 'public.churn']])
    expect(about('pg.blocking-lock')).toEqual([['backend', '22008']])
    expect(about('pg.replication-slot')).toEqual([['slot', 'health_rec_slot_21781']])
    expect(about('pg.wraparound')[0]).toEqual(['database', 'app'])
    // Every finding about one thing (it has a target) says which, and on which node.
    for (const f of findings.filter((f) => f.target !== null)) expect(f.subject?.node, f.title).toBe(NODE)
  })

  it('give the unit of their measurements', () => {
    const unused = findings.find((f) => f.rule === 'pg.unused-index')
    expect(unused?.units).toMatchObject({ indexBytes: 'bytes', idxScan: 'count' })
    for (const f of findings)
      for (const field of Object.keys(f.units ?? {}))
        expect(Object.keys(f.evidence), `${f.rule}: ${field}`).toContain(field)
  })
})
