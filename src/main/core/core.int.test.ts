import pg from 'pg'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import type { ConnectionStatus } from '../../shared/connection'
import { useTestCore } from '../testing/test-core'
import { pgAdminUrl, pgAppUrl, redisUrl, TEST_SERVERS } from '../testing/test-servers'

const { core, call, admin: adminClient } = useTestCore('int')

describe('PostgreSQL sessions opened by the core', () => {
  it('connects, names itself, is read-only and bounded, and sees its replica', async () => {
    const { id } = await call<{ id: string }>('connections.save', {
      name: 'primary',
      engine: 'postgres',
      url: pgAppUrl(),
      environment: 'production'
    })
    const status = await call<ConnectionStatus>('connections.connect', { id })
    expect(status.state).toBe('connected')
    expect(status.server?.version).toMatch(/^15\./)
    expect(status.server?.role).toBe('primary')
    expect(status.server?.identity).toMatch(/^\d{10,}$/)
    expect(status.server?.topology.map((n) => [n.role, n.state])).toEqual([['replica', 'streaming']])

    const ours = await adminClient().query<{ pid: number; application_name: string }>(
      "select pid, application_name from pg_stat_activity where usename = 'dbconsole_app' and datname = 'app' and application_name like 'dbconsole%'"
    )
    expect(ours.rows.length).toBeGreaterThan(0)
    expect(ours.rows.length).toBeLessThanOrEqual(3)
    expect(new Set(ours.rows.map((r) => r.application_name))).toEqual(new Set(['dbconsole diagnostics']))
  })

  it('every pooled session has the guardrail settings from start-up', async () => {
    const [{ id } = { id: '' }] = await call<{ id: string }[]>('connections.list', {})
    const session = await core.sessions.session(id)
    if (session.engine !== 'postgres') throw new Error('expected a postgres session')
    const settings = await session.query<{ ro: string; st: string; lt: string; idle: string }>(
      `select current_setting('default_transaction_read_only') as ro, current_setting('statement_timeout') as st,
              current_setting('lock_timeout') as lt, current_setting('idle_in_transaction_session_timeout') as idle`
    )
    expect(settings[0]).toEqual({ ro: 'on', st: '30s', lt: '1s', idle: '10s' })
    await expect(session.query('create table should_not_exist (x int)')).rejects.toMatchObject({
      code: 'SERVER_ERROR'
    })
  })

  it('survives pg_terminate_backend of its own backend and reconnects on the next call', async () => {
    const [{ id } = { id: '' }] = await call<{ id: string }[]>('connections.list', {})
    const session = await core.sessions.session(id)
    if (session.engine !== 'postgres') throw new Error('expected a postgres session')
    // Kill exactly our own backend: other suites may hold sessions with the same application_name.
    const [mine] = await session.query<{ pid: number }>('select pg_backend_pid() as pid')
    const killed = await adminClient().query<{ done: boolean }>('select pg_terminate_backend($1) as done', [
      mine?.pid
    ])
    expect(killed.rows[0]?.done).toBe(true)
    await new Promise((r) => setTimeout(r, 200))
    // The pooled client died; the process is still here, and the next query gets a fresh connection.
    const answer = await session.query<{ one: number }>('select 1 as one')
    expect(answer).toEqual([{ one: 1 }])
    await core.sessions.pollOnce()
    expect(core.sessions.status(id).state).toBe('connected')
  })

  it('a wrong password fails with AUTH_FAILED and a message without the password', async () => {
    const wrong = 'Wrong-Sentinel-Pass-991'
    const url = `postgres://dbconsole_app:${wrong}@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/app`
    const result = await core.dispatch('connections.test', {
      name: 'bad',
      engine: 'postgres',
      url,
      environment: 'development'
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('AUTH_FAILED')
    expect(result.error.message).toContain('authentication failed')
    expect(result.error.message).not.toContain(wrong)
  })

  it('an unreachable port fails with UNREACHABLE', async () => {
    const result = await core.dispatch('connections.test', {
      name: 'nobody',
      engine: 'postgres',
      url: 'postgres://u@127.0.0.1:1/x',
      environment: 'development'
    })
    expect(result.ok ? null : result.error.code).toBe('UNREACHABLE')
  })
})

describe('Redis sessions opened by the core', () => {
  it('a cluster seed shows every master with its slot ranges', async () => {
    const seed = TEST_SERVERS.redisClusterPorts[0]
    const server = await call<{
      role: string
      topology: { address: string; role: string; slots?: string[] }[]
    }>('connections.test', {
      name: 'cluster',
      engine: 'redis',
      url: redisUrl(seed),
      environment: 'staging'
    })
    expect(server.role).toBe('cluster-master')
    const masters = server.topology.filter((n) => n.role === 'cluster-master')
    expect(masters).toHaveLength(3)
    expect(masters.flatMap((m) => m.slots ?? []).sort()).toEqual(['0-5460', '10923-16383', '5461-10922'])
  })

  it('a standalone with a replica reports master and its replica link', async () => {
    const server = await call<{ role: string; topology: { role: string; state: string }[] }>(
      'connections.test',
      {
        name: 'standalone',
        engine: 'redis',
        url: redisUrl(),
        environment: 'development'
      }
    )
    expect(server.role).toBe('master')
    expect(server.topology).toEqual([expect.objectContaining({ role: 'replica', state: 'online' })])
  })
})

describe('incident overview', () => {
  it('checks every opened connection and shows the failed one with its error, not a stale value', async () => {
    const { id: deadId } = await call<{ id: string }>('connections.save', {
      name: 'dead',
      engine: 'redis',
      url: 'redis://127.0.0.1:1',
      environment: 'production'
    })
    await core.dispatch('connections.connect', { id: deadId })
    const entries = await call<
      {
        connectionId: string
        state: string
        reports: { kind: string }[]
        error: { code: string } | null
        checkedAt: number
      }[]
    >('overview.run', {})
    const dead = entries.find((e) => e.connectionId === deadId)
    expect(dead).toMatchObject({ state: 'failed', reports: [], error: { code: 'UNREACHABLE' } })
    const live = entries.find((e) => e.connectionId !== deadId)
    expect(live?.error).toBeNull()
    expect(live?.reports[0]?.kind).toBe('pg.health')
    expect(live?.checkedAt).toBeGreaterThan(Date.now() - 60_000)

    // One connection at a time: the live one answers without waiting for the dead one.
    const liveId = live?.connectionId ?? ''
    const only = await call<{ connectionId: string }[]>('overview.run', { connectionId: liveId })
    expect(only.map((e) => e.connectionId)).toEqual([liveId])
    const closed = await call<{ id: string }>('connections.save', {
      name: 'never-opened',
      engine: 'redis',
      url: 'redis://127.0.0.1:1',
      environment: 'development'
    })
    expect(await call('overview.run', { connectionId: closed.id })).toEqual([])
  })
})

describe('checks.run: one sweep per connection', () => {
  it('the engine page and the overview asking at once get the same sweep; records only when asked', async () => {
    const { id } = await call<{ id: string }>('connections.save', {
      name: 'shared sweep',
      engine: 'postgres',
      url: pgAppUrl(),
      environment: 'development'
    })
    await call('connections.connect', { id })
    type Run = { reports: { kind: string }[]; nodes?: { node: string; topics: Record<string, unknown> }[] }
    // In process, dispatch hands back the handler's value itself: one sweep shows as one array.
    const [page, overview] = await Promise.all([
      call<Run>('checks.run', { connectionId: id, records: true }),
      call<{ reports: unknown[] }[]>('overview.run', { connectionId: id })
    ])
    expect(overview[0]?.reports).toBe(page.reports)
    expect(page.reports.map((r) => r.kind)).toEqual(['pg.health'])
    expect(Object.keys(page.nodes?.[0]?.topics ?? {})).toContain('pg_stat_activity')

    const later = await call<Run>('checks.run', { connectionId: id })
    expect(later.reports).not.toBe(page.reports)
    expect(later.nodes).toBeUndefined()
    expect(later.reports.map((r) => r.kind)).toEqual(['pg.health'])
  })
})

describe('console writes go through the guard', () => {
  it('a PostgreSQL UPDATE comes back for confirmation, then runs once with the typed challenge', async () => {
    const appDb = new pg.Client({ connectionString: pgAdminUrl(undefined, 'app') })
    await appDb.connect()
    await appDb.query(
      "drop table if exists console_guarded; create table console_guarded (id int primary key, v text); insert into console_guarded values (1, 'old'); grant all on console_guarded to dbconsole_app"
    )
    const { id } = await call<{ id: string }>('connections.save', {
      name: 'writer',
      engine: 'postgres',
      url: pgAppUrl(),
      environment: 'staging',
      allowWrites: true
    })
    const answer = await call<{ kind: string; action: string; target: Record<string, unknown> }>(
      'console.run',
      { connectionId: id, text: "update console_guarded set v = 'new' where id = 1;" }
    )
    expect(answer).toMatchObject({ kind: 'confirmation-required', action: 'postgres.consoleStatement' })
    const ticket = await call<{ ticketId: string; challenge: string; exactStatement: string; tier: number }>(
      'actions.prepare',
      { connectionId: id, action: answer.action, target: answer.target }
    )
    expect(ticket).toMatchObject({
      challenge: 'update console_guarded',
      exactStatement: "update console_guarded set v = 'new' where id = 1",
      tier: 3
    })
    const wrong = await core.dispatch('actions.execute', { ticketId: ticket.ticketId, typed: 'update' })
    expect(wrong.ok ? null : wrong.error.code).toBe('CONFIRMATION_MISMATCH')
    expect((await appDb.query('select v from console_guarded')).rows).toEqual([{ v: 'old' }])
    const done = await call<{ outcome: string; detail: string }>('actions.execute', {
      ticketId: ticket.ticketId,
      typed: ticket.challenge
    })
    expect(done).toMatchObject({ outcome: 'done', detail: 'UPDATE 1' })
    expect((await appDb.query('select v from console_guarded')).rows).toEqual([{ v: 'new' }])
    await appDb.query('drop table console_guarded')
    await appDb.end()
  })

  it('a Redis SET runs once after confirmation; FLUSHALL is refused at prepare', async () => {
    const { id } = await call<{ id: string }>('connections.save', {
      name: 'cache writer',
      engine: 'redis',
      url: redisUrl(),
      environment: 'development',
      allowWrites: true
    })
    const answer = await call<{ kind: string; action: string; target: Record<string, unknown> }>(
      'console.run',
      { connectionId: id, text: 'SET console:guarded "v 1"' }
    )
    expect(answer).toMatchObject({
      kind: 'confirmation-required',
      action: 'redis.consoleCommand',
      target: { command: ['SET', 'console:guarded', 'v 1'] }
    })
    const ticket = await call<{ ticketId: string; challenge: string; exactStatement: string }>(
      'actions.prepare',
      { connectionId: id, action: answer.action, target: answer.target }
    )
    expect(ticket).toMatchObject({
      challenge: 'SET console:guarded',
      exactStatement: 'SET console:guarded "v 1"'
    })
    expect(
      await call('actions.execute', { ticketId: ticket.ticketId, typed: ticket.challenge })
    ).toMatchObject({ outcome: 'done', detail: 'Reply: OK' })
    const value = await call<{ kind: string; rows: unknown[][] }>('console.run', {
      connectionId: id,
      text: 'GET console:guarded'
    })
    expect(value.rows).toEqual([['v 1']])
    const flush = await core.dispatch('actions.prepare', {
      connectionId: id,
      action: 'redis.consoleCommand',
      target: { command: ['FLUSHALL'] }
    })
    expect(flush.ok ? null : flush.error.code).toBe('INVALID_INPUT')
    const cleanup = new Redis({ port: TEST_SERVERS.redisPort })
    await cleanup.del('console:guarded')
    cleanup.disconnect()
  })
})
