/**
 * Issue 19 item 5 through the core, on the real primary (:55432) and streaming replica (:55433), both
 * connected as profiles: an index scanned only on the replica is not advised for dropping on the primary,
 * and the drop preview shows each node's scans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PreparedAction } from '../../shared/actions'
import type { ChecksRun } from '../../shared/detail'
import {
  createScratchDb,
  flushStats,
  replicaAdmin,
  sleep,
  waitForReplicaDb,
  type ScratchDb
} from '../testing/pg-health-scenarios'
import { useTestCore } from '../testing/test-core'
import { TEST_SERVERS } from '../testing/test-servers'

const { call } = useTestCore('cluster-usage')

describe('index usage across the connected nodes of a cluster', () => {
  let db: ScratchDb
  beforeAll(async () => {
    db = await createScratchDb('cluster_u')
    await db.admin.query('create table reads (id int primary key, b int)')
    await db.admin.query('insert into reads select g, g % 500 from generate_series(1, 20000) g')
    await db.admin.query('create index reads_b on reads (b)')
    await db.admin.query('analyze reads')
    await flushStats(db)
    await waitForReplicaDb(db.name)
    const replica = await replicaAdmin(db.name)
    try {
      for (let i = 0; i < 100; i++) {
        const seen = await replica.query("select to_regclass('reads_b') is not null as there")
        if (seen.rows[0]?.there) break
        await sleep(100)
      }
      await replica.query('set enable_seqscan = off')
      await replica.query('set enable_bitmapscan = off')
      await replica.query('select * from reads where b = 7')
      await replica.query('select pg_stat_force_next_flush()')
      await replica.query('select 1')
    } finally {
      await replica.end()
    }
  })
  afterAll(async () => {
    await db?.drop()
  })

  it('the primary does not advise dropping an index the replica scans, and the drop preview shows both nodes', async () => {
    const save = (name: string, port: number) =>
      call<{ id: string }>('connections.save', {
        name,
        engine: 'postgres',
        url: db.appUrl(port),
        environment: 'staging',
        allowWrites: true
      }).then((r) => r.id)
    const primary = await save('cluster primary', TEST_SERVERS.pgPrimaryPort)
    const replica = await save('cluster replica', TEST_SERVERS.pgReplicaPort)
    await call('connections.connect', { id: primary })
    await call('connections.connect', { id: replica })

    const run = await call<ChecksRun>('checks.run', { connectionId: primary })
    const findings = run.reports.flatMap((r) => r.findings)
    const used = findings.find((f) => f.rule === 'pg.unused-index' && f.target === 'public.reads_b')
    expect(used?.severity).toBe('info')
    expect(used?.remedy).toBeUndefined()
    expect(used?.title).toMatch(/is used on the replica 127\.0\.0\.1:\d+ \(\d+ scans\)$/)

    const ticket = await call<PreparedAction>('actions.prepare', {
      connectionId: primary,
      action: 'postgres.dropIndex',
      target: { schema: 'public', index: 'reads_b' }
    })
    expect(String(ticket.preview.facts['scans_on_other_nodes'])).toMatch(
      new RegExp(`^replica 127\\.0\\.0\\.1:${TEST_SERVERS.pgReplicaPort}: [1-9]\\d* scans$`)
    )
    expect(
      ticket.preview.warnings.some((w) => /^Scanned \d+ times on the replica 127\.0\.0\.1:/.test(w))
    ).toBe(true)
  })
})
