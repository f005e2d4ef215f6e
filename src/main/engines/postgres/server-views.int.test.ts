/**
 * The server views and their rules through checkPostgres, each condition caused for real: locks waited
 * for, VACUUM / ANALYZE / CREATE INDEX CONCURRENTLY caught running (in a scratch database of this suite,
 * its backends terminated at the end), and, on a cluster of this suite's own (ports 59410-59411: it needs
 * a restart), a failing archive_command and a setting pending a restart. The shared primary, whose
 * archiver is off and whose settings are applied, is the clean server.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TopicTable } from '../../../shared/detail'
import type { AnalysisReport, Finding } from '../../../shared/findings'
import { WAIT_WARNING_S } from '../../diagnostics/postgres/rules/index-build-waiting'
import { startOwnPg, type OwnPg } from '../../testing/own-servers'
import {
  createScratchDb,
  induceBlockedIndexBuild,
  induceBlocking,
  induceFailingArchiver,
  induceSlowMaintenance,
  induceUnusedTable,
  listenOnNetwork,
  makeClean,
  sleep,
  type Running,
  type ScratchDb
} from '../../testing/pg-health-scenarios'
import { pgAppUrl } from '../../testing/test-servers'
import { openPostgres } from './adapter'
import { checkPostgres } from './check'

type Rows = Record<string, unknown>[]

const check = async (url: string): Promise<{ report: AnalysisReport; topic: (id: string) => Rows }> => {
  const session = await openPostgres({ url, tls: { enabled: false }, purpose: 'diagnostics' })
  try {
    const topics = new Map<string, TopicTable<unknown>>()
    const [report] = await checkPostgres(session, 'node', {
      collect: (_node, id, table) => topics.set(id, table)
    })
    if (!report) throw new Error('no report')
    const topic = (id: string): Rows => {
      const t = topics.get(id)
      if (!t?.ok) throw new Error(`${id}: ${t ? t.why : 'not collected'}`)
      return t.rows as Rows
    }
    return { report, topic }
  } finally {
    await session.close()
  }
}

const rowsOf =
  (id: string) =>
  ({ topic }: { topic: (id: string) => Rows }): Rows =>
    topic(id)

const find = (r: AnalysisReport, rule: string): Finding[] => r.findings.filter((f) => f.rule === rule)

describe('server views on the shared primary (scratch database pgviews_*)', () => {
  let db: ScratchDb
  const running: Running[] = []
  beforeAll(async () => {
    db = await createScratchDb('pgviews')
    await makeClean(db)
  })
  afterAll(async () => {
    for (const r of running) await r.stop().catch(() => undefined)
    await db?.drop()
  })

  it('a clean database: sizes, non-default settings, no progress, and none of the new rules speaks', async () => {
    const { report, topic } = await check(db.appUrl())
    for (const rule of [
      'pg.archiver-failing',
      'pg.pending-restart',
      'pg.index-build-waiting',
      'pg.unused-table'
    ])
      expect(find(report, rule), rule).toEqual([])
    const mine = topic('database_sizes').find((d) => d['datname'] === db.name)
    expect(Number(mine?.['size_bytes'])).toBeGreaterThan(1_000_000)
    const settings = topic('changed_settings')
    expect(settings.find((s) => s['name'] === 'port')).toMatchObject({
      value: '55432',
      source: 'configuration file',
      pending_restart: false
    })
    expect(settings.find((s) => s['name'] === 'shared_buffers')).toMatchObject({
      value: '128MB',
      unit: '8kB'
    })
    // The diagnostics session's own SETs are not the server's settings.
    expect(settings.filter((s) => s['source'] === 'client' || s['source'] === 'session')).toEqual([])
    expect(topic('progress').filter((p) => p['datname'] === db.name)).toEqual([])
    expect(topic('pg_stat_archiver')[0]).toMatchObject({ archive_mode: 'off', failed_count: 0 })
  })

  it('pg.unused-table: a 2 MiB table written and analyzed but never read is named; the scanned clean_t is not', async () => {
    await induceUnusedTable(db)
    const { report } = await check(db.appUrl())
    const unused = find(report, 'pg.unused-table')
    expect(unused.map((f) => [f.severity, f.target])).toEqual([['info', 'public.unused_t']])
    expect(Number(unused[0]?.evidence['tableBytes'])).toBeGreaterThan(2 * 1024 * 1024)
    // One read and it is used.
    await db.admin.query('select count(*) from unused_t')
    await db.admin.query('select pg_stat_force_next_flush()')
    await db.admin.query('select 1')
    expect(find((await check(db.appUrl())).report, 'pg.unused-table')).toEqual([])
  })

  it('pg_locks: the idle-in-transaction holder of public.lock_t and the waiter on its transaction id', async () => {
    const held = await induceBlocking(db)
    try {
      const locks = rowsOf('pg_locks')(await check(db.appUrl()))
      const of = (pid: number) => locks.filter((l) => l['pid'] === pid)
      expect(of(held.blockerPid)).toContainEqual(
        expect.objectContaining({
          locktype: 'relation',
          mode: 'RowExclusiveLock',
          granted: true,
          relation: 'public.lock_t',
          database: db.name,
          state: 'idle in transaction'
        })
      )
      const waiting = of(held.waiterPid).find((l) => l['granted'] === false)
      expect(waiting).toMatchObject({ locktype: 'transactionid', mode: 'ShareLock' })
      expect(Number(waiting?.['wait_age_s'])).toBeGreaterThan(0)
      // Waiters first, and the total says whether the list was cut.
      expect(locks[0]?.['granted']).toBe(false)
      expect(Number(locks[0]?.['total_locks'])).toBeGreaterThanOrEqual(locks.length)
    } finally {
      await held.release()
    }
  })

  it.each(['vacuum', 'analyze'] as const)(
    'progress: %s caught running, with its share done',
    async (command) => {
      const r = await induceSlowMaintenance(db, command)
      running.push(r)
      try {
        const rows = rowsOf('progress')(await check(db.appUrl()))
        const row = rows.find((p) => p['pid'] === r.pid)
        expect(row).toMatchObject({
          command: command.toUpperCase(),
          datname: db.name,
          relation: `public.slow_${command}`,
          unit: 'blocks'
        })
        const ratio = Number(row?.['done_ratio'])
        expect(ratio).toBeGreaterThan(0)
        expect(ratio).toBeLessThan(1)
        expect(ratio).toBeCloseTo(Number(row?.['done']) / Number(row?.['total']), 10)
      } finally {
        await r.stop()
      }
    }
  )

  it(
    'pg.index-build-waiting: CREATE INDEX CONCURRENTLY held by our open transaction, named once past the threshold',
    async () => {
      const build = await induceBlockedIndexBuild(db)
      running.push(build)
      try {
        const early = await check(db.appUrl())
        expect(find(early.report, 'pg.index-build-waiting')).toEqual([])
        expect(early.topic('progress').find((p) => p['pid'] === build.pid)).toMatchObject({
          command: 'CREATE INDEX CONCURRENTLY',
          relation: 'public.cic_t',
          unit: 'lockers',
          waiting_for_pid: build.holderPid
        })
        await sleep(WAIT_WARNING_S * 1000)
        const late = await check(db.appUrl())
        const [f, ...rest] = find(late.report, 'pg.index-build-waiting')
        expect(rest).toEqual([])
        expect(f?.severity).toBe('warning')
        expect(f?.target).toBe('public.cic_t')
        expect(f?.evidence['waitingForPid']).toBe(build.holderPid)
        expect(f?.subject).toMatchObject({ kind: 'backend', name: String(build.pid) })
      } finally {
        await build.stop()
      }
    },
    (WAIT_WARNING_S + 30) * 1000
  )
})

describe('a cluster of our own with a failing archive_command, a setting pending a restart, a client in clear', () => {
  let own: OwnPg
  let address = ''
  beforeAll(async () => {
    own = await startOwnPg('pgviews', 59410, 59411)
    address = await listenOnNetwork(own)
    await induceFailingArchiver(own) // its restart applies listen_addresses too
  }, 120_000)
  afterAll(async () => {
    await own?.down()
  })

  it('pg.connection-without-ssl names the connection from the network address, not the loopback ones', async () => {
    const remote = new pg.Client({
      connectionString: pgAppUrl(own.primaryPort).replace('127.0.0.1', address),
      application_name: 'remote client'
    })
    await remote.connect()
    try {
      const { report, topic: of } = await check(pgAppUrl(own.primaryPort))
      const found = find(report, 'pg.connection-without-ssl')
      expect(found.map((f) => [f.severity, f.target])).toEqual([['warning', address]])
      expect(found[0]?.evidence['connections']).toBe(1)
      expect(of('pg_stat_ssl').find((c) => c['client_addr'] === address)).toMatchObject({
        application_name: 'remote client',
        ssl: false,
        server_ssl: false
      })
    } finally {
      await remote.end()
    }
    // Once that client is gone (its backend exits just after the socket closes), the rule is silent.
    let after: Finding[] = []
    for (let i = 0; i < 20; i++) {
      after = find((await check(pgAppUrl(own.primaryPort))).report, 'pg.connection-without-ssl')
      if (after.length === 0) break
      await sleep(100)
    }
    expect(after).toEqual([])
  })

  it('pg.archiver-failing is critical with the failed segment; pg.pending-restart names max_connections', async () => {
    const { report, topic: of } = await check(pgAppUrl(own.primaryPort))
    const [archiver, ...more] = find(report, 'pg.archiver-failing')
    expect(more).toEqual([])
    expect(archiver?.severity).toBe('critical')
    expect(Number(archiver?.evidence['failedCount'])).toBeGreaterThan(0)
    expect(archiver?.evidence['lastArchivedWal']).toBe(null)
    expect(String(archiver?.evidence['lastFailedWal'])).toMatch(/^[0-9A-F]{24}$/)
    expect(Number(archiver?.evidence['readySegments'])).toBeGreaterThanOrEqual(1)
    const pending = find(report, 'pg.pending-restart')
    expect(pending.map((f) => [f.severity, f.target])).toEqual([['warning', 'max_connections']])
    expect(pending[0]?.evidence['runningValue']).toBe('100')
    expect(of('changed_settings').find((s) => s['name'] === 'archive_mode')).toMatchObject({
      value: 'on',
      pending_restart: false
    })
  })
})
