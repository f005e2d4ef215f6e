/**
 * The PostgreSQL actions the findings recommend (issue 19 item 10), through the core on the shared primary,
 * each in a scratch database of its own (`h_actions_*`):
 * - cancel a backend's running statement: the statement stops, the session stays, one intent and one outcome;
 * - REINDEX CONCURRENTLY and DROP INDEX CONCURRENTLY of an INVALID index left by a failed unique build;
 * - read-only profiles and roles without the privilege are refused in the preview, before any typing.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createScratchDb, induceInvalidIndex, type ScratchDb } from '../testing/pg-health-scenarios'
import { actionCalls } from '../testing/action-calls'
import { useTestCore } from '../testing/test-core'
import { pgAdminUrl, TEST_SERVERS } from '../testing/test-servers'
import { waitUntil } from '../testing/own-servers'

const t = useTestCore('h-actions-pg')
let db: ScratchDb
let appProfile: string
let adminProfile: string
let readOnlyProfile: string

const { saveProfile, prepare, execute, errorOf, auditOf } = actionCalls(t)
const save = (name: string, url: string, allowWrites: boolean) =>
  saveProfile(name, 'postgres', url, { allowWrites })

/** A session running pg_sleep(60) in the scratch database, as the app role or as the superuser. */
const sleeper = async (url: string, name: string) => {
  const client = new pg.Client({ connectionString: url, application_name: name })
  client.on('error', () => undefined)
  await client.connect()
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid ?? 0
  const sleeping = client.query('select pg_sleep(60)').then(
    () => 'finished',
    (err: Error) => `error: ${err.message}`
  )
  await waitUntil(
    `${name} active`,
    async () =>
      (await db.admin.query("select 1 from pg_stat_activity where pid = $1 and state = 'active'", [pid]))
        .rowCount === 1,
    10_000
  )
  /** Ends it on the server too: a closed client leaves pg_sleep running, and its snapshot stalls CONCURRENTLY builds. */
  const stop = async (): Promise<void> => {
    await t.admin().query('select pg_terminate_backend($1)', [pid])
    await client.end().catch(() => undefined)
  }
  return { client, pid, sleeping, stop }
}

const stateOf = async (pid: number): Promise<string | null> =>
  (await db.admin.query<{ state: string }>('select state from pg_stat_activity where pid = $1', [pid]))
    .rows[0]?.state ?? null

beforeAll(async () => {
  db = await createScratchDb('h_actions')
  appProfile = await save('h-actions app', db.appUrl(), true)
  adminProfile = await save('h-actions admin', pgAdminUrl(TEST_SERVERS.pgPrimaryPort, db.name), true)
  readOnlyProfile = await save('h-actions read-only', db.appUrl(), false)
}, 30_000)

afterAll(async () => {
  // Our own sleepers and anything else left in the scratch database, then the database itself.
  await t
    .admin()
    .query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [db.name]
    )
  await db.drop()
})

describe('postgres.cancelBackend from a backend row or a long-query finding', () => {
  it('cancels the running statement once: the client gets the cancel error, the session stays, idle', async () => {
    const victim = await sleeper(db.appUrl(), 'h-actions-cancel-victim')
    try {
      const ticket = await prepare(appProfile, 'postgres.cancelBackend', { pid: victim.pid })
      expect(ticket.tier).toBe(1)
      expect(ticket.exactStatement).toBe(`SELECT pg_cancel_backend(${victim.pid})`)
      expect(ticket.preview.permission.verdict).toBe('permitted')
      expect(ticket.preview.facts).toMatchObject({
        pid: victim.pid,
        state: 'active',
        query: 'select pg_sleep(60)'
      })

      const result = await execute(ticket)
      expect(result.outcome).toBe('done')
      expect(result.postCheck?.ok).toBe(true)
      expect(await victim.sleeping).toBe('error: canceling statement due to user request')
      // Cancel, not terminate: the backend is still connected and can run the next statement.
      expect(await stateOf(victim.pid)).toBe('idle')
      expect((await victim.client.query<{ one: number }>('select 1 as one')).rows[0]?.one).toBe(1)

      const records = await auditOf(result.auditId)
      expect(records.map((r) => r.phase).sort()).toEqual(['intent', 'outcome'])
      expect(records.every((r) => r.exactStatement === ticket.exactStatement)).toBe(true)
      // The ticket is single use: the signal is never sent twice.
      expect(
        await errorOf('actions.execute', { ticketId: ticket.ticketId, typed: ticket.challenge })
      ).toMatch(/^TICKET_USED/)
    } finally {
      await victim.stop()
    }
  })

  it("the app role previewing cancel of a superuser's statement is told so before typing; execute sends nothing", async () => {
    const victim = await sleeper(pgAdminUrl(TEST_SERVERS.pgPrimaryPort, db.name), 'h-actions-su-victim')
    try {
      const ticket = await prepare(appProfile, 'postgres.cancelBackend', { pid: victim.pid })
      const permission = ticket.preview.permission
      expect(permission.verdict).toBe('denied')
      if (permission.verdict === 'denied') expect(permission.reason).toMatch(/^Cannot cancel with this role/)
      expect(
        await errorOf('actions.execute', { ticketId: ticket.ticketId, typed: ticket.challenge })
      ).toMatch(/^REFUSED: Not sent/)
      expect(await stateOf(victim.pid)).toBe('active')
    } finally {
      await victim.stop()
    }
  })

  it('a read-only profile is refused at prepare, and a pid that is not a backend is NOT_FOUND', async () => {
    expect(
      await errorOf('actions.prepare', {
        connectionId: readOnlyProfile,
        action: 'postgres.cancelBackend',
        target: { pid: 1 }
      })
    ).toMatch(/^READ_ONLY_PROFILE/)
    expect(
      await errorOf('actions.prepare', {
        connectionId: appProfile,
        action: 'postgres.cancelBackend',
        target: { pid: 2 ** 31 - 1 }
      })
    ).toMatch(/^NOT_FOUND/)
    expect(
      await errorOf('actions.prepare', {
        connectionId: appProfile,
        action: 'postgres.cancelBackend',
        target: { pid: -4 }
      })
    ).toMatch(/^INVALID_INPUT/)
  })
})

describe('an INVALID index (a failed unique build): REINDEX or DROP, both CONCURRENTLY', () => {
  const isValid = async (index: string): Promise<boolean | null> =>
    (
      await db.admin.query<{ indisvalid: boolean }>(
        'select indisvalid from pg_index where indexrelid = to_regclass($1)',
        [`public.${index}`]
      )
    ).rows[0]?.indisvalid ?? null

  beforeAll(() => induceInvalidIndex(db))

  it('the app role (not the owner) is refused both in the preview; a read-only profile at prepare', async () => {
    for (const action of ['postgres.reindex', 'postgres.dropIndex']) {
      const ticket = await prepare(appProfile, action, { index: 'inv_t_v' })
      expect(ticket.preview.permission.verdict, action).toBe('denied')
      expect(ticket.preview.facts.valid).toBe(false)
      expect(
        await errorOf('actions.prepare', {
          connectionId: readOnlyProfile,
          action,
          target: { index: 'inv_t_v' }
        })
      ).toMatch(/^READ_ONLY_PROFILE/)
    }
    expect(await isValid('inv_t_v')).toBe(false)
  })

  it('REINDEX CONCURRENTLY fails while the duplicates are there (leaving its _ccnew copy INVALID), then rebuilds it valid', async () => {
    const first = await prepare(adminProfile, 'postgres.reindex', { index: 'inv_t_v' })
    expect(first.exactStatement).toBe('REINDEX INDEX CONCURRENTLY "public"."inv_t_v"')
    expect(first.preview.warnings).toContain(
      'The index is currently INVALID: queries never use it, and the uniqueness it was built for is not guaranteed.'
    )
    const failed = await execute(first)
    expect(failed.outcome).toBe('failed')
    expect(failed.detail).toMatch(/could not create unique index/)
    expect(await isValid('inv_t_v')).toBe(false)
    // The server leaves the copy it was building behind, INVALID too: the next test drops it.
    expect(await isValid('inv_t_v_ccnew')).toBe(false)

    await db.admin.query('delete from inv_t a using inv_t b where a.v = b.v and a.ctid > b.ctid')
    const second = await prepare(adminProfile, 'postgres.reindex', { index: 'inv_t_v' })
    expect(second.preview.facts.invalid_on_table).toBe('inv_t_v, inv_t_v_ccnew')
    const done = await execute(second)
    expect(done).toMatchObject({ outcome: 'done', postCheck: { ok: true } })
    expect(await isValid('inv_t_v')).toBe(true)
    expect((await auditOf(done.auditId)).map((r) => r.phase).sort()).toEqual(['intent', 'outcome'])
  })

  it('DROP INDEX CONCURRENTLY removes the INVALID unique leftover; a valid unique index stays refused', async () => {
    const ticket = await prepare(adminProfile, 'postgres.dropIndex', { index: 'inv_t_v_ccnew' })
    expect(ticket.exactStatement).toBe('DROP INDEX CONCURRENTLY "public"."inv_t_v_ccnew"')
    expect(ticket.preview.permission.verdict).toBe('permitted')
    const result = await execute(ticket)
    expect(result).toMatchObject({ outcome: 'done', postCheck: { ok: true } })
    expect(await isValid('inv_t_v_ccnew')).toBeNull()
    const invalid = await db.admin.query(
      "select 1 from pg_index where indrelid = 'inv_t'::regclass and not indisvalid"
    )
    expect(invalid.rowCount).toBe(0)

    expect(
      await errorOf('actions.prepare', {
        connectionId: adminProfile,
        action: 'postgres.dropIndex',
        target: { index: 'inv_t_v' }
      })
    ).toMatch(/^REFUSED: public.inv_t_v is unique/)
  })
})
