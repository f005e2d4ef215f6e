/**
 * D1/D2/D3: the load we put on servers. During a busy run (connect + 20 concurrent diagnostics.run and 20
 * liveness polls on one profile) we hold at most 3 server connections per profile, counted by the server
 * itself (pg_stat_activity, CLIENT LIST) on our own servers so other suites cannot disturb the count.
 * Every pooled PG diagnostics connection has the guardrail settings (SHOW inside the session), and every
 * Redis connection the command timeout (buildRedisOptions).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineKind } from '../../../shared/connection'
import type { AppError, Result } from '../../../shared/errors'
import { CONNECTION_BUDGET_PER_PROFILE, DIAGNOSTIC_CONNECTIONS } from '../../support/connection-budget'
import { createCore, type Core } from '../../core/create-core'
import { MemorySecretStore } from '../../core/secrets'
import { PG_APPLICATION_NAME } from '../../engines/postgres/guardrails'
import { buildRedisOptions } from '../../engines/redis/adapter'
import { startOwnPg, startOwnRedis, waitUntil, type OwnPg, type OwnRedis } from '../../testing/own-servers'

const BUDGET = CONNECTION_BUDGET_PER_PROFILE
let pgServers: OwnPg
let redis: OwnRedis
let core: Core
let admin: pg.Client
let redisAdmin: Redis
let pgProfileId = ''

beforeAll(async () => {
  ;[pgServers, redis] = await Promise.all([startOwnPg('load', 55730, 55731), startOwnRedis('load', 46530)])
  admin = new pg.Client({
    connectionString: `postgres://postgres@127.0.0.1:${pgServers.primaryPort}/postgres`
  })
  await admin.connect()
  redisAdmin = new Redis({ port: redis.port, lazyConnect: true })
  await redisAdmin.connect()
  core = createCore({
    dataDir: mkdtempSync(join(tmpdir(), 'rel-load-')),
    secrets: new MemorySecretStore(),
    host: 'serve',
    pollMs: 60_000
  })
})

afterAll(async () => {
  await core?.close()
  await admin?.end()
  redisAdmin?.disconnect()
  redis?.down()
  await pgServers?.down()
})

const save = async (engine: EngineKind, url: string, allowWrites = false): Promise<string> => {
  const r = await core.dispatch('connections.save', {
    name: `busy ${engine}`,
    engine,
    url,
    environment: 'production',
    allowWrites
  })
  if (!r.ok) throw new Error(r.error.message)
  return (r.value as { id: string }).id
}

/** Our backends on the own primary with this application_name, as pg_stat_activity counts them. */
const pgCount = async (applicationName: string): Promise<number> =>
  Number(
    (
      await admin.query<{ n: string }>(
        'select count(*) as n from pg_stat_activity where application_name = $1',
        [applicationName]
      )
    ).rows[0]?.n
  )

/** Clients with this name in the own Redis's CLIENT LIST. */
const redisCount = async (name: string): Promise<number> =>
  String(await redisAdmin.call('CLIENT', 'LIST'))
    .split('\n')
    .filter((l) => l.includes(` name=${name} `)).length

const pgUrl = () => `postgres://postgres@127.0.0.1:${pgServers.primaryPort}/postgres`
const redisUrl = () => `redis://127.0.0.1:${redis.port}`

/** Every result is a success or the budget's BUSY; returns how many of each (anything else fails the test). */
const okOrBusy = (results: Result<unknown>[]): { ok: number; busy: number } => {
  const other = results.filter((r) => !r.ok && r.error.code !== 'BUSY')
  expect(other).toEqual([])
  const busy = results.filter((r): r is { ok: false; error: AppError } => !r.ok)
  for (const r of busy) expect(r.error.message).toMatch(/in use/)
  return { ok: results.length - busy.length, busy: busy.length }
}

/** Runs `burst` while sampling the server's own count of our connections; returns the peak and results. */
const peakWhile = async <R>(
  count: () => Promise<number>,
  burst: () => Promise<R[]>
): Promise<{ peak: number; results: R[] }> => {
  let peak = 0
  let running = true
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, await count())
      await new Promise((r) => setTimeout(r, 5))
    }
  })()
  const results = await burst()
  running = false
  await sampler
  peak = Math.max(peak, await count())
  return { peak, results }
}

/** The busy burst: connect, 20 concurrent diagnostics.run and 20 liveness polls on one profile. */
const busyPeak = async (
  id: string,
  count: () => Promise<number>
): Promise<{ peak: number; failures: string[] }> => {
  const { peak, results } = await peakWhile(count, () =>
    Promise.all([
      core.dispatch('connections.connect', { id }),
      ...Array.from({ length: 20 }, () => core.dispatch('diagnostics.run', { connectionId: id })),
      ...Array.from({ length: 20 }, () => core.sessions.pollOnce().then(() => ({ ok: true as const })))
    ])
  )
  return { peak, failures: results.filter((r) => !r.ok).map((r) => JSON.stringify(r)) }
}

describe('connection budget under a busy run', () => {
  it(`PostgreSQL: at most ${BUDGET} backends for the profile in pg_stat_activity`, async () => {
    pgProfileId = await save('postgres', `postgres://postgres@127.0.0.1:${pgServers.primaryPort}/postgres`)
    const count = async () =>
      Number(
        (
          await admin.query<{ n: string }>(
            "select count(*) as n from pg_stat_activity where application_name like 'dbconsole%' and usename = 'postgres' and datname = 'postgres'"
          )
        ).rows[0]?.n
      )
    const { peak, failures } = await busyPeak(pgProfileId, count)
    expect(failures).toEqual([])
    expect(peak).toBeGreaterThan(0)
    expect(peak).toBeLessThanOrEqual(BUDGET)
  })

  it(`Redis: at most ${BUDGET} clients named dbconsole* in CLIENT LIST`, async () => {
    const id = await save('redis', `redis://127.0.0.1:${redis.port}`)
    const count = async () =>
      (await redis.cli('CLIENT', 'LIST')).split('\n').filter((l) => / name=dbconsole/.test(l)).length
    const { peak, failures } = await busyPeak(id, count)
    expect(failures).toEqual([])
    expect(peak).toBeGreaterThan(0)
    expect(peak).toBeLessThanOrEqual(BUDGET)
  })
})

describe('one action or test connection per profile at a time (50 concurrent calls)', () => {
  const burst =
    <R>(n: number, call: () => Promise<R>) =>
    () =>
      Promise.all(Array.from({ length: n }, call))

  it('50 concurrent actions.prepare on one Redis profile: at most 1 dbconsole:action client, none left', async () => {
    await redisAdmin.set('budget:key', 'v')
    const id = await save('redis', redisUrl(), true)
    const { peak, results } = await peakWhile(
      () => redisCount('dbconsole:action'),
      burst(50, () =>
        core.dispatch('actions.prepare', {
          connectionId: id,
          action: 'redis.unlink',
          target: { keys: ['budget:key'] }
        })
      )
    )
    const { ok, busy } = okOrBusy(results)
    console.info(`redis prepare x50: peak ${peak} action clients, ${ok} prepared, ${busy} BUSY`)
    expect(peak).toBe(1)
    expect(ok).toBeGreaterThan(0)
    await waitUntil('no action client left', async () => (await redisCount('dbconsole:action')) === 0, 2_000)
    expect(core.budget.exclusiveInUse(id)).toBe(0)
  }, 60_000)

  it('50 concurrent actions.prepare on one PostgreSQL profile: at most 1 action backend, none left', async () => {
    await admin.query('create table if not exists budget_t (id int)')
    const id = await save('postgres', pgUrl(), true)
    const { peak, results } = await peakWhile(
      () => pgCount(PG_APPLICATION_NAME.action),
      burst(50, () =>
        core.dispatch('actions.prepare', {
          connectionId: id,
          action: 'postgres.analyze',
          target: { table: 'budget_t' }
        })
      )
    )
    const { ok, busy } = okOrBusy(results)
    console.info(`pg prepare x50: peak ${peak} action backends, ${ok} prepared, ${busy} BUSY`)
    expect(peak).toBe(1)
    expect(ok).toBeGreaterThan(0)
    await waitUntil(
      'no action backend left',
      async () => (await pgCount(PG_APPLICATION_NAME.action)) === 0,
      2_000
    )
  }, 60_000)

  it.each(['postgres', 'redis'] as const)(
    '50 concurrent connections.test of one %s URL: one connection at a time, none left',
    async (engine) => {
      await core.sessions.closeAll()
      const count =
        engine === 'postgres'
          ? () => pgCount(PG_APPLICATION_NAME.diagnostics)
          : () => redisCount('dbconsole:diagnostics')
      await waitUntil('no session of earlier tests left', async () => (await count()) === 0, 2_000)
      const url = engine === 'postgres' ? pgUrl() : redisUrl()
      const { peak, results } = await peakWhile(
        count,
        burst(50, () =>
          core.dispatch('connections.test', { name: 'unsaved', engine, url, environment: 'staging' })
        )
      )
      const { ok, busy } = okOrBusy(results)
      console.info(`${engine} connections.test x50: peak ${peak} connections, ${ok} ok, ${busy} BUSY`)
      // One test at a time; the server may still list the previous test's exiting backend for a moment.
      expect(peak).toBeGreaterThan(0)
      expect(peak).toBeLessThanOrEqual(CONNECTION_BUDGET_PER_PROFILE)
      expect(ok).toBeGreaterThan(0)
      await waitUntil('no test connection left', async () => (await count()) === 0, 2_000)
    },
    60_000
  )
})

describe('liveness under user load', () => {
  it('50 concurrent EXPLAIN ANALYZE of pg_sleep(0.2): pings stay fast, the connection stays connected, each call completes or is BUSY', async () => {
    const id = await save('postgres', pgUrl())
    await core.sessions.connect(id)
    const pollMs: number[] = []
    const states = new Set<string>()
    let running = true
    const poller = (async () => {
      while (running) {
        const started = Date.now()
        await core.sessions.pollOnce()
        pollMs.push(Date.now() - started)
        states.add(core.sessions.status(id).state)
        await new Promise((r) => setTimeout(r, 100))
      }
    })()
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        core.dispatch('plan.explain', { connectionId: id, sql: 'select pg_sleep(0.2)', analyze: true })
      )
    )
    running = false
    await poller
    await core.sessions.disconnect(id)
    const { ok, busy } = okOrBusy(results)
    console.info(
      `explain x50: ${ok} done, ${busy} BUSY; ${pollMs.length} polls, slowest ${Math.max(...pollMs)} ms`
    )
    expect(ok).toBeGreaterThan(0)
    expect([...states]).toEqual(['connected'])
    expect(pollMs.length).toBeGreaterThan(5)
    expect(Math.max(...pollMs)).toBeLessThan(1_000)
  }, 60_000)
})

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, min: 60_000 }
/** PostgreSQL's SHOW format for time settings ('30s', '1s', '500ms', '1min') in ms. */
const toMs = (v: string): number => {
  const m = /^(\d+)(ms|s|min)?$/.exec(v)
  return m ? Number(m[1]) * (UNIT_MS[m[2] ?? 'ms'] ?? 1) : Number.NaN
}

describe('every statement and command is bounded', () => {
  it('every pooled PG diagnostics connection: statement_timeout <= 30 s, lock_timeout <= 1 s, idle-in-tx <= 10 s, read-only', async () => {
    const session = await core.sessions.session(pgProfileId)
    if (session.engine !== 'postgres') throw new Error('expected a postgres session')
    // Two statements at once: both run on the one work connection (the second waits in its queue), and
    // the liveness connection is the profile's other backend; both pools verify these settings on connect.
    const rows = (
      await Promise.all(
        [0, 1].map(() =>
          session.query<{ pid: number; st: string; lt: string; idle: string; ro: string; app: string }>(
            `select pg_backend_pid() as pid, current_setting('statement_timeout') as st,
                    current_setting('lock_timeout') as lt,
                    current_setting('idle_in_transaction_session_timeout') as idle,
                    current_setting('default_transaction_read_only') as ro,
                    current_setting('application_name') as app, pg_sleep(0.2)::text as slept`
          )
        )
      )
    ).flat()
    expect(new Set(rows.map((r) => r.pid)).size).toBe(DIAGNOSTIC_CONNECTIONS.work)
    // Backends of the previous test's destroyed clients may still be exiting: the count must settle there.
    await expect
      .poll(() => pgCount(PG_APPLICATION_NAME.diagnostics), { timeout: 5_000 })
      .toBe(DIAGNOSTIC_CONNECTIONS.work + DIAGNOSTIC_CONNECTIONS.liveness)
    for (const r of rows) {
      expect(toMs(r.st)).toBeGreaterThan(0)
      expect(toMs(r.st)).toBeLessThanOrEqual(30_000)
      expect(toMs(r.lt)).toBeGreaterThan(0)
      expect(toMs(r.lt)).toBeLessThanOrEqual(1_000)
      expect(toMs(r.idle)).toBeGreaterThan(0)
      expect(toMs(r.idle)).toBeLessThanOrEqual(10_000)
      expect(r.ro).toBe('on')
      expect(r.app).toMatch(/^dbconsole/)
    }
  })

  it('Redis: commandTimeout <= 5 s on every connection; action connections never queue or resend', () => {
    for (const purpose of ['diagnostics', 'action'] as const) {
      const options = buildRedisOptions({ url: 'redis://127.0.0.1:6379', tls: { enabled: false }, purpose })
      expect(options.commandTimeout).toBeGreaterThan(0)
      expect(options.commandTimeout).toBeLessThanOrEqual(5_000)
      expect(options.connectionName).toMatch(/^dbconsole/)
      if (purpose === 'action') {
        expect(options.enableOfflineQueue).toBe(false)
        expect(options.autoResendUnfulfilledCommands).toBe(false)
        expect(options.maxRetriesPerRequest).toBe(0)
      }
    }
  })
})
