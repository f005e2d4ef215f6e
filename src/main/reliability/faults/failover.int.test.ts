/**
 * Failover on our own servers: a PG streaming replica promoted, a Redis replica turned into a master with
 * REPLICAOF NO ONE. After the next liveness poll the connection's ServerDescription follows the new role.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineKind } from '../../../shared/connection'
import { createCore, type Core } from '../../core/create-core'
import { MemorySecretStore } from '../../core/secrets'
import { startOwnPg, startOwnRedis, waitUntil, type OwnPg, type OwnRedis } from '../../testing/own-servers'

let pgServers: OwnPg
let redisPrimary: OwnRedis
let redisReplica: OwnRedis
let core: Core

const save = async (name: string, engine: EngineKind, url: string): Promise<string> => {
  const r = await core.dispatch('connections.save', { name, engine, url, environment: 'production' })
  if (!r.ok) throw new Error(r.error.message)
  return (r.value as { id: string }).id
}

beforeAll(async () => {
  ;[pgServers, redisPrimary] = await Promise.all([
    startOwnPg('failover', 55710, 55711),
    startOwnRedis('failover-primary', 46510, ['--repl-diskless-sync-delay', '0'])
  ])
  redisReplica = await startOwnRedis('failover-replica', 46511, ['--replicaof', '127.0.0.1', '46510'])
  await waitUntil(
    'redis replica link up',
    async () => /master_link_status:up/.test(await redisReplica.cli('INFO', 'replication')),
    10_000
  )
  core = createCore({
    dataDir: mkdtempSync(join(tmpdir(), 'rel-failover-')),
    secrets: new MemorySecretStore(),
    host: 'serve',
    pollMs: 60_000
  })
})

afterAll(async () => {
  await core?.close()
  redisReplica?.down()
  redisPrimary?.down()
  await pgServers?.down()
})

describe('failover: the topology follows the server', () => {
  it('PostgreSQL replica promoted: role replica -> primary after the next poll', async () => {
    const id = await save(
      'pg-replica',
      'postgres',
      `postgres://postgres@127.0.0.1:${pgServers.replicaPort}/postgres`
    )
    const before = await core.sessions.connect(id)
    expect(before.server?.role).toBe('replica')
    expect(before.server?.topology.map((n) => n.role)).toEqual(['primary'])

    await pgServers.promoteReplica()
    await core.sessions.pollOnce()
    const after = core.sessions.status(id)
    expect(after.state).toBe('connected')
    expect(after.server?.role).toBe('primary')
    // The upstream it used to follow is gone from its topology; it has no replicas of its own.
    expect(after.server?.topology).toEqual([])
    expect(after.server?.identity).toBe(before.server?.identity)
  })

  it('Redis REPLICAOF NO ONE: role replica -> master/standalone after the next poll', async () => {
    const id = await save('redis-replica', 'redis', `redis://127.0.0.1:${redisReplica.port}`)
    const before = await core.sessions.connect(id)
    expect(before.server?.role).toBe('replica')
    expect(before.server?.topology[0]?.address).toBe(`127.0.0.1:${redisPrimary.port}`)

    expect(await redisReplica.cli('REPLICAOF', 'NO', 'ONE')).toBe('OK')
    await core.sessions.pollOnce()
    const after = core.sessions.status(id)
    expect(after.state).toBe('connected')
    expect(after.server?.role).toMatch(/^(standalone|master)$/)
    expect(after.server?.topology.every((n) => n.role !== 'master')).toBe(true)
  })
})
