/**
 * R2/R3/R4 on Redis 7.0: kill -9 and restart mid-poll, CLIENT KILL of our connection, a blackholed
 * network and 2 s of latency. A private redis-server (never the shared one) behind the TCP proxy.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../core/create-core'
import { MemorySecretStore } from '../../core/secrets'
import { openRedis } from '../../engines/redis/adapter'
import { startOwnRedis, trackProcessFailures, waitUntil, type OwnRedis } from '../../testing/own-servers'
import { pollAndCallWhileBlackholed } from '../../testing/fault-steps'
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy'

let own: OwnRedis
let core: Core
let proxy: TcpProxy
const tracker = trackProcessFailures()

const save = async (name: string, port: number): Promise<string> => {
  const r = await core.dispatch('connections.save', {
    name,
    engine: 'redis',
    url: `redis://127.0.0.1:${port}`,
    environment: 'staging'
  })
  if (!r.ok) throw new Error(r.error.message)
  return (r.value as { id: string }).id
}

beforeAll(async () => {
  own = await startOwnRedis('faults', 46500)
  core = createCore({
    dataDir: mkdtempSync(join(tmpdir(), 'rel-redis-faults-')),
    secrets: new MemorySecretStore(),
    host: 'serve',
    pollMs: 60_000
  })
  proxy = await startTcpProxy({ port: own.port })
})

afterAll(async () => {
  tracker.stop()
  await core?.close()
  await proxy?.close()
  own?.down()
})

const stateOf = (id: string) => core.sessions.status(id).state

describe('Redis faults (own server)', () => {
  it('kill -9 mid-poll: failed within 5 s, recovers by itself within 10 s of the restart', async () => {
    const id = await save('killed', own.port)
    expect((await core.sessions.connect(id)).state).toBe('connected')
    core.sessions.setPollInterval(1000)

    own.kill9()
    const toFailed = await waitUntil('failed state', () => stateOf(id) === 'failed', 5_000)
    expect(toFailed).toBeLessThanOrEqual(5_000)
    expect(core.sessions.status(id).error).toMatchObject({
      code: expect.stringMatching(/^(UNREACHABLE|TIMEOUT)$/)
    })

    await new Promise((r) => setTimeout(r, 1_000)) // down for a while, as a real crash would be
    await own.start()
    const toConnected = await waitUntil('recovery', () => stateOf(id) === 'connected', 10_000)
    expect(toConnected).toBeLessThanOrEqual(10_000)
    expect(core.sessions.status(id).server?.engine).toBe('redis')
    core.sessions.setPollInterval(60_000)
    await core.sessions.disconnect(id)
    expect(tracker.failures).toEqual([])
  }, 40_000)

  it('CLIENT KILL of our connection: no crash, the next call succeeds within 5 s', async () => {
    const id = await save('client-killed', own.port)
    await core.sessions.connect(id)
    const list = await own.cli('CLIENT', 'LIST')
    const ours = list.split('\n').filter((l) => / name=dbconsole/.test(l))
    expect(ours.length).toBeGreaterThan(0)
    const killed = await own.cli('CLIENT', 'KILL', 'SKIPME', 'yes', 'TYPE', 'normal')
    expect(Number(killed)).toBeGreaterThan(0)
    const killedAt = Date.now()
    const deadline = killedAt + 5_000
    let okAt = 0
    while (Date.now() < deadline) {
      const r = await core.dispatch('diagnostics.run', { connectionId: id })
      if (r.ok) {
        okAt = Date.now()
        break
      }
      await new Promise((r2) => setTimeout(r2, 100))
    }
    expect(okAt).toBeGreaterThan(0)
    await core.sessions.pollOnce()
    expect(stateOf(id)).toBe('connected')
    await core.sessions.disconnect(id)
    expect(tracker.failures).toEqual([])
  })

  it('a blackholed connection fails with TIMEOUT/UNREACHABLE within 15 s (poll and call)', async () => {
    proxy.setMode({ kind: 'pass' })
    const id = await save('blackholed', proxy.port)
    const { pollMs, callMs, run } = await pollAndCallWhileBlackholed(core, proxy, id)
    expect(pollMs).toBeLessThanOrEqual(15_000)
    expect(callMs).toBeLessThanOrEqual(15_000)
    expect(stateOf(id)).toBe('failed')
    expect(core.sessions.status(id).error?.code).toMatch(/^(TIMEOUT|UNREACHABLE)$/)
    // Either the call fails with a clear code, or (per-node reports) every report says it could not run.
    if (run.ok) {
      const reports = run.value as { ok: boolean; error: { message: string } | null }[]
      expect(reports.every((r) => !r.ok)).toBe(true)
    } else {
      expect(run.error.code).toMatch(/^(TIMEOUT|UNREACHABLE)$/)
    }
    proxy.setMode({ kind: 'pass' })
    proxy.cutAll()
    await core.sessions.disconnect(id)
    expect(tracker.failures).toEqual([])
  }, 40_000)

  it('with 2 s injected latency the event loop stays responsive (p99 lag < 100 ms)', async () => {
    proxy.setMode({ kind: 'pass' })
    const session = await openRedis({
      url: `redis://127.0.0.1:${proxy.port}`,
      tls: { enabled: false },
      purpose: 'diagnostics'
    })
    try {
      proxy.setMode({ kind: 'delay', ms: 2_000 })
      const histogram = monitorEventLoopDelay({ resolution: 10 })
      histogram.enable()
      const started = Date.now()
      const [node] = await session.nodes()
      const reply = await node?.call('PING')
      const took = Date.now() - started
      histogram.disable()
      expect(reply).toBe('PONG')
      expect(took).toBeGreaterThanOrEqual(3_900)
      expect(histogram.percentile(99) / 1e6).toBeLessThan(100)
    } finally {
      proxy.setMode({ kind: 'pass' })
      await session.close()
    }
  }, 30_000)

  it('recorded zero unhandled rejections and uncaught exceptions over the whole file', () => {
    expect(tracker.failures).toEqual([])
  })
})
