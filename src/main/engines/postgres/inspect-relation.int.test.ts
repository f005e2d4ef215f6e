/**
 * pg.inspectRelation through the core, against the real primary (:55432): pgstattuple_approx on a table
 * with dead rows (checked against the exact pgstattuple of the same table), pgstatindex on its primary
 * key, a name that needs quoting, the refusals (missing, not a table, not PostgreSQL), the size cap at its
 * boundary, and a database where pgstattuple is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InspectResult } from '../../../shared/pg-inspect'
import { createScratchDb, induceDeadTuples, type ScratchDb } from '../../testing/pg-health-scenarios'
import { useTestCore } from '../../testing/test-core'
import { redisUrl } from '../../testing/test-servers'
import { openPostgres } from './adapter'
import { inspectRelation } from './probes'

const t = useTestCore('inspect')

const saveProfile = (name: string, engine: 'postgres' | 'redis', url: string) =>
  t.call<{ id: string }>('connections.save', { name, engine, url, environment: 'staging' }).then((r) => r.id)

const inspect = (connectionId: string, schema: string, table: string) =>
  t.call<InspectResult>('pg.inspectRelation', { connectionId, schema, table })

const failureOf = (r: InspectResult) => (r.ok ? null : { reason: r.reason, message: r.message })

describe('pg.inspectRelation on the primary', () => {
  let db: ScratchDb
  let bare: ScratchDb
  let profile: string
  let bareProfile: string
  beforeAll(async () => {
    db = await createScratchDb('inspect_t')
    await induceDeadTuples(db)
    await db.admin.query(`create table "Odd Name; x" (id int)`)
    await db.admin.query(`insert into "Odd Name; x" select generate_series(1, 1000)`)
    await db.admin.query(`create view churn_v as select * from churn`)
    profile = await saveProfile('inspect', 'postgres', db.appUrl())
    bare = await createScratchDb('inspect_bare')
    await bare.admin.query('drop extension pgstattuple')
    await bare.admin.query('create table plain (id int)')
  })
  afterAll(async () => {
    // Close the core's pools first: dropping a database under them only logs lost connections.
    for (const id of [profile, bareProfile]) if (id) await t.core.sessions.disconnect(id)
    await db?.drop()
    await bare?.drop()
  })

  it('reads dead tuples and free space with pgstattuple_approx, as the exact pgstattuple does', async () => {
    const r = await inspect(profile, 'public', 'churn')
    if (!r.ok || r.inspection.kind !== 'table') throw new Error(JSON.stringify(r))
    const { rows } = await db.admin.query<{ dead: string; dead_pct: number; free_pct: number; len: string }>(
      `select dead_tuple_count::text as dead, dead_tuple_percent as dead_pct, free_percent as free_pct,
              table_len::text as len from pgstattuple('public.churn')`
    )
    const exact = rows[0]
    if (!exact) throw new Error('no pgstattuple row')
    // Nothing has vacuumed the table, so no page is all-visible: approx reads every page and is exact.
    expect(r.inspection.scannedPercent).toBe(100)
    expect(r.inspection.deadTuples).toBe(Number(exact.dead))
    expect(r.inspection.deadTupleRatio).toBeCloseTo(exact.dead_pct / 100, 4)
    expect(r.inspection.freeRatio).toBeCloseTo(exact.free_pct / 100, 2)
    expect(r.inspection.bytes).toBe(Number(exact.len))
    // Two full updates: pruning frees part of the dead space, the rest is dead tuples.
    expect(r.inspection.deadTupleRatio).toBeGreaterThan(0.2)
    expect(r.inspection.wastedRatio).toBeGreaterThan(0.4)
    expect(r.inspection.relation).toBe('"public"."churn"')
  })

  it('reads a B-tree index with pgstatindex, and a name that needs quoting as exactly that relation', async () => {
    const index = await inspect(profile, 'public', 'churn_pkey')
    expect(index.ok && index.inspection.kind).toBe('btree')
    if (index.ok && index.inspection.kind === 'btree') expect(index.inspection.leafPages).toBeGreaterThan(0)
    const odd = await inspect(profile, 'public', 'Odd Name; x')
    expect(odd.ok && odd.inspection.kind).toBe('table')
    if (odd.ok && odd.inspection.kind === 'table') expect(odd.inspection.liveTuples).toBe(1000)
  })

  it('says what is missing or not inspectable, and touches nothing', async () => {
    expect(failureOf(await inspect(profile, 'public', 'nope; drop table churn'))).toEqual({
      reason: 'NOT_FOUND',
      message: 'No relation named "public"."nope; drop table churn".'
    })
    expect(failureOf(await inspect(profile, 'nowhere', 'churn'))?.reason).toBe('NOT_FOUND')
    const view = failureOf(await inspect(profile, 'public', 'churn_v'))
    expect(view?.reason).toBe('UNSUPPORTED_KIND')
    expect(view?.message).toContain('relkind v')
    const { rows } = await db.admin.query<{ n: number }>('select count(*)::int as n from churn')
    expect(rows[0]?.n).toBe(100_000)
  })

  it('refuses above the size cap unless confirmed, at the exact boundary', async () => {
    const { rows } = await db.admin.query<{ bytes: string }>(
      `select pg_relation_size('public.churn')::text as bytes`
    )
    const bytes = Number(rows[0]?.bytes)
    const session = await openPostgres({ url: db.appUrl(), tls: { enabled: false }, purpose: 'diagnostics' })
    try {
      const over = await inspectRelation(session, 'public.churn', {
        confirmLarge: false,
        maxBytes: bytes - 1
      })
      expect(over.ok ? null : { reason: over.reason, bytes: over.bytes }).toEqual({
        reason: 'TOO_LARGE',
        bytes
      })
      expect(over.ok ? '' : over.message).toContain('confirm to inspect it anyway')
      const at = await inspectRelation(session, 'public.churn', { confirmLarge: false, maxBytes: bytes })
      expect(at.ok).toBe(true)
      const confirmed = await inspectRelation(session, 'public.churn', { confirmLarge: true, maxBytes: 1 })
      expect(confirmed.ok).toBe(true)
    } finally {
      await session.close()
    }
  })

  it('tells the user to have a DBA CREATE EXTENSION pgstattuple where it is not installed', async () => {
    bareProfile = await saveProfile('bare', 'postgres', bare.appUrl())
    const r = failureOf(await inspect(bareProfile, 'public', 'plain'))
    expect(r?.reason).toBe('EXTENSION_MISSING')
    expect(r?.message).toContain('CREATE EXTENSION pgstattuple')
    expect(r?.message).toContain('dbconsole never installs extensions')
    const { rows } = await bare.admin.query(`select 1 from pg_extension where extname = 'pgstattuple'`)
    expect(rows).toEqual([])
  })

  it('refuses a connection that is not PostgreSQL', async () => {
    const id = await saveProfile('redis', 'redis', redisUrl())
    const result = await t.core.dispatch('pg.inspectRelation', { connectionId: id, table: 'churn' })
    expect(result.ok ? null : result.error).toEqual({
      code: 'INVALID_INPUT',
      message: 'Inspecting a relation needs a PostgreSQL connection.'
    })
  })
})
