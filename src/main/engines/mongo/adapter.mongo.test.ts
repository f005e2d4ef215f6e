import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMongoFake, type MongoFakeHandle } from '../../../../scripts/mongo-fake/server'
import { AppFailure } from '../../../shared/errors'
import { runInCallScope } from '../../support/call-scope'
import type { MongoSession } from '../types'
import { openMongo, withMaxTime } from './adapter'

const target = (url: string) => ({ url, tls: { enabled: false }, purpose: 'diagnostics' as const })

describe('openMongo against the wire-protocol fake (replica set rs0, one member down, one lagging)', () => {
  let fake: MongoFakeHandle
  let session: MongoSession

  beforeAll(async () => {
    fake = await startMongoFake({ port: 0, scenario: 'replset-lagging' })
    session = await openMongo(target(fake.url))
  })
  afterAll(async () => {
    await session?.close()
    await fake?.close()
  })

  it('describes the primary and the 3-member topology with the down member unhealthy', async () => {
    const d = await session.describe()
    expect(d.version).toBe('7.0.14')
    expect(d.role).toBe('primary')
    expect(d.identity).toBe('rs0')
    expect(d.address).toBe(`127.0.0.1:${fake.ports[0]}`)
    expect(d.topology.map((n) => [n.address, n.role, n.healthy])).toEqual([
      [`127.0.0.1:${fake.ports[0]}`, 'primary', true],
      [`127.0.0.1:${fake.ports[1]}`, 'secondary', true],
      [`127.0.0.1:${fake.downPort}`, 'unknown', false]
    ])
    expect(d.topology[2]?.detail).toBe(
      `Error connecting to 127.0.0.1:${fake.downPort} :: caused by :: Connection refused`
    )
  })

  it('reads replSetGetStatus with the secondary 12 s behind the primary', async () => {
    const status = await session.command('admin', { replSetGetStatus: 1 })
    const members = status.members as { optimeDate: Date }[]
    const [p, s] = members
    expect(p && s ? (p.optimeDate.getTime() - s.optimeDate.getTime()) / 1000 : null).toBe(12)
  })

  it('reads the profiler level and recent system.profile entries', async () => {
    const level = await session.command('shop', { profile: -1 })
    expect(level.was).toBe(1)
    expect(level.slowms).toBe(100)
    const found = await session.command('shop', { find: 'system.profile', sort: { ts: -1 }, limit: 4 })
    const batch = (found.cursor as { firstBatch: { planSummary: string }[] }).firstBatch
    expect(batch.map((d) => d.planSummary)).toEqual([
      'IXSCAN { userId: 1 }',
      'COLLSCAN',
      'COLLSCAN',
      'COLLSCAN'
    ])
  })

  it('reads $currentOp (active ops only by default) with the long COLLSCAN op', async () => {
    const res = await session.command('admin', {
      aggregate: 1,
      pipeline: [{ $currentOp: { allUsers: true } }],
      cursor: {}
    })
    const ops = (
      res.cursor as { firstBatch: { opid?: number; planSummary?: string; secs_running?: unknown }[] }
    ).firstBatch
    expect(ops).toHaveLength(4)
    expect(ops[0]?.planSummary).toBe('COLLSCAN')
    expect(Number(ops[0]?.secs_running)).toBe(47)
  })

  it('reaches every live member directly and reports the down one as UNREACHABLE', async () => {
    const { reached, unreached } = await session.members()
    expect(reached.map((m) => m.address)).toEqual([
      `127.0.0.1:${fake.ports[0]}`,
      `127.0.0.1:${fake.ports[1]}`
    ])
    expect(unreached.map((m) => [m.address, m.error.code])).toEqual([
      [`127.0.0.1:${fake.downPort}`, 'UNREACHABLE']
    ])
    const secondary = reached[1]
    if (!secondary) throw new Error('secondary not reached')
    const secondaryHello = await secondary.command('admin', { hello: 1 })
    expect(secondaryHello.secondary).toBe(true)
    const secondaryProfile = await secondary.command('shop', { profile: -1 })
    expect(secondaryProfile.was).toBe(0)
  }, 15_000)

  it('sent maxTimeMS on every diagnostic command (the fake recorded no violation)', () => {
    const diagnostic = fake.commandsSeen.filter(
      (c) => !['hello', 'isMaster', 'ismaster', 'ping', 'endSessions'].includes(c.name)
    )
    expect(diagnostic.map((c) => c.name).sort()).toEqual([
      'aggregate',
      'buildInfo',
      'find',
      'profile',
      'profile',
      'replSetGetStatus',
      'replSetGetStatus'
    ])
    expect(diagnostic.every((c) => c.maxTimeMS !== null && c.maxTimeMS <= 30_000)).toBe(true)
    expect(fake.violations).toEqual([])
  })
})

describe('cancelling a command in a cancellable call', () => {
  const scopeOf = (signal: AbortSignal) => ({ signal, progress: () => undefined })
  it('stops waiting on a slow command at once, sends nothing once cancelled, and the session recovers', async () => {
    const fake = await startMongoFake({ port: 0, scenario: 'standalone' })
    const session = await openMongo(target(`${fake.url}?directConnection=true`))
    try {
      const controller = new AbortController()
      const slow = runInCallScope(scopeOf(controller.signal), () =>
        session.command('admin', { sleep: 1, millis: 5_000 })
      )
      setTimeout(() => controller.abort(), 200)
      const started = Date.now()
      await expect(slow).rejects.toBeInstanceOf(Error)
      expect(Date.now() - started).toBeLessThan(1_500)
      const sentBefore = fake.commandsSeen.length
      await expect(
        runInCallScope(scopeOf(controller.signal), () => session.command('admin', { ping: 1 }))
      ).rejects.toMatchObject({ code: 'CANCELLED' })
      expect(fake.commandsSeen.length).toBe(sentBefore)
      expect(await session.command('admin', { ping: 1 })).toMatchObject({ ok: 1 })
    } finally {
      await session.close()
      await fake.close()
    }
  })
})

describe('the fake polices maxTimeMS', () => {
  it('refuses a diagnostic command without it and records the violation', async () => {
    const fake = await startMongoFake({ port: 0, scenario: 'standalone' })
    const { MongoClient } = await import('mongodb')
    const client = new MongoClient(fake.url, { serverSelectionTimeoutMS: 2000 })
    try {
      await expect(client.db('admin').command({ serverStatus: 1 })).rejects.toThrow(
        'dbconsole fake: maxTimeMS missing'
      )
      expect(fake.violations).toEqual([
        { port: fake.ports[0], name: 'serverStatus', db: 'admin', maxTimeMS: null }
      ])
    } finally {
      await client.close()
      await fake.close()
    }
  })
})

describe('standalone and unreachable', () => {
  it('describes a standalone with no topology', async () => {
    const fake = await startMongoFake({ port: 0, scenario: 'standalone', version: '6.0.16' })
    const session = await openMongo(target(`${fake.url}?directConnection=true`))
    try {
      const d = await session.describe()
      expect([d.role, d.version, d.topology.length]).toEqual(['standalone', '6.0.16', 0])
      await expect(session.members()).resolves.toEqual({ reached: [], unreached: [] })
      expect(fake.violations).toEqual([])
    } finally {
      await session.close()
      await fake.close()
    }
  })

  it('gives UNREACHABLE within ~6 s on a port nobody listens on, never a hang', async () => {
    const fake = await startMongoFake({ port: 0, scenario: 'standalone' })
    const port = fake.ports[0]
    await fake.close()
    const started = Date.now()
    const err = await openMongo(target(`mongodb://127.0.0.1:${port}/`)).then(
      () => null,
      (e: unknown) => e
    )
    const elapsed = Date.now() - started
    expect(err).toBeInstanceOf(AppFailure)
    expect((err as AppFailure).code).toBe('UNREACHABLE')
    expect(elapsed).toBeLessThan(6_500)
  }, 15_000)

  it('withMaxTime adds 30 s and caps larger values', () => {
    expect(withMaxTime({ ping: 1 })).toEqual({ ping: 1, maxTimeMS: 30_000 })
    expect(withMaxTime({ find: 'x', maxTimeMS: 5 })).toEqual({ find: 'x', maxTimeMS: 5 })
    expect(withMaxTime({ find: 'x', maxTimeMS: 999_999 })).toEqual({ find: 'x', maxTimeMS: 30_000 })
    expect(withMaxTime({ find: 'x', maxTimeMS: 0 })).toEqual({ find: 'x', maxTimeMS: 30_000 })
  })
})
