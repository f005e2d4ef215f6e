/**
 * checkPostgres against the real primary (:55432) and streaming replica (:55433), each condition induced
 * for real in its own scratch database. Server-wide changes (replay pause, slots) are undone in finally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisReport, Finding } from '../../../shared/findings'
import { TEST_SERVERS } from '../../testing/test-servers'
import { openPostgres } from './adapter'
import { runDetail } from '../check'
import { checkPostgres } from './check'
import {
  createScratchDb,
  induceBlocking,
  induceDeadTuples,
  induceIndexProblems,
  induceInvalidIndex,
  induceSchemaProblems,
  induceSlowQuery,
  makeClean,
  replicaAdmin,
  sleep,
  waitForReplicaDb,
  writeWal,
  type ScratchDb
} from '../../testing/pg-health-scenarios'
import { CounterHistory } from '../../diagnostics/counter-window'
import { inspectRelation } from './probes'

const check = async (url: string, label = 'node', counters?: CounterHistory): Promise<AnalysisReport> => {
  const session = await openPostgres({ url, tls: { enabled: false }, purpose: 'diagnostics' })
  try {
    const [report] = await checkPostgres(session, label, { counters })
    if (!report) throw new Error('no report')
    return report
  } finally {
    await session.close()
  }
}

const find = (r: AnalysisReport, rule: string, target?: string): Finding[] =>
  r.findings.filter((f) => f.rule === rule && (target === undefined || f.target === target))

describe('checkPostgres on the primary', () => {
  let db: ScratchDb
  beforeAll(async () => {
    db = await createScratchDb()
  })
  afterAll(async () => {
    await db?.drop()
  })

  it('reports identity facts and runs every probe that applies to a PG 15 primary', async () => {
    const r = await check(db.appUrl(), 'primary')
    expect(r.ok).toBe(true)
    expect(r.kind).toBe('pg.health')
    expect(r.summary['role']).toBe('primary')
    expect(r.summary['node']).toBe(`127.0.0.1:${TEST_SERVERS.pgPrimaryPort}`)
    expect(String(r.summary['serverVersion'])).toMatch(/^15\./)
    expect(r.summary['database']).toBe(db.name)
    const probes = r.summary['probes'] as Record<string, string>
    expect(probes['pg_stat_io']).toBe('needs PostgreSQL 16 or later (server is 15).')
    expect(probes['pg_stat_wal_receiver']).toBe('only meaningful on a replica.')
    for (const id of [
      'pg_stat_user_tables',
      'table_bloat_estimate',
      'index_bloat_estimate',
      'pg_stat_user_indexes',
      'pg_stat_statements',
      'pg_stat_activity',
      'pg_stat_replication',
      'pg_replication_slots',
      'checkpoints',
      'pg_stat_wal'
    ]) {
      expect(probes[id], id).toBe('ok')
    }
  })

  it('finds dead tuples, autovacuum disabled past the trigger, and the estimated bloat', async () => {
    await induceDeadTuples(db)
    const r = await check(db.appUrl())
    const [dead] = find(r, 'pg.dead-tuples', 'public.churn')
    expect(dead?.severity, JSON.stringify(r.findings.map((f) => [f.rule, f.target, f.title]))).toBe('warning')
    expect(Number(dead?.evidence['nDeadTup'])).toBeGreaterThanOrEqual(100_000)
    expect(Number(dead?.evidence['deadRatio'])).toBeGreaterThan(0.5)
    const [lag] = find(r, 'pg.autovacuum-lag', 'public.churn')
    expect(lag?.severity).toBe('warning')
    expect(lag?.evidence['autovacuumEnabled']).toBe(false)
    expect(lag?.evidence['trigger']).toBe(50 + 0.2 * 100_000)
    const [bloat] = find(r, 'pg.bloat', 'public.churn')
    expect(bloat?.severity).toBe('warning')
    // The finding's own measurement runs: pgstattuple_approx on the relation it names.
    expect(bloat?.measure).toEqual({
      method: 'pg.inspectRelation',
      schema: 'public',
      relation: 'churn',
      label: 'Inspect public.churn (pgstattuple_approx)'
    })
    const session = await openPostgres({ url: db.appUrl(), tls: { enabled: false }, purpose: 'diagnostics' })
    try {
      const measured = await inspectRelation(
        session,
        `${bloat?.measure?.schema}.${bloat?.measure?.relation}`,
        {
          confirmLarge: false
        }
      )
      expect(
        measured.ok && measured.inspection.kind === 'table' && measured.inspection.wastedRatio
      ).toBeGreaterThan(0.4)
    } finally {
      await session.close()
    }
    expect(Number(bloat?.evidence['bloatRatio'])).toBeGreaterThan(0.4)
    expect(Number(bloat?.evidence['bloatBytes'])).toBeGreaterThan(8 * 1024 * 1024)
  })

  it('sizes and bloat come from the files, not from relpages that predate the churn, and say the statistics are stale', async () => {
    // Analyzed at 100,000 rows, then every row updated twice: relpages still says the size before the churn.
    await db.admin.query(
      `create table stale_t (id int primary key, n int, payload text) with (autovacuum_enabled = false)`
    )
    await db.admin.query(`insert into stale_t select g, 0, repeat('x', 80) from generate_series(1, 100000) g`)
    await db.admin.query('select pg_stat_force_next_flush()') // the insert's counts land before the analyze
    await db.admin.query('analyze stale_t')
    await db.admin.query('update stale_t set n = n + 1')
    await db.admin.query('update stale_t set n = n + 1')
    await db.admin.query('select pg_stat_force_next_flush()')
    const [sizes] = (
      await db.admin.query<{ heap: string; table: string; relpages: number }>(
        `select pg_relation_size('stale_t') as heap, pg_table_size('stale_t') as table, relpages
           from pg_class where relname = 'stale_t'`
      )
    ).rows
    expect(Number(sizes?.heap)).toBeGreaterThan(2.5 * 8192 * Number(sizes?.relpages))
    const r = await check(db.appUrl())
    const [bloat] = find(r, 'pg.bloat', 'public.stale_t')
    expect(Number(bloat?.evidence['realBytes'])).toBeGreaterThanOrEqual(Number(sizes?.heap))
    expect(Number(bloat?.evidence['bloatRatio'])).toBeGreaterThan(0.5)
    expect(bloat?.severity).toBe('warning')
    const changed = /^(\d+) rows changed since the last analyze/.exec(String(bloat?.evidence['statsStale']))
    expect(Number(changed?.[1])).toBeGreaterThanOrEqual(200_000)
    expect(bloat?.title).toMatch(/\(statistics stale\)$/)
  })

  it('inspects one relation with pgstattuple_approx / pgstatindex and refuses large ones unless confirmed', async () => {
    const session = await openPostgres({ url: db.appUrl(), tls: { enabled: false }, purpose: 'diagnostics' })
    try {
      const t = await inspectRelation(session, 'public.churn', { confirmLarge: false })
      expect(t.ok && t.inspection.kind).toBe('table')
      if (t.ok && t.inspection.kind === 'table') expect(t.inspection.wastedRatio).toBeGreaterThan(0.4)
      const i = await inspectRelation(session, 'public.churn_pkey', { confirmLarge: false })
      expect(i.ok && i.inspection.kind).toBe('btree')
      const big = await inspectRelation(session, 'public.churn', { confirmLarge: false, maxBytes: 1024 })
      expect(big.ok ? 'ok' : big.reason).toBe('TOO_LARGE')
      const confirmed = await inspectRelation(session, 'public.churn', { confirmLarge: true, maxBytes: 1024 })
      expect(confirmed.ok).toBe(true)
      const missing = await inspectRelation(session, 'public.nope; drop table churn', { confirmLarge: false })
      expect(missing.ok ? 'ok' : missing.reason).toBe('NOT_FOUND')
    } finally {
      await session.close()
    }
  })

  it('finds an unused index, a duplicate, an overlap and an invalid index', async () => {
    await induceIndexProblems(db)
    await induceInvalidIndex(db)
    const r = await check(db.appUrl())
    const [unused] = find(r, 'pg.unused-index', 'public.idx_t_never')
    expect(unused?.severity).toBe('warning')
    expect(unused?.detail).toContain('Scan counts are kept per node')
    expect(find(r, 'pg.unused-index', 'public.idx_t_pkey')).toEqual([])
    // idx_t_a_copy is both an exact duplicate of idx_t_a and covered by idx_t_a_c: two findings, in the
    // order the probe's rows come (not sorted), so pick the duplicate by its kind.
    const [dup] = find(r, 'pg.duplicate-index', 'public.idx_t_a_copy').filter(
      (f) => f.evidence['kind'] === 'duplicate'
    )
    expect(dup?.severity).toBe('warning')
    expect(dup?.evidence['keep']).toBe('idx_t_a')
    const overlaps = find(r, 'pg.duplicate-index').filter((f) => f.evidence['kind'] === 'overlap')
    expect(overlaps.map((f) => f.target).sort()).toEqual(['public.idx_t_a', 'public.idx_t_a_copy'])
    // Both definitions are there to compare (they were null for scanned indexes), and it is a warning.
    for (const o of overlaps) {
      expect(o.severity).toBe('warning')
      expect(o.evidence['keepDef']).toBe('CREATE INDEX idx_t_a_c ON public.idx_t USING btree (a, c)')
      expect(String(o.evidence['redundantDef'])).toMatch(
        /^CREATE INDEX idx_t_a(_copy)? ON public\.idx_t USING btree \(a\)$/
      )
    }
    const [invalid] = find(r, 'pg.invalid-index', 'public.inv_t_v')
    expect(invalid?.severity).toBe('warning')
  })

  it('finds sequences near their limit, NOT VALID constraints, an unindexed foreign key and tables without a key', async () => {
    await induceSchemaProblems(db)
    const counters = new CounterHistory()
    await check(db.appUrl(), 'node', counters)
    // 1,000 values a second on a smallint identity at 76 %: it runs out in seconds, whatever the ratio says.
    await db.admin.query(`select setval(pg_get_serial_sequence('small_counter', 'id'), 26000)`)
    await sleep(1000)
    const r = await check(db.appUrl(), 'node', counters)
    const all = JSON.stringify(r.findings.map((f) => [f.rule, f.target, f.severity]))
    const [orders] = find(r, 'pg.sequence-exhaustion', 'public.orders_seq_id_seq')
    expect(orders?.severity, all).toBe('critical')
    expect(orders?.evidence['limit']).toBe(2147483647)
    expect(Number(orders?.evidence['usedRatio'])).toBeCloseTo(2000000000 / 2147483647, 5)
    expect(orders?.detail).toContain('ALTER TABLE public.orders_seq ALTER COLUMN id TYPE bigint')
    const [small] = find(r, 'pg.sequence-exhaustion', 'public.small_counter_id_seq')
    expect(small?.severity).toBe('critical')
    expect(small?.evidence['limit']).toBe(32767)
    expect(Number(small?.evidence['etaSeconds'])).toBeLessThan(60)
    const [hidden] = r.findings.filter((f) => f.rule === 'pg.sequence-exhaustion' && f.target === null)
    expect(hidden?.severity).toBe('info')
    expect(hidden?.evidence['unreadable']).toEqual(['public.hidden_seq_id_seq'])
    expect(find(r, 'pg.sequence-exhaustion', 'public.child_id_seq')).toEqual([])

    const notValid = find(r, 'pg.not-valid-constraint').map((f) => [f.target, f.severity])
    expect(notValid.sort()).toEqual([
      ['public.child.child_id_positive', 'warning'],
      ['public.child.child_parent_fk', 'warning']
    ])
    const [fk] = find(r, 'pg.unindexed-foreign-key', 'public.child.child_parent_fk')
    expect(fk?.severity).toBe('warning')
    expect(fk?.detail).toContain('CREATE INDEX CONCURRENTLY ON public.child (parent_id)')
    expect(find(r, 'pg.unindexed-foreign-key').map((f) => f.target)).toEqual(['public.child.child_parent_fk'])

    const [published] = find(r, 'pg.missing-primary-key', 'public.events_nopk')
    expect(published?.severity).toBe('critical')
    expect(published?.evidence['publications']).toEqual(['dbc_events'])
    const [plain] = find(r, 'pg.missing-primary-key', 'public.log_nopk')
    expect(plain?.severity).toBe('info')
    // The critical is true: the primary refuses the UPDATE it predicts.
    await db.admin.query(`insert into events_nopk values (now(), 'x')`)
    await expect(db.admin.query(`update events_nopk set payload = 'y'`)).rejects.toThrow(/replica identity/)
  })

  it('finds a query made slow with pg_sleep in pg_stat_statements', async () => {
    await induceSlowQuery(db)
    const r = await check(db.appUrl())
    const slow = find(r, 'pg.slow-query').filter((f) => String(f.evidence['query']).includes('pg_sleep'))
    expect(slow).toHaveLength(1)
    expect(slow[0]?.severity).toBe('warning')
    expect(slow[0]?.evidence['calls']).toBe(12)
    expect(Number(slow[0]?.evidence['meanMs'])).toBeGreaterThanOrEqual(120)
    expect(String(slow[0]?.evidence['query'])).toBe('select pg_sleep($1)')
  })

  it('shows who blocks whom and the idle-in-transaction blocker', async () => {
    const held = await induceBlocking(db)
    try {
      await sleep(11_000) // past the 10 s idle-in-transaction threshold
      const r = await check(db.appUrl())
      const [block] = find(r, 'pg.blocking-lock', `pid ${held.blockerPid}`)
      expect(block?.severity).toBe('warning')
      expect(block?.evidence['blockedCount']).toBe(1)
      const blocked = block?.evidence['blocked'] as { pid: number; waitedSeconds: number }[]
      expect(blocked[0]?.pid).toBe(held.waiterPid)
      expect(blocked[0]?.waitedSeconds).toBeGreaterThan(10)
      expect((block?.evidence['blocker'] as { query: string }).query).toContain('update lock_t set v = v + 1')
      const [idle] = find(r, 'pg.idle-in-transaction', `pid ${held.blockerPid}`)
      expect(idle?.severity).toBe('warning')
      expect(idle?.evidence['database']).toBe(db.name)
    } finally {
      await held.release()
    }
  })
})

describe('replication, from both sides', () => {
  let db: ScratchDb
  const slot = `health_t_slot_${process.pid}`
  beforeAll(async () => {
    db = await createScratchDb()
    await waitForReplicaDb(db.name)
  })
  afterAll(async () => {
    await db?.admin
      .query('select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1', [
        slot
      ])
      .catch(() => undefined)
    await db?.drop()
  })

  it('replay paused on the replica while the primary writes: lag in bytes and seconds', async () => {
    const replica = await replicaAdmin()
    try {
      await db.admin.query('create table tick (t timestamptz)')
      await db.admin.query('insert into tick values (now())')
      await sleep(500)
      await replica.query('select pg_wal_replay_pause()')
      await sleep(1500)
      await writeWal(db, 24)
      // Wait until the replica has received (not replayed) the WAL.
      for (let i = 0; i < 50; i++) {
        const g = await replica.query<{ gap: number }>(
          'select pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::float8 as gap'
        )
        if ((g.rows[0]?.gap ?? 0) > 16 * 1024 * 1024) break
        await sleep(100)
      }
      const [primary, onReplica] = await Promise.all([
        check(db.appUrl(), 'primary'),
        check(db.appUrl(TEST_SERVERS.pgReplicaPort), 'replica')
      ])
      const fromPrimary = find(primary, 'pg.replication-lag')
      expect(fromPrimary.length).toBeGreaterThanOrEqual(1)
      expect(Number(fromPrimary[0]?.evidence['replayLagBytes'])).toBeGreaterThan(16 * 1024 * 1024)
      expect(Number(fromPrimary[0]?.evidence['flushLagBytes'])).toBeLessThan(
        Number(fromPrimary[0]?.evidence['replayLagBytes'])
      )
      expect(onReplica.summary['role']).toBe('replica')
      const [fromReplica] = find(onReplica, 'pg.replication-lag')
      expect(fromReplica?.severity).toBe('warning')
      expect(Number(fromReplica?.evidence['receiveReplayGapBytes'])).toBeGreaterThan(16 * 1024 * 1024)
      expect(Number(fromReplica?.evidence['replayDelaySeconds'])).toBeGreaterThan(1)
      const [paused] = find(onReplica, 'pg.replay-paused')
      expect(paused?.evidence['pauseState']).toBe('paused')
    } finally {
      await replica.query('select pg_wal_replay_resume()').catch(() => undefined)
      await replica.end()
    }
    // After resume the replica catches up, and the primary's replay_lag (seconds) has been measured.
    await sleep(1500)
    const after = await check(db.appUrl(TEST_SERVERS.pgReplicaPort), 'replica')
    expect(find(after, 'pg.replay-paused')).toEqual([])
  })

  it('an index scanned only on the replica is reported used there by the primary, with no drop', async () => {
    await db.admin.query('create table replica_read (id int primary key, b int)')
    await db.admin.query('insert into replica_read select g, g % 500 from generate_series(1, 20000) g')
    await db.admin.query('create index replica_read_b on replica_read (b)')
    await db.admin.query('create index replica_read_never on replica_read (b, id)')
    await db.admin.query('analyze replica_read')
    const onReplica = await replicaAdmin(db.name)
    const open = (port: number) =>
      openPostgres({ url: db.appUrl(port), tls: { enabled: false }, purpose: 'diagnostics' })
    const [primary, replica] = await Promise.all([
      open(TEST_SERVERS.pgPrimaryPort),
      open(TEST_SERVERS.pgReplicaPort)
    ])
    try {
      for (let i = 0; i < 100; i++) {
        const seen = await onReplica.query("select to_regclass('replica_read_b') is not null as there")
        if (seen.rows[0]?.there) break
        await sleep(100)
      }
      await onReplica.query('set enable_seqscan = off')
      await onReplica.query('set enable_bitmapscan = off')
      await onReplica.query('select * from replica_read where b = 42')
      await onReplica.query('select pg_stat_force_next_flush()')
      await onReplica.query('select 1')
      const [r] = await checkPostgres(primary, 'primary', { peers: [replica] })
      if (!r) throw new Error('no report')
      const [used] = find(r, 'pg.unused-index', 'public.replica_read_b')
      expect(used?.severity).toBe('info')
      expect(used?.remedy).toBeUndefined()
      expect(used?.title).toMatch(
        /^Index public\.replica_read_b on replica_read is not scanned on this primary but is used on the replica 127\.0\.0\.1:\d+ \(\d+ scans\)$/
      )
      const byNode = used?.evidence['scansByNode'] as { role: string; idxScan: number }[]
      expect(byNode.map((n) => [n.role, n.idxScan > 0])).toEqual([
        ['primary', false],
        ['replica', true]
      ])
      // Unused on both nodes: still the warning with its drop.
      const [never] = find(r, 'pg.unused-index', 'public.replica_read_never')
      expect([never?.severity, never?.remedy?.action]).toEqual(['warning', 'postgres.dropIndex'])
      expect(never?.detail).toMatch(
        /Never scanned on any connected node \(primary .*: 0 scans; replica .*: 0 scans\)/
      )
    } finally {
      await Promise.all([primary.close(), replica.close(), onReplica.end()])
    }
  })

  it("the replica's slow-query lists leave dbconsole's own statements out, and say how many", async () => {
    const session = await openPostgres({
      url: db.appUrl(TEST_SERVERS.pgReplicaPort),
      tls: { enabled: false },
      purpose: 'diagnostics'
    })
    try {
      await checkPostgres(session, 'replica') // the first sweep fills pg_stat_statements with our probes
      const detail = await runDetail(session, 'replica')
      const [r] = detail.reports
      const node = detail.nodes[0]
      // Only the other tests' few reads of this scratch database run on the replica: the rest is ours.
      const listed = node?.topics.pg_stat_statements
      const rows = listed?.ok ? listed.rows : []
      expect(rows.filter((row) => row.query.includes('dbconsole:'))).toEqual([])
      const own = node?.topics.own_statements
      const leftOut = own?.ok ? (own.rows[0]?.left_out ?? 0) : 0
      expect(leftOut).toBeGreaterThanOrEqual(15)
      expect(leftOut).toBeGreaterThan(rows.length)
      if (!r) throw new Error('no report')
      const said = find(r, 'pg.slow-query').filter((f) =>
        f.detail.includes(`${leftOut} of dbconsole's own statements left out.`)
      )
      expect(said).toHaveLength(1)
    } finally {
      await session.close()
    }
  })

  it('an inactive physical slot retaining WAL', async () => {
    await db.admin.query('select pg_create_physical_replication_slot($1, true)', [slot])
    await writeWal(db, 2)
    const r = await check(db.appUrl(), 'primary')
    const [f] = find(r, 'pg.replication-slot', slot)
    expect(f?.severity).toBe('warning')
    expect(f?.evidence['active']).toBe(false)
    expect(Number(f?.evidence['retainedBytes'])).toBeGreaterThan(1024 * 1024)
    expect(f?.evidence['walStatus']).toBe('reserved')
  })
})

describe('a clean database', () => {
  let db: ScratchDb
  beforeAll(async () => {
    db = await createScratchDb()
    await makeClean(db)
  })
  afterAll(async () => {
    await db?.drop()
  })

  // Facts about the whole server (other suites' sessions, slots, replicas, checkpoints from CREATE DATABASE)
  // are legitimately present on a shared test server; everything about THIS database must be quiet.
  const SERVER_WIDE = new Set([
    'pg.replication-lag',
    'pg.replay-paused',
    'pg.wal-receiver',
    'pg.replication-slot',
    'pg.checkpoints',
    'pg.connections',
    'pg.wraparound',
    'pg.archiver-failing',
    'pg.pending-restart',
    'pg.connection-without-ssl'
  ])
  const ACTIVITY = new Set([
    'pg.blocking-lock',
    'pg.idle-in-transaction',
    'pg.long-transaction',
    'pg.long-running-query',
    'pg.index-build-waiting'
  ])
  const aboutThisDb = (f: Finding, name: string): boolean => {
    if (SERVER_WIDE.has(f.rule)) return false
    if (ACTIVITY.has(f.rule)) {
      const blocker = f.evidence['blocker'] as { database?: string } | null | undefined
      return (f.evidence['database'] ?? blocker?.database) === name
    }
    return true
  }

  it('gives no warning or critical finding about itself, on the primary and on the replica', async () => {
    await waitForReplicaDb(db.name)
    for (const port of [TEST_SERVERS.pgPrimaryPort, TEST_SERVERS.pgReplicaPort]) {
      const r = await check(db.appUrl(port))
      const bad = r.findings.filter((f) => f.severity !== 'info' && aboutThisDb(f, db.name))
      expect(bad, JSON.stringify(bad, null, 1)).toEqual([])
      const schema = r.findings.filter((f) =>
        [
          'pg.sequence-exhaustion',
          'pg.not-valid-constraint',
          'pg.unindexed-foreign-key',
          'pg.missing-primary-key'
        ].includes(f.rule)
      )
      expect(schema).toEqual([])
      // Nothing silently skipped for this database on a PG 15 node.
      expect(r.findings.filter((f) => f.title.startsWith('Could not evaluate'))).toEqual([])
    }
  })
})
