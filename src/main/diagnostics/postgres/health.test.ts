/**
 * Every PostgreSQL health rule on rows captured from the PG 15 test servers (fixtures/README.md lists the
 * hand-made ones for other versions), plus small hand-made rows where a threshold edge needs pinning.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../shared/findings'
import checkpointsClean from './fixtures/checkpoints--clean--pg15.json'
import checkpoints17 from './fixtures/checkpoints--requested--pg17.json'
import indexBloatChurn from './fixtures/index_bloat_estimate--churn--pg15.json'
import indexBloatClean from './fixtures/index_bloat_estimate--clean--pg15.json'
import databasesClean from './fixtures/pg_database--clean--pg15.json'
import databasesOld from './fixtures/pg_database--near-wraparound--pg15.json'
import slotsLost17 from './fixtures/pg_replication_slots--lost--pg17.json'
import slots12 from './fixtures/pg_replication_slots--inactive--pg12.json'
import slotsInactive from './fixtures/pg_replication_slots--inactive-slot--pg15.json'
import settingsClean from './fixtures/pg_settings--clean--pg15.json'
import settingsReplica from './fixtures/pg_settings--replica--pg15.json'
import activityBlocked from './fixtures/pg_stat_activity--blocked-idle-tx--pg15.json'
import dbStatsClean from './fixtures/pg_stat_database--clean--pg15.json'
import io16 from './fixtures/pg_stat_io--busy--pg16.json'
import replPaused from './fixtures/pg_stat_replication--replay-paused--pg15.json'
import replStreaming from './fixtures/pg_stat_replication--streaming--pg15.json'
import statementsClean from './fixtures/pg_stat_statements--clean--pg15.json'
import statementsSleep from './fixtures/pg_stat_statements--pg-sleep--pg15.json'
import statements12 from './fixtures/pg_stat_statements--slow--pg12.json'
import indexesClean from './fixtures/pg_stat_user_indexes--clean--pg15.json'
import indexesProblems from './fixtures/pg_stat_user_indexes--problems--pg15.json'
import tablesChurn from './fixtures/pg_stat_user_tables--churn--pg15.json'
import tablesClean from './fixtures/pg_stat_user_tables--clean--pg15.json'
import receiver12 from './fixtures/pg_stat_wal_receiver--paused--pg12.json'
import receiverPaused from './fixtures/pg_stat_wal_receiver--replay-paused--pg15.json'
import receiverQuiet from './fixtures/pg_stat_wal_receiver--replica--pg15.json'
import walClean from './fixtures/pg_stat_wal--clean--pg15.json'
import tableBloatChurn from './fixtures/table_bloat_estimate--churn--pg15.json'
import tableBloatClean from './fixtures/table_bloat_estimate--clean--pg15.json'
import sequencesClean from './fixtures/sequences--clean--pg15.json'
import sequencesHazards from './fixtures/sequences--hazards--pg15.json'
import notValidClean from './fixtures/not_valid_constraints--clean--pg15.json'
import notValidHazards from './fixtures/not_valid_constraints--hazards--pg15.json'
import fkClean from './fixtures/unindexed_foreign_keys--clean--pg15.json'
import fkHazards from './fixtures/unindexed_foreign_keys--hazards--pg15.json'
import noPkClean from './fixtures/tables_without_primary_key--clean--pg15.json'
import noPkHazards from './fixtures/tables_without_primary_key--hazards--pg15.json'
import archiverClean from './fixtures/pg_stat_archiver--clean--pg15.json'
import archiverFailing from './fixtures/pg_stat_archiver--failing--pg15.json'
import locksClean from './fixtures/pg_locks--clean--pg15.json'
import sizesClean from './fixtures/database_sizes--clean--pg15.json'
import progressClean from './fixtures/progress--clean--pg15.json'
import progressCic from './fixtures/progress--cic-waiting--pg15.json'
import progressVacuum from './fixtures/progress--vacuum--pg15.json'
import changedClean from './fixtures/changed_settings--clean--pg15.json'
import changedPending from './fixtures/changed_settings--pending-restart--pg15.json'
import sslClean from './fixtures/pg_stat_ssl--clean--pg15.json'
import sslRemote from './fixtures/pg_stat_ssl--remote-clear--pg15.json'
import { connectionWithoutSslRule } from './rules/connection-without-ssl'
import tablesUnused from './fixtures/pg_stat_user_tables--unused--pg15.json'
import { archiverRule, FAILED_COUNTER } from './rules/archiver'
import { MIN_BYTES, unusedTableRule } from './rules/unused-table'
import { indexBuildWaitingRule, WAIT_WARNING_S } from './rules/index-build-waiting'
import { pendingRestartRule } from './rules/pending-restart'
import { missingPrimaryKeyRule } from './rules/missing-primary-key'
import { notValidConstraintRule } from './rules/not-valid-constraint'
import { sequenceExhaustionRule } from './rules/sequence-exhaustion'
import { unindexedForeignKeyRule } from './rules/unindexed-foreign-key'
import { evaluatePgHealth, PG_HEALTH_RULES } from './health'
import { evaluateRules, type RuleSpec } from '../pipeline/engine-diagnostics'
import type { PgContext, PgHealthInput, PgProbeResults } from './health-input'
import { parseProbe, type PgRecords } from './records'
import { type PgProbeId } from '../../../shared/records/postgres'
import { autovacuumLagRule } from './rules/autovacuum-lag'
import { blockingLockRule } from './rules/blocking-lock'
import { bloatRule } from './rules/bloat'
import { cacheHitRatioRule } from './rules/cache-hit-ratio'
import { checkpointsRule } from './rules/checkpoints'
import { connectionsRule } from './rules/connections'
import { deadTuplesRule } from './rules/dead-tuples'
import { duplicateIndexRule } from './rules/duplicate-index'
import { idleInTransactionRule } from './rules/idle-in-transaction'
import { invalidIndexRule } from './rules/invalid-index'
import { longRunningQueryRule } from './rules/long-running-query'
import { longTransactionRule } from './rules/long-transaction'
import { replayPausedRule } from './rules/replay-paused'
import { replicationLagRule } from './rules/replication-lag'
import { replicationSlotRule } from './rules/replication-slot'
import { seqScanHeavyRule } from './rules/seq-scan-heavy'
import { ENABLE_HINT, slowQueryRule } from './rules/slow-query'
import { tempFilesRule } from './rules/temp-files'
import { deadlocksRule } from './rules/deadlocks'
import { pgCounters, pgEpoch } from './pg-counters'
import { CounterHistory, type CounterWindow } from '../counter-window'
import { unusedIndexRule } from './rules/unused-index'
import { walReceiverRule } from './rules/wal-receiver'
import { wraparoundRule } from './rules/wraparound'

const ok = <P extends PgProbeId>(probe: P, rows: unknown): { ok: true; value: PgRecords[P] } => {
  const r = parseProbe(probe, rows)
  if (!r.ok) throw new Error(r.message)
  return { ok: true, value: r.value }
}

const input = (probes: PgProbeResults, extra: Partial<PgHealthInput> = {}): PgHealthInput => ({
  probes,
  ...extra
})
/** One rule on these probes through the pipeline of a live check (a missing need says so). */
const judge = (rule: RuleSpec<PgRecords, PgContext>, { probes, ...context }: PgHealthInput): Finding[] =>
  evaluateRules({ engine: 'postgres', rules: [rule] }, probes, context)
const primary = (): PgProbeResults => ({ pg_settings: ok('pg_settings', settingsClean) })
const replica = (): PgProbeResults => ({ pg_settings: ok('pg_settings', settingsReplica) })
/** Two polls of one server 30 s apart (same life unless the probes say otherwise). */
const windowOf = (before: PgProbeResults, after: PgProbeResults): CounterWindow => {
  let t = 0
  const history = new CounterHistory(() => t)
  const epoch = (p: PgProbeResults): string => pgEpoch(p) ?? 'one life'
  history.observe('node', epoch(before), pgCounters(before))
  t += 30_000
  return history.observe('node', epoch(after), pgCounters(after))
}
const brief = (fs: Finding[]) => fs.map((f) => [f.severity, f.target])

const CLEAN: PgProbeResults = {
  pg_settings: ok('pg_settings', settingsClean),
  pg_stat_user_tables: ok('pg_stat_user_tables', tablesClean),
  table_bloat_estimate: ok('table_bloat_estimate', tableBloatClean),
  index_bloat_estimate: ok('index_bloat_estimate', indexBloatClean),
  pg_stat_user_indexes: ok('pg_stat_user_indexes', indexesClean),
  pg_database: ok('pg_database', databasesClean),
  pg_stat_replication: ok('pg_stat_replication', replStreaming),
  pg_replication_slots: ok('pg_replication_slots', []),
  pg_stat_statements: ok('pg_stat_statements', statementsClean),
  pg_stat_activity: ok('pg_stat_activity', []),
  pg_stat_database: ok('pg_stat_database', dbStatsClean),
  checkpoints: ok('checkpoints', checkpointsClean),
  pg_stat_wal: ok('pg_stat_wal', walClean),
  pg_stat_wal_receiver: { ok: false, why: 'only meaningful on a replica.' },
  pg_stat_io: { ok: false, why: 'needs PostgreSQL 16 or later (server is 15).' },
  sequences: ok('sequences', sequencesClean),
  not_valid_constraints: ok('not_valid_constraints', notValidClean),
  unindexed_foreign_keys: ok('unindexed_foreign_keys', fkClean),
  tables_without_primary_key: ok('tables_without_primary_key', noPkClean),
  pg_stat_archiver: ok('pg_stat_archiver', archiverClean),
  pg_locks: ok('pg_locks', locksClean),
  database_sizes: ok('database_sizes', sizesClean),
  progress: ok('progress', progressClean),
  changed_settings: ok('changed_settings', changedClean),
  pg_stat_ssl: ok('pg_stat_ssl', sslClean)
}

describe('the rule registry', () => {
  const isRule = (v: unknown): v is RuleSpec<PgRecords, PgContext> =>
    typeof v === 'object' && v !== null && 'id' in v && 'needs' in v && 'evaluate' in v
  it('lists every rule of rules/ once, under its own id', async () => {
    const names = readdirSync(join(import.meta.dirname, 'rules'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -'.ts'.length))
    const modules: Record<string, unknown>[] = await Promise.all(
      names.map((name) => import(`./rules/${name}.ts`))
    )
    const declared = modules.flatMap((m) => Object.values(m).filter(isRule))
    expect(new Set(PG_HEALTH_RULES)).toEqual(new Set(declared))
    expect(PG_HEALTH_RULES).toHaveLength(declared.length)
    const ids = PG_HEALTH_RULES.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const m of modules) if (typeof m['RULE'] === 'string') expect(ids).toContain(m['RULE'])
  })
})

describe('a clean PG 15 database', () => {
  it('gives only info findings and the summary facts', () => {
    const { facts, findings } = evaluatePgHealth(input(CLEAN))
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([])
    expect(findings.filter((f) => f.title.startsWith('Could not evaluate'))).toEqual([])
    expect(facts['serverVersionNum']).toBe(150020)
    expect(facts['tables']).toBe(1)
    expect(facts['indexes']).toBe(2)
    expect(facts['io']).toBe(null)
    expect((facts['probes'] as Record<string, string>)['pg_stat_io']).toBe(
      'needs PostgreSQL 16 or later (server is 15).'
    )
    expect(facts['checkpoints']).toEqual({ timed: 2, requested: 7 })
  })

  it('every rule speaks when its probe is missing: could not evaluate, never silence', () => {
    const { findings } = evaluatePgHealth(input({ pg_settings: ok('pg_settings', settingsClean) }))
    const rules = new Set(findings.filter((f) => f.title.startsWith('Could not evaluate')).map((f) => f.rule))
    for (const rule of [
      'pg.dead-tuples',
      'pg.bloat',
      'pg.unused-index',
      'pg.duplicate-index',
      'pg.invalid-index',
      'pg.replication-lag',
      'pg.replication-slot',
      'pg.slow-query',
      'pg.idle-in-transaction',
      'pg.blocking-lock',
      'pg.wraparound',
      'pg.checkpoints',
      'pg.archiver-failing',
      'pg.pending-restart',
      'pg.index-build-waiting',
      'pg.unused-table',
      'pg.connection-without-ssl'
    ]) {
      expect(rules.has(rule), rule).toBe(true)
    }
  })
})

describe('pg.dead-tuples', () => {
  it('flags the table with 200,000 dead of 300,000 tuples', () => {
    const fs = judge(
      deadTuplesRule,
      input({ ...primary(), pg_stat_user_tables: ok('pg_stat_user_tables', tablesChurn) })
    )
    expect(brief(fs)).toEqual([['warning', 'public.churn']])
    expect(fs[0]?.evidence['nDeadTup']).toBe(200_000)
    expect(fs[0]?.evidence['deadRatio']).toBeCloseTo(2 / 3, 10)
    expect(fs[0]?.evidence['lastVacuumSecondsAgo']).toBe(null)
  })
  it('is quiet below the 10,000 dead-tuple floor even at a high ratio', () => {
    const rows = [{ ...tablesChurn[0], n_live_tup: '10', n_dead_tup: '9999' }]
    expect(judge(deadTuplesRule, input({ pg_stat_user_tables: ok('pg_stat_user_tables', rows) }))).toEqual([])
  })
  it('critical at 50% and a million dead tuples', () => {
    const rows = [{ ...tablesChurn[0], n_live_tup: '1000000', n_dead_tup: '1000000' }]
    expect(
      judge(deadTuplesRule, input({ pg_stat_user_tables: ok('pg_stat_user_tables', rows) }))[0]?.severity
    ).toBe('critical')
  })
})

describe('pg.autovacuum-lag', () => {
  it('uses the table trigger 50 + 0.2 x 100,000 and says autovacuum is off on the table', () => {
    const fs = judge(
      autovacuumLagRule,
      input({ ...primary(), pg_stat_user_tables: ok('pg_stat_user_tables', tablesChurn) })
    )
    expect(brief(fs)).toEqual([['warning', 'public.churn']])
    expect(fs[0]?.evidence).toMatchObject({
      trigger: 20_050,
      threshold: 50,
      scaleFactor: 0.2,
      autovacuumEnabled: false
    })
  })
  it('honours per-table reloptions, and with autovacuum on warns only past 2x the trigger', () => {
    const base = { ...tablesChurn[0], autovacuum_enabled: null, n_dead_tup: '3000', reltuples: 100000 }
    const own = [{ ...base, av_vacuum_threshold: 100, av_vacuum_scale_factor: 0.01 }] // trigger 1,100; 3,000 > 2,200
    const fs = judge(
      autovacuumLagRule,
      input({ ...primary(), pg_stat_user_tables: ok('pg_stat_user_tables', own) })
    )
    expect(fs[0]?.evidence['trigger']).toBe(1100)
    const server = [{ ...base }] // server trigger 20,050: 3,000 dead is fine
    expect(
      judge(
        autovacuumLagRule,
        input({ ...primary(), pg_stat_user_tables: ok('pg_stat_user_tables', server) })
      )
    ).toEqual([])
  })
  it('is silent on a replica (nothing vacuums there)', () => {
    expect(
      judge(
        autovacuumLagRule,
        input({ ...replica(), pg_stat_user_tables: ok('pg_stat_user_tables', tablesChurn) })
      )
    ).toEqual([])
  })
})

describe('pg.bloat', () => {
  it('flags the churned table (67% estimated) and its primary key (50%) but not the 8 KiB of idx_t', () => {
    const fs = judge(
      bloatRule,
      input({
        table_bloat_estimate: ok('table_bloat_estimate', tableBloatChurn),
        index_bloat_estimate: ok('index_bloat_estimate', indexBloatChurn)
      })
    )
    expect(brief(fs)).toEqual([['warning', 'public.churn']])
    expect(fs[0]?.evidence).toMatchObject({ kind: 'table', realBytes: 37_806_080, bloatBytes: 25_362_432 })
    // The pkey: 50% but 2.2 MiB, under the 8 MiB floor.
    const big = indexBloatChurn.map((r) => ({ ...r, real_bytes: '45137920', bloat_bytes: '22609920' }))
    const fi = judge(
      bloatRule,
      input({
        table_bloat_estimate: ok('table_bloat_estimate', []),
        index_bloat_estimate: ok('index_bloat_estimate', big)
      })
    )
    expect(brief(fi)).toEqual([['warning', 'public.churn_pkey']])
  })
  it('says when the statistics behind the estimate are stale (rows changed since the analyze, never analyzed)', () => {
    const judged = (tables: unknown[]) =>
      judge(
        bloatRule,
        input({
          table_bloat_estimate: ok('table_bloat_estimate', tableBloatChurn),
          index_bloat_estimate: ok('index_bloat_estimate', []),
          pg_stat_user_tables: ok('pg_stat_user_tables', tables)
        })
      )
    // Recorded: 100,000 rows changed since the analyze 1.85 s before, on 100,000 counted rows.
    const [stale] = judged(tablesChurn)
    expect(stale?.title).toMatch(/^Table public\.churn: about .* estimated bloat \(statistics stale\)$/)
    expect(stale?.evidence['statsStale']).toBe(
      '100000 rows changed since the last analyze 1.85 s ago (statistics count 100000 rows)'
    )
    expect(stale?.detail).toContain('ANALYZE the table for a better estimate, or measure it (Inspect).')
    expect(stale?.measure?.label).toBe('Inspect public.churn (pgstattuple_approx)')
    const [fresh] = judged([{ ...tablesChurn[0], n_mod_since_analyze: '15000' }])
    expect([fresh?.title.includes('stale'), fresh?.evidence['statsStale']]).toEqual([false, null])
    const [never] = judged([{ ...tablesChurn[0], reltuples: -1, last_analyze_s: null }])
    expect(never?.evidence['statsStale']).toBe('the table has never been analyzed')
  })
  it('reports relations it could not estimate as one info finding', () => {
    const na = [{ ...tableBloatChurn[0], is_na: true }]
    const fs = judge(
      bloatRule,
      input({
        table_bloat_estimate: ok('table_bloat_estimate', na),
        index_bloat_estimate: ok('index_bloat_estimate', [])
      })
    )
    expect(brief(fs)).toEqual([['info', null]])
    expect(fs[0]?.evidence['relations']).toEqual(['public.churn'])
  })
})

describe('index rules on the recorded problems', () => {
  const indexes = ok('pg_stat_user_indexes', indexesProblems)
  it('pg.unused-index: non-unique, never scanned, valid; pkeys and the invalid index excluded', () => {
    const fs = judge(unusedIndexRule, input({ ...primary(), pg_stat_user_indexes: indexes }))
    expect(brief(fs)).toEqual([
      ['warning', 'public.idx_t_a_c'],
      ['warning', 'public.idx_t_a'],
      ['warning', 'public.idx_t_a_copy'],
      ['warning', 'public.idx_t_never']
    ])
    expect(fs[3]?.evidence).toMatchObject({
      idxScan: 0,
      indexBytes: 360_448,
      statsReset: null,
      countedOn: 'primary'
    })
  })
  it('pg.unused-index: an index scanned on a connected replica is used there, with no drop offered', () => {
    const fs = judge(
      unusedIndexRule,
      input(
        { ...primary(), pg_stat_user_indexes: indexes },
        {
          node: '127.0.0.1:55432',
          peerIndexUsage: [
            { node: '127.0.0.1:55433', role: 'replica', ok: true, scans: { 'public.idx_t_never': 42 } }
          ]
        }
      )
    )
    const never = fs.find((f) => f.target === 'public.idx_t_never')
    expect(never?.severity).toBe('info')
    expect(never?.remedy).toBeUndefined()
    expect(never?.title).toBe(
      'Index public.idx_t_never on idx_t is not scanned on this primary but is used on the replica 127.0.0.1:55433 (42 scans)'
    )
    expect(never?.evidence['scansByNode']).toEqual([
      { node: '127.0.0.1:55432', role: 'primary', idxScan: 0 },
      { node: '127.0.0.1:55433', role: 'replica', idxScan: 42 }
    ])
    // The others are unused on both nodes: still a warning with its drop, and the detail names both counts.
    const copy = fs.find((f) => f.target === 'public.idx_t_a_copy')
    expect([copy?.severity, copy?.remedy?.action]).toEqual(['warning', 'postgres.dropIndex'])
    expect(copy?.detail).toContain('primary 127.0.0.1:55432: 0 scans; replica 127.0.0.1:55433: 0 scans')
  })
  it('pg.unused-index: a replica that could not be read is named, not taken for zero scans', () => {
    const fs = judge(
      unusedIndexRule,
      input(
        { ...primary(), pg_stat_user_indexes: indexes },
        {
          peerIndexUsage: [{ node: '10.0.0.9:5432', role: 'replica', ok: false, why: 'permission denied' }]
        }
      )
    )
    const never = fs.find((f) => f.target === 'public.idx_t_never')
    expect(never?.detail).toContain('replica 10.0.0.9:5432: not read (permission denied)')
    expect(never?.detail).toContain('check the nodes that could not be read')
  })
  it('pg.unused-index: on a replica the same rows are info only', () => {
    const fs = judge(unusedIndexRule, input({ ...replica(), pg_stat_user_indexes: indexes }))
    expect(new Set(fs.map((f) => f.severity))).toEqual(new Set(['info']))
    expect(fs[0]?.evidence['countedOn']).toBe('replica')
  })
  it('pg.duplicate-index: the exact copy, and the two prefixes of idx_t_a_c', () => {
    const fs = judge(duplicateIndexRule, input({ pg_stat_user_indexes: indexes }))
    expect(
      fs.map((f) => [f.severity, f.evidence['kind'], f.evidence['redundant'], f.evidence['keep']])
    ).toEqual([
      ['warning', 'duplicate', 'idx_t_a_copy', 'idx_t_a'],
      ['warning', 'overlap', 'idx_t_a', 'idx_t_a_c'],
      ['warning', 'overlap', 'idx_t_a_copy', 'idx_t_a_c']
    ])
    const [overlap] = fs.filter((f) => f.evidence['kind'] === 'overlap')
    expect(overlap?.title).toMatch(/^Index public\.idx_t_a is covered by idx_t_a_c on public\.idx_t \(\d/)
  })
  it('pg.duplicate-index: a prefix the planner prefers (more scans than the covering index) is only info', () => {
    const rows = indexesProblems
      .filter((r) => r['indexrelname'] === 'idx_t_a' || r['indexrelname'] === 'idx_t_a_c')
      .map((r) => ({ ...r, idx_scan: r['indexrelname'] === 'idx_t_a' ? '900' : '40' }))
    const fs = judge(duplicateIndexRule, input({ pg_stat_user_indexes: ok('pg_stat_user_indexes', rows) }))
    expect(fs.map((f) => [f.severity, f.evidence['redundant'], f.evidence['keep']])).toEqual([
      ['info', 'idx_t_a', 'idx_t_a_c']
    ])
    expect(fs[0]?.detail).toContain('900 scans against 40')
  })
  it('pg.duplicate-index: never suggests dropping the unique one', () => {
    const rows = [
      {
        ...indexesProblems[3],
        indexrelname: 'email_key',
        is_unique: true,
        constraint_backed: true,
        idx_scan: '0'
      },
      { ...indexesProblems[3], indexrelname: 'email_idx', idx_scan: '500' }
    ]
    const [f] = judge(duplicateIndexRule, input({ pg_stat_user_indexes: ok('pg_stat_user_indexes', rows) }))
    expect([f?.evidence['redundant'], f?.evidence['keep']]).toEqual(['email_idx', 'email_key'])
  })
  it('pg.invalid-index: the failed unique build', () => {
    const fs = judge(
      invalidIndexRule,
      input({ ...primary(), pg_stat_user_indexes: indexes, pg_stat_activity: ok('pg_stat_activity', []) })
    )
    expect(brief(fs)).toEqual([['warning', 'public.inv_t_v']])
    expect(fs[0]?.evidence['indexdef']).toBe('CREATE UNIQUE INDEX inv_t_v ON public.inv_t USING btree (v)')
    expect([fs[0]?.remedy, ...(fs[0]?.alternatives ?? [])].map((r) => [r?.action, r?.label])).toEqual([
      ['postgres.reindex', 'REINDEX public.inv_t_v'],
      ['postgres.dropIndex', 'Drop index public.inv_t_v']
    ])
  })
  it('pg.invalid-index: info while a concurrent build runs in this database', () => {
    const building = [
      {
        ...activityBlocked[0],
        datname: settingsClean[0]?.current_database,
        state: 'active',
        query: 'CREATE INDEX CONCURRENTLY x ON t (a)'
      }
    ]
    const fs = judge(
      invalidIndexRule,
      input({
        ...primary(),
        pg_stat_user_indexes: indexes,
        pg_stat_activity: ok('pg_stat_activity', building)
      })
    )
    expect(fs[0]?.severity).toBe('info')
    // The invalid index may be that build: no action offered that would fight it.
    expect([fs[0]?.remedy, fs[0]?.alternatives]).toEqual([undefined, undefined])
  })
})

describe('pg.seq-scan-heavy', () => {
  it('quiet on the recorded churn (3 seq scans)', () => {
    expect(
      judge(seqScanHeavyRule, input({ pg_stat_user_tables: ok('pg_stat_user_tables', tablesChurn) }))
    ).toEqual([])
  })
  it('flags a large table with no index at all (idx_scan NULL counts as 0)', () => {
    const rows = [{ ...tablesChurn[0], seq_scan: '40', seq_tup_read: '4000000', idx_scan: null }]
    const fs = judge(seqScanHeavyRule, input({ pg_stat_user_tables: ok('pg_stat_user_tables', rows) }))
    expect(brief(fs)).toEqual([['warning', 'public.churn']])
    expect(fs[0]?.evidence['rowsPerSeqScan']).toBe(100_000)
  })
})

describe('pg.wraparound', () => {
  it('critical for app (75% of 2^31), warning for reporting, info for postgres past freeze_max_age', () => {
    const fs = judge(
      wraparoundRule,
      input({
        ...primary(),
        pg_database: ok('pg_database', databasesOld),
        pg_stat_user_tables: ok('pg_stat_user_tables', tablesClean)
      })
    )
    expect(brief(fs)).toEqual([
      ['critical', 'database app'],
      ['warning', 'database reporting'],
      ['info', 'database postgres']
    ])
    expect(fs[0]?.evidence['headroom']).toBe(2 ** 31 - 1_612_000_000)
  })
  it('quiet on the recorded clean server', () => {
    expect(
      judge(
        wraparoundRule,
        input({
          ...primary(),
          pg_database: ok('pg_database', databasesClean),
          pg_stat_user_tables: ok('pg_stat_user_tables', tablesClean)
        })
      )
    ).toEqual([])
  })
})

describe('replication', () => {
  it('pg.replication-lag from the primary: 25 MiB behind in replay while flushed', () => {
    const fs = judge(
      replicationLagRule,
      input({ ...primary(), pg_stat_replication: ok('pg_stat_replication', replPaused) })
    )
    expect(brief(fs)).toEqual([['warning', 'walreceiver (127.0.0.1)']])
    expect(fs[0]?.evidence).toMatchObject({
      replayLagBytes: 26_404_832,
      flushLagBytes: 0,
      replayLagSeconds: 0.388119
    })
    expect(fs[0]?.detail).toContain('WAL reaches the replica but is not replayed')
  })
  it('pg.replication-lag from the replica: received not replayed, with seconds', () => {
    const fs = judge(
      replicationLagRule,
      input({ ...replica(), pg_stat_wal_receiver: ok('pg_stat_wal_receiver', receiverPaused) })
    )
    expect(brief(fs)).toEqual([['warning', 'replica of 127.0.0.1:55432']])
    expect(fs[0]?.evidence).toMatchObject({ receiveReplayGapBytes: 26_404_832, replayDelaySeconds: 3.241391 })
  })
  it('an idle primary: old last-replayed commit but nothing pending is no lag', () => {
    const idle = [{ ...receiverQuiet[0], receive_replay_gap_bytes: 1072, replay_ts_age_s: 7200 }]
    expect(
      judge(
        replicationLagRule,
        input({ ...replica(), pg_stat_wal_receiver: ok('pg_stat_wal_receiver', idle) })
      )
    ).toEqual([])
  })
  it('quiet when streaming and caught up', () => {
    expect(
      judge(
        replicationLagRule,
        input({ ...primary(), pg_stat_replication: ok('pg_stat_replication', replStreaming) })
      )
    ).toEqual([])
  })
  it('PG 12 replica, paused for 10 minutes with 2 GiB pending: critical', () => {
    const fs = judge(
      replicationLagRule,
      input({ ...replica(), pg_stat_wal_receiver: ok('pg_stat_wal_receiver', receiver12) })
    )
    expect(brief(fs)).toEqual([['critical', 'replica of 10.0.0.5:5432']])
  })
  it('pg.replay-paused on the recorded and the PG 12 rows; not on a quiet replica', () => {
    expect(
      judge(
        replayPausedRule,
        input({ ...replica(), pg_stat_wal_receiver: ok('pg_stat_wal_receiver', receiverPaused) })
      )[0]?.evidence['pauseState']
    ).toBe('paused')
    expect(
      judge(
        replayPausedRule,
        input({ ...replica(), pg_stat_wal_receiver: ok('pg_stat_wal_receiver', receiver12) })
      )
    ).toHaveLength(1)
    expect(
      judge(
        replayPausedRule,
        input({ ...replica(), pg_stat_wal_receiver: ok('pg_stat_wal_receiver', receiverQuiet) })
      )
    ).toEqual([])
  })
  it('pg.wal-receiver: streaming is fine; no receiver is a warning', () => {
    expect(
      judge(
        walReceiverRule,
        input({ ...replica(), pg_stat_wal_receiver: ok('pg_stat_wal_receiver', receiverQuiet) })
      )
    ).toEqual([])
    const gone = [{ ...receiverQuiet[0], receiver_status: null, sender: null }]
    expect(
      brief(
        judge(
          walReceiverRule,
          input({ ...replica(), pg_stat_wal_receiver: ok('pg_stat_wal_receiver', gone) })
        )
      )
    ).toEqual([['warning', 'this replica']])
  })
  it('pg.replication-slot: the recorded inactive slot, PG 12 (no wal_status) and a lost PG 17 slot', () => {
    const rec = judge(
      replicationSlotRule,
      input({ pg_replication_slots: ok('pg_replication_slots', slotsInactive) })
    )
    expect(brief(rec)).toEqual([['warning', 'health_rec_slot_21781']])
    expect(rec[0]?.evidence).toMatchObject({
      retainedBytes: 101_846_624,
      walStatus: 'reserved',
      active: false
    })
    expect(
      brief(judge(replicationSlotRule, input({ pg_replication_slots: ok('pg_replication_slots', slots12) })))
    ).toEqual([['critical', 'old_standby']])
    const lost = judge(
      replicationSlotRule,
      input({ pg_replication_slots: ok('pg_replication_slots', slotsLost17) })
    )
    expect(brief(lost)).toEqual([['critical', 'cdc_debezium']])
    expect(lost[0]?.detail).toContain('can never resume')
  })
})

describe('pg.slow-query', () => {
  it('finds the pg_sleep statement (12 calls, 121.8 ms mean), not the one-off loads', () => {
    const fs = judge(
      slowQueryRule,
      input({ ...primary(), pg_stat_statements: ok('pg_stat_statements', statementsSleep) })
    )
    const warnings = fs.filter((f) => f.severity === 'warning')
    expect(warnings.map((f) => f.evidence['query'])).toEqual(['select pg_sleep($1)'])
    expect(warnings[0]?.evidence['calls']).toBe(12)
    expect(warnings[0]?.evidence['meanMs']).toBeCloseTo(121.81666316666667, 9)
    const top = fs.find((f) => f.severity === 'info')
    expect((top?.evidence['statements'] as { query: string }[])[0]?.query).toBe('update churn set n = n + $1')
    expect(warnings[0]?.title).toBe('Slow query: 122 ms on average over 12 calls: select pg_sleep($1)')
  })
  it("leaves out dbconsole's own probes (marker comment) and says how many", () => {
    const own = statementsSleep.filter((s) => String(s['query']).startsWith('/* dbconsole:'))
    expect(own.length).toBeGreaterThan(0)
    const fs = judge(
      slowQueryRule,
      input({ ...primary(), pg_stat_statements: ok('pg_stat_statements', statementsSleep) })
    )
    const listed = fs.flatMap((f) => [
      String(f.evidence['query'] ?? ''),
      ...((f.evidence['statements'] as { query: string }[] | undefined) ?? []).map((s) => s.query)
    ])
    expect(listed.some((q) => q.includes('dbconsole:'))).toBe(false)
    const top = fs.find((f) => f.title.startsWith('Top '))
    expect(top?.evidence['ownStatementsLeftOut']).toBe(own.length)
    expect(top?.detail).toContain(`${own.length} of dbconsole's own statements left out.`)
  })
  it("a replica whose list is only dbconsole's own statements says so instead of listing them", () => {
    const own = statementsSleep.filter((s) => String(s['query']).startsWith('/* dbconsole:'))
    const fs = judge(slowQueryRule, input({ pg_stat_statements: ok('pg_stat_statements', own) }))
    expect(brief(fs)).toEqual([['info', null]])
    expect(fs[0]?.title).toBe('No statements of the workload in pg_stat_statements')
    expect(fs[0]?.detail).toContain(`${own.length} of dbconsole's own statements left out.`)
  })
  it('PG 12 column set: critical when 1.5 s mean over 4,210 calls', () => {
    const fs = judge(slowQueryRule, input({ pg_stat_statements: ok('pg_stat_statements', statements12) }))
    expect(fs[0]?.severity).toBe('critical')
    // Named by its normalised text; the queryid stays the subject.
    expect(fs[0]?.target).toBe('SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC')
    expect(fs[0]?.subject?.name).toBe('-4012339178611736211')
    expect(fs[0]?.title).toMatch(/^Slow query: 1\.\d\d s on average over 4210 calls: SELECT \* FROM orders/)
  })
  it('extension missing: says how to enable it', () => {
    const settings = [{ ...settingsClean[0], has_pg_stat_statements: false, shared_preload_libraries: '' }]
    const fs = judge(
      slowQueryRule,
      input({
        pg_settings: ok('pg_settings', settings),
        pg_stat_statements: { ok: false, why: 'relation "pg_stat_statements" does not exist' }
      })
    )
    expect(brief(fs)).toEqual([['info', null]])
    expect(fs[0]?.detail).toBe(
      `The pg_stat_statements extension is not installed in this database and the library is not preloaded. ${ENABLE_HINT}`
    )
  })
  it('snapshot deltas: a statement that got 3x slower in the window', () => {
    const fs = judge(
      slowQueryRule,
      input(
        { pg_stat_statements: ok('pg_stat_statements', []) },
        {
          statementDeltas: [
            {
              queryid: '7',
              query: 'select x',
              windowSeconds: 300,
              calls: 10,
              totalMs: 3000,
              meanMs: 300,
              previousMeanMs: 100
            }
          ]
        }
      )
    )
    expect(fs.map((f) => f.title)).toEqual([
      'Query got slower in the last 5 min: 300 ms mean, was 100 ms: select x'
    ])
  })
  it('a new slow query reads as text and minutes, not a queryid and "770690 ms"', () => {
    const fs = judge(
      slowQueryRule,
      input(
        { pg_stat_statements: ok('pg_stat_statements', []) },
        {
          statementDeltas: [
            {
              queryid: '-812',
              query: 'select   count(*)\n  from orders where id = $1',
              windowSeconds: 900,
              calls: 2,
              totalMs: 1_541_380,
              meanMs: 770_690,
              previousMeanMs: null
            }
          ]
        }
      )
    )
    expect(fs.map((f) => [f.title, f.target])).toEqual([
      [
        'New slow query in the last 15 min: 12 min 51 s mean: select count(*) from orders where id = $1',
        'select count(*) from orders where id = $1'
      ]
    ])
    expect(fs[0]?.evidence['meanMs']).toBe(770_690)
    expect(fs[0]?.units?.['meanMs']).toBe('ms')
  })
})

describe('activity rules on the recorded blocked + idle-in-transaction sessions', () => {
  const activity = ok('pg_stat_activity', activityBlocked)
  it('pg.blocking-lock: pid 22008 blocks pid 22009 for 11 s', () => {
    const fs = judge(blockingLockRule, input({ pg_stat_activity: activity }))
    expect(brief(fs)).toEqual([['warning', 'pid 22008']])
    expect(fs[0]?.evidence['blocked']).toEqual([
      {
        pid: 22009,
        waitedSeconds: 11.029203,
        blockedBy: [22008],
        query: 'update lock_t set v = v + 10 where id = 1',
        depth: 1
      }
    ])
    expect((fs[0]?.evidence['blocker'] as { state: string }).state).toBe('idle in transaction')
  })
  it('pg.blocking-lock: a chain A <- B <- C has one root and both waiters', () => {
    const a = { ...activityBlocked[1] }
    const b = { ...activityBlocked[0] }
    const c = { ...activityBlocked[0], pid: 3, blocked_by: [22009], query_age_s: 70 }
    const fs = judge(blockingLockRule, input({ pg_stat_activity: ok('pg_stat_activity', [a, b, c]) }))
    expect(brief(fs)).toEqual([['critical', 'pid 22008']])
    expect(fs[0]?.evidence['blockedCount']).toBe(2)
  })
  it('pg.idle-in-transaction: the blocker, 11 s', () => {
    const fs = judge(idleInTransactionRule, input({ pg_stat_activity: activity }))
    expect(brief(fs)).toEqual([['warning', 'pid 22008']])
  })
  it('pg.long-running-query and pg.long-transaction: quiet at 11 s, warn past 60 s / 5 min', () => {
    expect(judge(longRunningQueryRule, input({ pg_stat_activity: activity }))).toEqual([])
    expect(judge(longTransactionRule, input({ pg_stat_activity: activity }))).toEqual([])
    const old = [
      { ...activityBlocked[0], blocked_by: [], wait_event_type: null, query_age_s: 61, xact_age_s: 301 }
    ]
    const [slow] = judge(longRunningQueryRule, input({ pg_stat_activity: ok('pg_stat_activity', old) }))
    expect(brief(slow ? [slow] : [])).toEqual([['warning', 'pid 22009']])
    // A statement is running: Cancel first (the session survives), Terminate beside it.
    expect([slow?.remedy?.action, ...(slow?.alternatives ?? []).map((a) => a.action)]).toEqual([
      'postgres.cancelBackend',
      'postgres.terminateBackend'
    ])
    expect(slow?.remedy?.target).toEqual({ pid: 22009 })
    expect(
      brief(judge(longTransactionRule, input({ pg_stat_activity: ok('pg_stat_activity', old) })))
    ).toEqual([['warning', 'pid 22009']])
  })
  it('pg.connections: 80 of 100 is a warning, with the split by state', () => {
    const rows = Array.from({ length: 80 }, (_, n) => ({
      ...activityBlocked[2],
      pid: n,
      state: n < 60 ? 'idle' : 'active'
    }))
    const fs = judge(connectionsRule, input({ ...primary(), pg_stat_activity: ok('pg_stat_activity', rows) }))
    expect(brief(fs)).toEqual([['warning', null]])
    expect(fs[0]?.evidence['byState']).toEqual({ idle: 60, active: 20 })
    expect(judge(connectionsRule, input({ ...primary(), pg_stat_activity: activity }))).toEqual([])
  })
})

describe('server counters', () => {
  it('pg.checkpoints: the PG 17 row (41 requested vs 3 timed) only informs with no window; the recorded 7 requested say nothing (under 10)', () => {
    const fs = judge(checkpointsRule, input({ checkpoints: ok('checkpoints', checkpoints17) }))
    expect(brief(fs)).toEqual([['info', null]])
    expect(fs[0]?.title).toBe(
      '93.2% of checkpoints were requested, not timed (41 vs 3 since statistics reset at 2026-11-20 08:00:00.000000+00)'
    )
    expect(judge(checkpointsRule, input({ checkpoints: ok('checkpoints', checkpointsClean) }))).toEqual([])
  })
  it('pg.checkpoints over a window: 2 more requested than the last poll warn, none more is silent', () => {
    const before = { checkpoints: ok('checkpoints', checkpoints17) }
    const grown = { checkpoints: ok('checkpoints', [{ ...checkpoints17[0], requested: 43 }]) }
    const fs = judge(checkpointsRule, input(grown, { counters: windowOf(before, grown) }))
    expect(fs.map((f) => [f.severity, f.title])).toEqual([
      ['warning', '100.0% of checkpoints were requested, not timed (2 vs 0 in the last 30 s)']
    ])
    expect(judge(checkpointsRule, input(before, { counters: windowOf(before, before) }))).toEqual([])
  })
  it('pg.cache-hit-ratio: too few accesses on the clean db; 90% over 1M is a warning', () => {
    expect(
      judge(cacheHitRatioRule, input({ pg_stat_database: ok('pg_stat_database', dbStatsClean) }))
    ).toEqual([])
    const cold = [{ ...dbStatsClean[0], blks_hit: '900000', blks_read: '100000' }]
    const fs = judge(cacheHitRatioRule, input({ pg_stat_database: ok('pg_stat_database', cold) }))
    expect(fs.map((f) => [f.severity, f.evidence['ratio']])).toEqual([['warning', 0.9]])
  })
  it('pg.temp-files: 2 GiB written since the reset is an info with no window', () => {
    const spilled = [{ ...dbStatsClean[0], temp_files: '12', temp_bytes: String(2 * 1024 ** 3) }]
    expect(brief(judge(tempFilesRule, input({ pg_stat_database: ok('pg_stat_database', spilled) })))).toEqual(
      [['info', dbStatsClean[0]?.datname]]
    )
  })
  it('pg.temp-files over a window: 2 GiB more warns; the same total as the last poll is silent', () => {
    const db = (bytes: number, files: number): PgProbeResults => ({
      pg_stat_database: ok('pg_stat_database', [
        { ...dbStatsClean[0], temp_files: String(files), temp_bytes: String(bytes) }
      ])
    })
    const before = db(5 * 1024 ** 3, 40)
    const after = db(7 * 1024 ** 3, 52)
    expect(
      judge(tempFilesRule, input(after, { counters: windowOf(before, after) })).map((f) => [
        f.severity,
        f.title
      ])
    ).toEqual([
      ['warning', `${dbStatsClean[0]?.datname} wrote 2.00 GiB in 12 temporary files in the last 30 s`]
    ])
    expect(judge(tempFilesRule, input(after, { counters: windowOf(after, after) }))).toEqual([])
  })
  it('pg.deadlocks: info since the reset with no window, warning for new ones in a window, silent when none', () => {
    const db = (deadlocks: number): PgProbeResults => ({
      pg_stat_database: ok('pg_stat_database', [{ ...dbStatsClean[0], deadlocks: String(deadlocks) }])
    })
    expect(judge(deadlocksRule, input(db(0)))).toEqual([])
    expect(brief(judge(deadlocksRule, input(db(9))))).toEqual([['info', dbStatsClean[0]?.datname]])
    expect(
      judge(deadlocksRule, input(db(12), { counters: windowOf(db(9), db(12)) })).map((f) => [
        f.severity,
        f.title
      ])
    ).toEqual([['warning', `3 deadlocks in ${dbStatsClean[0]?.datname} in the last 30 s`]])
    expect(judge(deadlocksRule, input(db(12), { counters: windowOf(db(12), db(12)) }))).toEqual([])
  })
  it('a restart (another postmaster start time) gives no window: the totals only inform', () => {
    const life = (start: string, deadlocks: number): PgProbeResults => ({
      pg_settings: ok('pg_settings', [{ ...settingsClean[0], postmaster_start: start }]),
      pg_stat_database: ok('pg_stat_database', [{ ...dbStatsClean[0], deadlocks: String(deadlocks) }])
    })
    const before = life('2026-12-01 10:00:00+00', 1)
    const after = life('2026-12-02 10:00:00+00', 4)
    const counters = windowOf(before, after)
    expect(counters.seconds).toBeNull()
    expect(brief(judge(deadlocksRule, input(after, { counters })))).toEqual([
      ['info', dbStatsClean[0]?.datname]
    ])
  })
  it('pg_stat_io (PG 16 column set) parses into the io fact', () => {
    const { facts } = evaluatePgHealth(input({ ...CLEAN, pg_stat_io: ok('pg_stat_io', io16) }))
    expect(facts['io']).toEqual({ reads: 183220, writes: 90211, extends: 1207, fsyncs: 0 })
  })
})

describe('schema hazards (fixtures from induceSchemaProblems on PG 15)', () => {
  const hazards: PgProbeResults = {
    sequences: ok('sequences', sequencesHazards),
    not_valid_constraints: ok('not_valid_constraints', notValidHazards),
    unindexed_foreign_keys: ok('unindexed_foreign_keys', fkHazards),
    tables_without_primary_key: ok('tables_without_primary_key', noPkHazards)
  }
  const sequence = (over: Record<string, unknown>): PgProbeResults => ({
    sequences: ok('sequences', [{ ...(sequencesHazards[0] as Record<string, unknown>), ...over }])
  })

  it('sequences: 93 % of int4 is critical, 76 % of smallint a warning, an unreadable one is said', () => {
    expect(brief(judge(sequenceExhaustionRule, input(hazards)))).toEqual([
      ['critical', 'public.orders_seq_id_seq'],
      ['warning', 'public.small_counter_id_seq'],
      ['info', null]
    ])
    const [, , unreadable] = judge(sequenceExhaustionRule, input(hazards))
    expect(unreadable?.detail).toContain('public.hidden_seq_id_seq')
  })

  it('sequences: the 75 % and 90 % edges, the sequence max when it is the nearer limit, CYCLE and a falling sequence', () => {
    const at = (last: number, over: Record<string, unknown> = {}) =>
      brief(judge(sequenceExhaustionRule, input(sequence({ last_value: last, ...over }))))
    const max = 2147483647
    expect(at(Math.floor(max * 0.749))).toEqual([])
    expect(at(Math.ceil(max * 0.75))).toEqual([['warning', 'public.orders_seq_id_seq']])
    expect(at(Math.ceil(max * 0.9))).toEqual([['critical', 'public.orders_seq_id_seq']])
    expect(at(950, { sequence_max: 1000 })).toEqual([['critical', 'public.orders_seq_id_seq']])
    const [cycling] = judge(sequenceExhaustionRule, input(sequence({ last_value: max - 10, cycle: true })))
    expect(cycling?.detail).toContain('duplicate keys')
    expect(at(-2000000000, { increment_by: -1, sequence_min: -2147483648 })).toEqual([
      ['critical', 'public.orders_seq_id_seq']
    ])
    expect(at(1000, { last_value: null })).toEqual([])
  })

  it('sequences: the observed rate turns a low ratio into a warning within 30 days and a critical within 7', () => {
    const ratioLow = 1_000_000_000 // 47 %: no finding on the ratio alone
    const polled = (perSecond: number): Finding[] => {
      const before = sequence({ last_value: ratioLow })
      const after = sequence({ last_value: ratioLow + perSecond * 30 })
      return judge(sequenceExhaustionRule, input(after, { counters: windowOf(before, after) }))
    }
    const left = 2147483647 - ratioLow
    expect(brief(polled(0))).toEqual([])
    expect(brief(polled(Math.ceil(left / (20 * 86_400))))).toEqual([['warning', 'public.orders_seq_id_seq']])
    const [soon] = polled(Math.ceil(left / (3 * 86_400)))
    expect(soon?.severity).toBe('critical')
    expect(soon?.detail).toMatch(/runs out in about 3 d/)
  })

  it('NOT VALID constraints: the foreign key and the check, with VALIDATE and its lock', () => {
    const findings = judge(notValidConstraintRule, input(hazards))
    expect(brief(findings).sort()).toEqual([
      ['warning', 'public.child.child_id_positive'],
      ['warning', 'public.child.child_parent_fk']
    ])
    const fk = findings.find((f) => f.target === 'public.child.child_parent_fk')
    expect(fk?.detail).toContain('ALTER TABLE public.child VALIDATE CONSTRAINT child_parent_fk')
    expect(fk?.detail).toContain('ROW SHARE on the referenced table')
  })

  it('foreign keys without an index: a warning from 10,000 rows, info below', () => {
    expect(brief(judge(unindexedForeignKeyRule, input(hazards)))).toEqual([
      ['warning', 'public.child.child_parent_fk']
    ])
    const small = { ...(fkHazards[0] as Record<string, unknown>), reltuples: 9_999 }
    expect(
      brief(
        judge(
          unindexedForeignKeyRule,
          input({ unindexed_foreign_keys: ok('unindexed_foreign_keys', [small]) })
        )
      )
    ).toEqual([['info', 'public.child.child_parent_fk']])
  })

  it('tables without a primary key: critical when a publication replicates its updates, info otherwise', () => {
    expect(brief(judge(missingPrimaryKeyRule, input(hazards)))).toEqual([
      ['critical', 'public.events_nopk'],
      ['info', 'public.log_nopk']
    ])
    // REPLICA IDENTITY FULL identifies rows: the publication works, only the key is missing.
    const full = { ...(noPkHazards[0] as Record<string, unknown>), replica_identity: 'f' }
    expect(
      brief(
        judge(
          missingPrimaryKeyRule,
          input({ tables_without_primary_key: ok('tables_without_primary_key', [full]) })
        )
      )
    ).toEqual([['info', 'public.events_nopk']])
  })

  it('each rule says it could not run when its probe did not', () => {
    for (const rule of [
      sequenceExhaustionRule,
      notValidConstraintRule,
      unindexedForeignKeyRule,
      missingPrimaryKeyRule
    ]) {
      const [f] = judge(rule, input({}))
      expect(f?.severity).toBe('info')
      expect(f?.title).toMatch(/^Could not evaluate/)
    }
  })
})

describe('server views (fixtures from a failing archive_command, a pending restart and a blocked build on PG 15)', () => {
  const archiver = (over: Record<string, unknown> = {}): PgProbeResults => ({
    pg_stat_archiver: ok('pg_stat_archiver', [
      { ...(archiverFailing[0] as Record<string, unknown>), ...over }
    ])
  })

  it('pg.archiver-failing: the recorded failure with nothing archived yet is critical, with the segment and the backlog', () => {
    const [f, ...rest] = judge(archiverRule, input(archiver()))
    expect(rest).toEqual([])
    expect(f?.severity).toBe('critical')
    expect(f?.title).toContain('000000010000000000000003')
    expect(f?.evidence['failedCount']).toBe(2)
    expect(f?.evidence['readySegments']).toBe(1)
    expect(f?.units?.['lastFailedSecondsAgo']).toBe('seconds')
  })

  it('pg.archiver-failing: a later success is quiet without a window, a warning when failures grew within it', () => {
    const recovered = archiver({
      last_archived_wal: '000000010000000000000004',
      last_archived_age_s: 1,
      last_failed_age_s: 20
    })
    expect(judge(archiverRule, input(recovered))).toEqual([])
    const before = archiver({ failed_count: 1 })
    const [f] = judge(archiverRule, input(recovered, { counters: windowOf(before, recovered) }))
    expect(f?.severity).toBe('warning')
    expect(f?.evidence['failedInWindow']).toBe(1)
    expect(pgCounters(recovered)[FAILED_COUNTER]).toBe(2)
  })

  it('pg.archiver-failing: archiving off, a standby with mode on, and a clean server are quiet; mode on without a command warns', () => {
    expect(judge(archiverRule, input(archiver({ archive_mode: 'off' })))).toEqual([])
    expect(judge(archiverRule, input(archiver({ in_recovery: true })))).toEqual([])
    expect(
      brief(judge(archiverRule, input(archiver({ in_recovery: true, archive_mode: 'always' }))))
    ).toEqual([['critical', null]])
    expect(judge(archiverRule, input({ pg_stat_archiver: ok('pg_stat_archiver', archiverClean) }))).toEqual(
      []
    )
    const [none] = judge(archiverRule, input(archiver({ has_archiver: false })))
    expect(none?.severity).toBe('warning')
    expect(none?.title).toMatch(/no archive_command/)
  })

  it('pg.pending-restart: max_connections changed and reloaded, the running value said', () => {
    const fs = judge(pendingRestartRule, input({ changed_settings: ok('changed_settings', changedPending) }))
    expect(brief(fs)).toEqual([['warning', 'max_connections']])
    expect(fs[0]?.subject).toEqual({ kind: 'setting', name: 'max_connections' })
    expect(fs[0]?.evidence['runningValue']).toBe('100')
    expect(
      judge(pendingRestartRule, input({ changed_settings: ok('changed_settings', changedClean) }))
    ).toEqual([])
  })

  it('pg.index-build-waiting: the recorded build waiting for the test transaction, from its threshold on', () => {
    const waited = (elapsed: number): Finding[] =>
      judge(
        indexBuildWaitingRule,
        input({
          progress: ok('progress', [{ ...(progressCic[0] as Record<string, unknown>), elapsed_s: elapsed }])
        })
      )
    expect(waited(WAIT_WARNING_S - 1)).toEqual([])
    const [f] = waited(WAIT_WARNING_S)
    expect(f?.severity).toBe('warning')
    expect(f?.title).toBe(
      `CREATE INDEX CONCURRENTLY on public.cic_t (pid ${String((progressCic[0] as { pid: number }).pid)}) is waiting for pid ${String((progressCic[0] as { waiting_for_pid: number }).waiting_for_pid)}`
    )
    // A VACUUM in progress is shown, not judged.
    expect(judge(indexBuildWaitingRule, input({ progress: ok('progress', progressVacuum) }))).toEqual([])
  })

  it('progress rows carry their share done; the view probes parse their recorded rows', () => {
    const [vacuum] = ok('progress', progressVacuum).value
    expect(vacuum?.command).toBe('VACUUM')
    expect(vacuum?.done_ratio).toBeCloseTo((vacuum?.done ?? 0) / (vacuum?.total ?? 1), 10)
    expect(vacuum?.done_ratio).toBeGreaterThan(0)
    expect(vacuum?.done_ratio).toBeLessThan(1)
    expect(
      ok('database_sizes', sizesClean).value.find((d) => d.datname === 'postgres')?.size_bytes
    ).toBeGreaterThan(0)
  })
})

describe('pg.unused-table (fixture: a 2 MiB table written and analyzed, never read, beside the clean one)', () => {
  const tables = (rows: unknown): PgProbeResults => ({
    ...primary(),
    pg_stat_user_tables: ok('pg_stat_user_tables', rows)
  })
  it('names the never-read table as info, with the span it was observed over; the scanned one is quiet', () => {
    const fs = judge(unusedTableRule, input(tables(tablesUnused)))
    expect(brief(fs)).toEqual([['info', 'public.unused_t']])
    expect(fs[0]?.title).toBe('public.unused_t (2.27 MiB) has not been read since statistics began')
    expect(fs[0]?.evidence['tableBytes']).toBe(2375680)
    expect(judge(unusedTableRule, input(tables(tablesClean)))).toEqual([])
  })
  it('one scan of either kind, or a size below the floor, keeps it quiet', () => {
    const [, unused] = tablesUnused as Record<string, unknown>[]
    const variant = (over: Record<string, unknown>) =>
      judge(unusedTableRule, input(tables([{ ...unused, ...over }])))
    expect(variant({ seq_scan: 1 })).toEqual([])
    expect(variant({ idx_scan: 1 })).toEqual([])
    expect(variant({ table_bytes: MIN_BYTES - 1 })).toEqual([])
    expect(brief(variant({ table_bytes: MIN_BYTES }))).toEqual([['info', 'public.unused_t']])
  })
})

describe('pg.connection-without-ssl (fixtures: loopback connections, and one from the machine network address)', () => {
  const ssl = (rows: unknown): PgHealthInput =>
    input({ pg_stat_ssl: ok('pg_stat_ssl', rows) }, { node: 'db:5432' })
  it('the connection in clear from 192.0.2.2 is a warning about the server, with the next step for ssl = off', () => {
    const fs = judge(connectionWithoutSslRule, ssl(sslRemote))
    expect(brief(fs)).toEqual([['warning', '192.0.2.2']])
    expect(fs[0]?.subject).toEqual({ kind: 'node', name: 'db:5432', node: 'db:5432' })
    expect(fs[0]?.evidence['users']).toEqual(['dbconsole_app'])
    expect(fs[0]?.detail).toContain('ssl = off')
  })
  it('loopback connections, and an encrypted remote one, are quiet', () => {
    expect(judge(connectionWithoutSslRule, ssl(sslClean))).toEqual([])
    const encrypted = (sslRemote as Record<string, unknown>[]).map((c) => ({
      ...c,
      ssl: true,
      server_ssl: true
    }))
    expect(judge(connectionWithoutSslRule, ssl(encrypted))).toEqual([])
    const offered = (sslRemote as Record<string, unknown>[]).map((c) => ({ ...c, server_ssl: true }))
    expect(judge(connectionWithoutSslRule, ssl(offered))[0]?.detail).toContain('hostssl')
  })
})
