/**
 * The preview says whether the connection's privileges let the action succeed, before any typing, and
 * execute refuses what it said cannot succeed; what it says is permitted then succeeds. On the shared
 * PostgreSQL primary and the shared Redis, with roles, schema and ACL users of our own (unique names),
 * dropped afterwards. Redis flushes are aimed at db 13, which nothing else uses, and are refused anyway.
 * docs/reliability-and-safety.md G7.
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExecutedAction, PreparedAction } from '../../shared/actions'
import { actionCalls } from '../testing/action-calls'
import { useTestCore } from '../testing/test-core'
import { redisUrl, TEST_SERVERS } from '../testing/test-servers'

const tag = `priv_${randomBytes(4).toString('hex')}`
const PASSWORD = `pw-${randomBytes(8).toString('hex')}`
const PLAIN = `${tag}_plain` // no attribute, no membership
const SIGNAL = `${tag}_signal` // pg_monitor + pg_signal_backend like dbconsole_app; owns its own table
const VICTIM = `${tag}_victim` // an ordinary application role
const SCHEMA = tag

const t = useTestCore(tag)

const roleUrl = (role: string) => `postgres://${role}:${PASSWORD}@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/app`

const { saveProfile, prepare, errorOf } = actionCalls(t)

const executeCode = (ticket: PreparedAction): Promise<string> =>
  errorOf('actions.execute', { ticketId: ticket.ticketId, typed: ticket.challenge })

/** A session left idle in transaction, the classic blocker. */
const idleInTransaction = async (url: string, application: string) => {
  const client = new pg.Client({ connectionString: url, application_name: application })
  client.on('error', () => undefined)
  await client.connect()
  await client.query('begin')
  const [row] = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows
  return { client, pid: row?.pid ?? 0 }
}

/** What the server answers when the role sends the statement itself: the verdict must agree with it. */
const serverSays = async (role: string, sql: string): Promise<string> => {
  const client = new pg.Client({ connectionString: roleUrl(role) })
  await client.connect()
  try {
    await client.query(sql)
    return 'ok'
  } catch (err) {
    return (err as Error).message
  } finally {
    await client.end()
  }
}

const alive = async (pid: number): Promise<boolean> =>
  ((await t.admin().query('select 1 from pg_stat_activity where pid = $1', [pid])).rowCount ?? 0) === 1

describe('PostgreSQL: the preview checks role attributes, memberships and ownership', () => {
  let appAdmin: pg.Client
  let plain: string
  let signal: string

  beforeAll(async () => {
    const admin = t.admin()
    for (const role of [PLAIN, SIGNAL, VICTIM])
      await admin.query(`create role ${role} login password '${PASSWORD}'`)
    await admin.query(`grant pg_signal_backend, pg_monitor to ${SIGNAL}`)
    appAdmin = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/app`
    })
    await appAdmin.connect()
    await appAdmin.query(`create schema ${SCHEMA}`)
    await appAdmin.query(`grant usage, create on schema ${SCHEMA} to ${PLAIN}, ${SIGNAL}`)
    await appAdmin.query(`create table ${SCHEMA}.theirs (id int, note text)`)
    await appAdmin.query(`create index theirs_note_idx on ${SCHEMA}.theirs (note)`)
    await appAdmin.query(`create table ${SCHEMA}.mine (id int, note text)`)
    await appAdmin.query(`alter table ${SCHEMA}.mine owner to ${SIGNAL}`)
    await appAdmin.query(`create index mine_note_idx on ${SCHEMA}.mine (note)`)
    plain = await saveProfile('plain role', 'postgres', roleUrl(PLAIN))
    signal = await saveProfile('signal role', 'postgres', roleUrl(SIGNAL))
  })

  afterAll(async () => {
    await appAdmin.query(`drop schema if exists ${SCHEMA} cascade`)
    await appAdmin.end()
    const admin = t.admin()
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where usename in ('${PLAIN}', '${SIGNAL}', '${VICTIM}')`
    )
    for (const role of [PLAIN, SIGNAL, VICTIM]) await admin.query(`drop role if exists ${role}`)
  })

  it("a non-superuser previewing terminate of a superuser's idle-in-transaction blocker is told so before typing; execute sends nothing", async () => {
    const blocker = await idleInTransaction(
      `postgres://postgres@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/app`,
      `${tag}-superuser-blocker`
    )
    try {
      for (const [profile, sees] of [
        [plain, false],
        [signal, true]
      ] as const) {
        const ticket = await prepare(profile, 'postgres.terminateBackend', { pid: blocker.pid })
        // pg_monitor shows the blocker's state; without it the preview says the details are hidden.
        if (sees) expect(ticket.preview.facts.state).toBe('idle in transaction')
        else expect(ticket.preview.warnings[0]).toContain('cannot see the type, state or query')
        const permission = ticket.preview.permission
        expect(permission.verdict).toBe('denied')
        if (permission.verdict !== 'denied') return
        expect(permission.reason).toMatch(/^Cannot terminate with this role/)
        expect(permission.reason).toContain('belongs to the superuser postgres')
        expect(permission.nextStep).toContain('Connect as a superuser')
        expect(await executeCode(ticket)).toMatch(/^REFUSED: Not sent: Cannot terminate with this role/)
      }
      expect(await alive(blocker.pid)).toBe(true)
      // The server agrees: sent anyway by the pg_signal_backend member, it is refused.
      expect(await serverSays(SIGNAL, `select pg_terminate_backend(${blocker.pid})`)).toMatch(/superuser/)
      expect(await alive(blocker.pid)).toBe(true)
      // The cancel preview says the same of the superuser's backend.
      const cancel = await prepare(signal, 'postgres.cancelBackend', { pid: blocker.pid })
      expect(cancel.preview.permission.verdict).toBe('denied')
    } finally {
      await blocker.client.end().catch(() => undefined)
    }
  })

  it("a member of pg_signal_backend terminating another role's backend is permitted and succeeds; without the membership it is refused up front", async () => {
    const victim = await idleInTransaction(roleUrl(VICTIM), `${tag}-victim`)
    try {
      const refused = await prepare(plain, 'postgres.terminateBackend', { pid: victim.pid })
      expect(refused.preview.permission).toMatchObject({ verdict: 'denied' })
      expect(
        refused.preview.permission.verdict === 'denied' && refused.preview.permission.nextStep
      ).toContain(`GRANT pg_signal_backend TO ${PLAIN}`)
      expect(await executeCode(refused)).toMatch(/^REFUSED/)
      expect(await alive(victim.pid)).toBe(true)

      const ticket = await prepare(signal, 'postgres.terminateBackend', { pid: victim.pid })
      expect(ticket.preview.permission).toEqual({
        verdict: 'permitted',
        basis: `${SIGNAL} has the privileges of pg_signal_backend.`
      })
      const result = await t.call<ExecutedAction>('actions.execute', {
        ticketId: ticket.ticketId,
        typed: ticket.challenge
      })
      expect(result.outcome).toBe('done')
      expect(result.postCheck).toEqual({ ok: true, detail: `Backend ${victim.pid} is gone.` })
    } finally {
      await victim.client.end().catch(() => undefined)
    }
  })

  it('a permitted ticket is refused at execute when the privileges changed meanwhile (the role became a superuser)', async () => {
    const victim = await idleInTransaction(roleUrl(VICTIM), `${tag}-victim-2`)
    try {
      const ticket = await prepare(signal, 'postgres.terminateBackend', { pid: victim.pid })
      expect(ticket.preview.permission.verdict).toBe('permitted')
      await t.admin().query(`alter role ${VICTIM} superuser`)
      expect(await executeCode(ticket)).toMatch(
        /^REFUSED: Not sent: the privileges changed since the preview\. Cannot terminate with this role/
      )
      expect(await alive(victim.pid)).toBe(true)
    } finally {
      await t.admin().query(`alter role ${VICTIM} nosuperuser`)
      await victim.client.end().catch(() => undefined)
    }
  })

  it('drop index of an index the role does not own is refused up front; of its own index it is permitted and done', async () => {
    const theirs = await prepare(plain, 'postgres.dropIndex', { schema: SCHEMA, index: 'theirs_note_idx' })
    expect(theirs.preview.permission).toEqual({
      verdict: 'denied',
      reason: `You do not own the index ${SCHEMA}.theirs_note_idx: the owner is postgres, and ${PLAIN} is neither that role, a member of it, nor the schema's owner, so DROP INDEX fails.`,
      nextStep: 'Connect as postgres (the owner), a member of it, or a superuser.'
    })
    expect(await executeCode(theirs)).toMatch(/^REFUSED/)
    const still = await appAdmin.query(`select 1 from pg_indexes where schemaname = $1 and indexname = $2`, [
      SCHEMA,
      'theirs_note_idx'
    ])
    expect(still.rowCount).toBe(1)
    expect(await serverSays(PLAIN, `drop index ${SCHEMA}.theirs_note_idx`)).toBe(
      'must be owner of index theirs_note_idx'
    )

    const mine = await prepare(signal, 'postgres.dropIndex', { schema: SCHEMA, index: 'mine_note_idx' })
    expect(mine.preview.permission.verdict).toBe('permitted')
    const result = await t.call<ExecutedAction>('actions.execute', {
      ticketId: mine.ticketId,
      typed: mine.challenge
    })
    expect(result.outcome).toBe('done')
    expect(result.postCheck?.ok).toBe(true)
  })

  it('REINDEX of an index it does not own is refused up front, as the server would; of its own it is done', async () => {
    const theirs = await prepare(plain, 'postgres.reindex', { schema: SCHEMA, index: 'theirs_note_idx' })
    expect(theirs.preview.permission.verdict).toBe('denied')
    expect(await serverSays(PLAIN, `reindex index ${SCHEMA}.theirs_note_idx`)).toBe(
      'must be owner of index theirs_note_idx'
    )
    await appAdmin.query(`create index mine_rebuilt_idx on ${SCHEMA}.mine (id)`)
    const mine = await prepare(signal, 'postgres.reindex', { schema: SCHEMA, index: 'mine_rebuilt_idx' })
    expect(mine.preview.permission).toEqual({
      verdict: 'permitted',
      basis: `${SIGNAL} has the privileges of ${SIGNAL}, the owner of ${SCHEMA}.mine.`
    })
    const result = await t.call<ExecutedAction>('actions.execute', {
      ticketId: mine.ticketId,
      typed: mine.challenge
    })
    expect(result).toMatchObject({ outcome: 'done', postCheck: { ok: true } })
  })

  it('VACUUM of a table the role does not own is refused up front (the server would only warn and skip it)', async () => {
    const ticket = await prepare(plain, 'postgres.vacuum', { schema: SCHEMA, table: 'theirs' })
    expect(ticket.preview.permission.verdict).toBe('denied')
    expect(ticket.preview.permission.verdict === 'denied' && ticket.preview.permission.reason).toContain(
      'would only warn and skip the table'
    )
    // Sent anyway, the server only warns ("permission denied to vacuum ..., skipping it"): no error, and
    // nothing vacuumed. Only the preview can say it.
    expect(await serverSays(PLAIN, `vacuum ${SCHEMA}.theirs`)).toBe('ok')
    const stats = await appAdmin.query(
      'select last_vacuum from pg_stat_user_tables where schemaname = $1 and relname = $2',
      [SCHEMA, 'theirs']
    )
    expect(stats.rows).toEqual([{ last_vacuum: null }])
    // Its own table: permitted, and the vacuum really happens (last_vacuum moves).
    const own = await prepare(signal, 'postgres.vacuum', { schema: SCHEMA, table: 'mine' })
    expect(own.preview.permission.verdict).toBe('permitted')
    const result = await t.call<ExecutedAction>('actions.execute', {
      ticketId: own.ticketId,
      typed: own.challenge
    })
    expect(result).toMatchObject({ outcome: 'done', postCheck: { ok: true } })
  })

  it('CREATE INDEX on a table it does not own is refused up front; on its own table it is permitted and built', async () => {
    const theirs = await prepare(plain, 'postgres.createIndex', {
      schema: SCHEMA,
      table: 'theirs',
      columns: ['id'],
      index: 'theirs_id_idx'
    })
    expect(theirs.preview.permission.verdict).toBe('denied')
    const mine = await prepare(signal, 'postgres.createIndex', {
      schema: SCHEMA,
      table: 'mine',
      columns: ['id'],
      index: 'mine_id_idx'
    })
    expect(mine.preview.permission.verdict).toBe('permitted')
    const result = await t.call<ExecutedAction>('actions.execute', {
      ticketId: mine.ticketId,
      typed: mine.challenge
    })
    expect(result).toMatchObject({ outcome: 'done', postCheck: { ok: true } })
  })
})

describe('PostgreSQL: an owner without USAGE on the schema', () => {
  it('is refused up front: the statement could not even name its table', async () => {
    const appAdmin = new pg.Client({
      connectionString: `postgres://postgres@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/app`
    })
    await appAdmin.connect()
    const role = `${tag}_nousage`
    try {
      await t.admin().query(`create role ${role} login password '${PASSWORD}'`)
      await appAdmin.query(`create schema ${role}_s`)
      await appAdmin.query(`create table ${role}_s.t (id int)`)
      await appAdmin.query(`alter table ${role}_s.t owner to ${role}`)
      const profile = await saveProfile('no usage', 'postgres', roleUrl(role))
      const ticket = await prepare(profile, 'postgres.analyze', { schema: `${role}_s`, table: 't' })
      expect(ticket.preview.permission).toMatchObject({
        verdict: 'denied',
        reason: `${role} has no USAGE privilege on the schema ${role}_s, so ANALYZE cannot even look ${role}_s.t up.`
      })
      // What the server says when it is sent anyway: the verdict is the server's own.
      const direct = new pg.Client({ connectionString: roleUrl(role) })
      await direct.connect()
      const error = await direct.query(`analyze ${role}_s.t`).catch((e: Error) => e)
      await direct.end()
      expect(error).toBeInstanceOf(Error)
      expect((error as Error).message).toBe(`permission denied for schema ${role}_s`)
    } finally {
      await appAdmin.query(`drop schema if exists ${role}_s cascade`)
      await appAdmin.end()
      await t
        .admin()
        .query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = '${role}'`)
      await t.admin().query(`drop role if exists ${role}`)
    }
  })
})

describe('Redis: the preview asks ACL DRYRUN for the connection user', () => {
  const admin = new Redis(redisUrl(), { lazyConnect: true })
  const FLUSHLESS = `${tag}_flushless`
  const NODRYRUN = `${tag}_nodryrun`
  const key = `${tag}:k`

  beforeAll(async () => {
    await admin.connect()
    // Everything but the flushes, and keys of our own prefix only.
    await admin.call(
      'ACL',
      'SETUSER',
      FLUSHLESS,
      'on',
      `>${PASSWORD}`,
      `~${tag}:*`,
      '+@all',
      '-flushall',
      '-flushdb'
    )
    // An ordinary read/write user that may not ask DRYRUN.
    await admin.call(
      'ACL',
      'SETUSER',
      NODRYRUN,
      'on',
      `>${PASSWORD}`,
      `~${tag}:*`,
      '+@read',
      '+@write',
      '+info',
      '+acl|whoami'
    )
    await admin.set(key, 'v')
  })
  afterAll(async () => {
    await admin.call('ACL', 'DELUSER', FLUSHLESS, NODRYRUN)
    await admin.del(key)
    admin.disconnect()
  })

  const userUrl = (user: string, db = 0) =>
    `redis://${user}:${PASSWORD}@127.0.0.1:${TEST_SERVERS.redisPort}/${db}`

  it('a user without +flushdb/+flushall previews the flush as not permitted, and execute refuses it', async () => {
    const profile = await saveProfile('flushless', 'redis', userUrl(FLUSHLESS, 13), {
      allowCatastrophic: true
    })
    const ticket = await prepare(profile, 'redis.flushDb', { db: 13 })
    expect(ticket.preview.permission).toEqual({
      verdict: 'denied',
      reason: `User ${FLUSHLESS} cannot run FLUSHDB: This user has no permissions to run the 'flushdb' command`,
      nextStep: `Connect as a Redis user whose ACL allows FLUSHDB here, or have an administrator grant it (ACL SETUSER ${FLUSHLESS} +flushdb).`
    })
    expect(await executeCode(ticket)).toMatch(/^REFUSED: Not sent: User/)
  })

  it('UNLINK of a key outside its pattern is refused up front; of its own key it is permitted and done', async () => {
    const profile = await saveProfile('flushless db0', 'redis', userUrl(FLUSHLESS))
    await admin.set(`other-${tag}`, 'x')
    try {
      // The preview's own TYPE probe of a key outside the pattern is refused by the server: prepare
      // fails up front with the server's reason, and no challenge is offered.
      const other = await t.core.dispatch('actions.prepare', {
        connectionId: profile,
        action: 'redis.unlink',
        target: { keys: [`other-${tag}`] }
      })
      expect(other.ok).toBe(false)
      expect(!other.ok && other.error.message).toMatch(/NOPERM .*no permissions to access/)
    } finally {
      await admin.del(`other-${tag}`)
    }
    const own = await prepare(profile, 'redis.unlink', { keys: [key] })
    expect(own.preview.permission.verdict).toBe('permitted')
    const result = await t.call<ExecutedAction>('actions.execute', {
      ticketId: own.ticketId,
      typed: own.challenge
    })
    expect(result).toMatchObject({ outcome: 'done', postCheck: { ok: true } })
  })

  it('a user that may not run ACL DRYRUN gets "unchecked", saying why', async () => {
    await admin.set(key, 'v')
    const profile = await saveProfile('nodryrun', 'redis', userUrl(NODRYRUN))
    const ticket = await prepare(profile, 'redis.unlink', { keys: [key] }).catch((e: Error) => e)
    if (ticket instanceof Error) throw ticket
    expect(ticket.preview.permission).toEqual({
      verdict: 'unchecked',
      reason: `User ${NODRYRUN} may not run ACL DRYRUN, so whether it may run UNLINK cannot be asked in advance (grant +acl|dryrun to check it).`
    })
  })
})
