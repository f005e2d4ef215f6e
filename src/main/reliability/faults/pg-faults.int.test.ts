/**
 * R2/R3/R4 on PostgreSQL 15: kill -9 and restart mid-poll, our backends terminated, a blackholed network,
 * a reset in the middle of a large result and 2 s of latency. Uses a private primary (never the shared one)
 * and the TCP proxy between the app and it.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionStatus } from '../../../shared/connection'
import { createCore, type Core } from '../../core/create-core'
import { MemorySecretStore } from '../../core/secrets'
import { openPostgres } from '../../engines/postgres/adapter'
import { checkPostgres } from '../../engines/postgres/check'
import type { PgSession } from '../../engines/types'
import { startOwnPg, trackProcessFailures, waitUntil, type OwnPg } from '../../testing/own-servers'
import { pollAndCallWhileBlackholed } from '../../testing/fault-steps'
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy'

let own: OwnPg
let core: Core
let proxy: TcpProxy
let admin: pg.Client
const tracker = trackProcessFailures()
const statuses: { at: number; status: ConnectionStatus }[] = []

const adminUrl = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`

const save = async (name: string, url: string): Promise<string> => {
  const r = await core.dispatch('connections.save', { name, engine: 'postgres', url, environment: 'staging' })
  if (!r.ok) throw new Error(r.error.message)
  return (r.value as { id: string }).id
}

beforeAll(async () => {
  own = await startOwnPg('faults', 55700, 55701)
  core = createCore({
    dataDir: mkdtempSync(join(tmpdir(), 'rel-pg-faults-')),
    secrets: new MemorySecretStore(),
    host: 'serve',
    pollMs: 60_000
  })
  core.events.subscribe((e) => {
    if (e.type === 'connection.status') statuses.push({ at: Date.now(), status: e.status })
  })
  proxy = await startTcpProxy({ port: own.primaryPort })
})

afterAll(async () => {
  tracker.stop()
  await core?.close()
  await admin?.end().catch(() => undefined)
  await proxy?.close()
  await own?.down()
})

const stateOf = (id: string) => core.sessions.status(id).state

describe('PostgreSQL faults (own server)', () => {
  it('a check that races the server going down fails as UNREACHABLE, not "connected" with could-not-evaluate findings', async () => {
    const session = await openPostgres({
      url: adminUrl(own.primaryPort),
      tls: { enabled: false },
      purpose: 'diagnostics'
    })
    try {
      // The race made certain: the server dies right after the check has identified it.
      const racing: PgSession = {
        ...session,
        describe: async () => {
          const server = await session.describe()
          own.kill9('primary')
          return server
        }
      }
      await expect(checkPostgres(racing, 'node')).rejects.toMatchObject({ code: 'UNREACHABLE' })
    } finally {
      await session.close()
      await own.start('primary')
    }
  })

  it('kill -9 mid-poll: failed within 5 s, recovers by itself within 10 s of the restart', async () => {
    const id = await save('killed', adminUrl(own.primaryPort))
    expect((await core.sessions.connect(id)).state).toBe('connected')
    core.sessions.setPollInterval(1000)

    const killedAt = Date.now()
    own.kill9('primary')
    const toFailed = await waitUntil('failed state', () => stateOf(id) === 'failed', 5_000)
    expect(toFailed).toBeLessThanOrEqual(5_000)
    expect(core.sessions.status(id).error?.code).toMatch(/^(UNREACHABLE|TIMEOUT)$/)

    await own.start('primary')
    const toConnected = await waitUntil('recovery', () => stateOf(id) === 'connected', 10_000)
    expect(toConnected).toBeLessThanOrEqual(10_000)
    expect(core.sessions.status(id).server?.role).toBe('primary')
    // The failure was published as an event, not only kept in memory.
    // And the recovery too, after the failure (the poller may publish it before start() returns here).
    const failedAt = statuses.findIndex((s) => s.at >= killedAt && s.status.state === 'failed')
    expect(failedAt).toBeGreaterThanOrEqual(0)
    expect(statuses.slice(failedAt).some((s) => s.status.state === 'connected')).toBe(true)
    core.sessions.setPollInterval(60_000)
    await core.sessions.disconnect(id)
  }, 40_000)

  it('pg_terminate_backend of every backend of ours: no crash, next call and poll succeed within 5 s', async () => {
    const id = await save('terminated', adminUrl(own.primaryPort))
    await core.sessions.connect(id)
    // Two pooled connections busy at once, so both exist and one sits idle afterwards.
    const ran = await core.dispatch('diagnostics.run', { connectionId: id })
    expect(ran.ok).toBe(true)
    admin = new pg.Client({ connectionString: adminUrl(own.primaryPort) })
    await admin.connect()
    const killed = await admin.query<{ n: string }>(
      "select count(pg_terminate_backend(pid)) as n from pg_stat_activity where application_name like 'dbconsole%'"
    )
    expect(Number(killed.rows[0]?.n)).toBeGreaterThan(0)
    const killedAt = Date.now()
    await new Promise((r) => setTimeout(r, 200)) // let the idle clients see the FATAL and emit 'error'

    const again = await core.dispatch('diagnostics.run', { connectionId: id })
    expect(again.ok).toBe(true)
    await core.sessions.pollOnce()
    expect(stateOf(id)).toBe('connected')
    expect(Date.now() - killedAt).toBeLessThan(5_000)
    expect(tracker.failures).toEqual([])
    await core.sessions.disconnect(id)
  })

  it('a blackholed connection fails with TIMEOUT/UNREACHABLE within 15 s (poll and call)', async () => {
    proxy.setMode({ kind: 'pass' })
    const id = await save('blackholed', adminUrl(proxy.port))
    const { pollMs, callMs, run } = await pollAndCallWhileBlackholed(core, proxy, id)
    expect(pollMs).toBeLessThanOrEqual(15_000)
    expect(callMs).toBeLessThanOrEqual(15_000)
    expect(stateOf(id)).toBe('failed')
    expect(core.sessions.status(id).error?.code).toMatch(/^(TIMEOUT|UNREACHABLE)$/)
    expect(run.ok).toBe(false)
    if (!run.ok) {
      expect(run.error.code).toMatch(/^(TIMEOUT|UNREACHABLE)$/)
      expect(run.error.message).toMatch(/did not answer in time|cannot reach/)
    }
    proxy.setMode({ kind: 'pass' })
    proxy.cutAll()
    await core.sessions.disconnect(id)
    expect(tracker.failures).toEqual([])
  }, 40_000)

  it('a reset in the middle of a large result gives a clean error and no partial rows', async () => {
    proxy.setMode({ kind: 'pass' })
    const session = await openPostgres({
      url: adminUrl(proxy.port),
      tls: { enabled: false },
      purpose: 'diagnostics'
    })
    try {
      const before = proxy.connections()
      expect(before).toBeGreaterThan(0)
      const big = session.query("select repeat('x', 1000) as x from generate_series(1, 200000)")
      const outcome = big.then(
        (rows) => ({ rows: rows.length, error: null }),
        (err: unknown) => ({ rows: -1, error: err as { code?: string; message?: string } })
      )
      await new Promise((r) => setTimeout(r, 150)) // rows are streaming now
      // Cut mid-transfer and refuse the one read-only retry too: the caller must see an error.
      proxy.setMode({ kind: 'reset' })
      proxy.cutAll()
      const result = await outcome
      expect(result.rows).toBe(-1)
      expect(result.error?.code).toMatch(/^(UNREACHABLE|SERVER_ERROR)$/)
      expect(result.error?.message).toMatch(/PostgreSQL 127\.0\.0\.1:\d+/)
    } finally {
      proxy.setMode({ kind: 'pass' })
      await session.close()
    }
    expect(tracker.failures).toEqual([])
  }, 30_000)

  it('with 2 s injected latency the event loop stays responsive (p99 lag < 100 ms)', async () => {
    proxy.setMode({ kind: 'pass' })
    const session = await openPostgres({
      url: adminUrl(proxy.port),
      tls: { enabled: false },
      purpose: 'diagnostics'
    })
    try {
      proxy.setMode({ kind: 'delay', ms: 2_000 })
      const histogram = monitorEventLoopDelay({ resolution: 10 })
      histogram.enable()
      const started = Date.now()
      const rows = await session.query<{ one: number }>('select 1 as one')
      const took = Date.now() - started
      histogram.disable()
      expect(rows).toEqual([{ one: 1 }])
      expect(took).toBeGreaterThanOrEqual(3_900) // the call really was in flight through the delay
      const p99Ms = histogram.percentile(99) / 1e6
      expect(p99Ms).toBeLessThan(100)
    } finally {
      proxy.setMode({ kind: 'pass' })
      await session.close()
    }
  }, 30_000)

  it('recorded zero unhandled rejections and uncaught exceptions over the whole file', () => {
    expect(tracker.failures).toEqual([])
  })
})
