/**
 * A failover followed through Sentinel, on servers of this test's own (a primary + replica pair and
 * three sentinels that declare the primary down after 1 s): after the primary is killed the session
 * describes the promoted replica, and a ticket prepared on the old master is refused with
 * IDENTITY_CHANGED (the guard's new action connection asks the sentinels too). Nothing is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PreparedAction } from '../../../shared/actions'
import type { ConnectionStatus } from '../../../shared/connection'
import { waitUntil } from '../../testing/own-servers'
import { startSentinels, type OwnSentinels } from '../../testing/own-sentinels'
import { redisCli, startRedis, type OwnRedis } from '../../testing/redis-own-servers'
import { useTestCore } from '../../testing/test-core'

const PRIMARY = 46710
const REPLICA = 46711
const SENTINELS = [57511, 57512, 57513]
const NAME = 'dbc-failover'

const t = useTestCore('sentinel-failover')
let primary: OwnRedis
let replica: OwnRedis
let sentinels: OwnSentinels

const runIdOf = (port: number): string => /run_id:(\w+)/.exec(redisCli(port, ['INFO', 'server']))?.[1] ?? ''

beforeAll(async () => {
  primary = await startRedis(PRIMARY)
  replica = await startRedis(REPLICA, ['--replicaof', '127.0.0.1', String(PRIMARY)])
  await waitUntil(
    'replica in sync',
    () => redisCli(REPLICA, ['INFO', 'replication']).includes('master_link_status:up'),
    10_000
  )
  sentinels = await startSentinels(SENTINELS, {
    name: NAME,
    host: '127.0.0.1',
    port: PRIMARY,
    quorum: 2,
    downAfterMs: 1_000
  })
  await waitUntil(
    'sentinels to know each other',
    () =>
      SENTINELS.every((p) => redisCli(p, ['SENTINEL', 'MASTER', NAME]).includes('num-other-sentinels\n2')),
    20_000,
    200
  )
})
afterAll(async () => {
  await sentinels.stop()
  await replica.stop()
  await primary.stop()
})

describe('a Sentinel failover', () => {
  it('is followed by the session, and refuses a ticket bound to the old master', async () => {
    const oldMaster = runIdOf(PRIMARY)
    const newMaster = runIdOf(REPLICA)
    const { id } = await t.call<{ id: string }>('connections.save', {
      name: 'failover',
      engine: 'redis',
      url: `redis://${SENTINELS.map((p) => `127.0.0.1:${p}`).join(',')}?sentinelMasterName=${NAME}`,
      environment: 'staging',
      allowWrites: true
    })
    const before = await t.call<ConnectionStatus>('connections.connect', { id })
    expect(before.server).toMatchObject({ identity: oldMaster, address: `127.0.0.1:${PRIMARY}` })
    redisCli(PRIMARY, ['SET', 'failover:k1', 'v'])
    const ticket = await t.call<PreparedAction>('actions.prepare', {
      connectionId: id,
      action: 'redis.unlink',
      target: { keys: ['failover:k1'] }
    })

    const killedAt = Date.now()
    await primary.stop()
    const followedMs = await waitUntil(
      'the session to describe the promoted replica',
      async () => {
        await t.core.sessions.pollOnce()
        return t.core.sessions.status(id).server?.identity === newMaster
      },
      30_000,
      250
    )
    console.log(`failover followed ${Date.now() - killedAt} ms after the kill (${followedMs} ms polling)`)
    expect(t.core.sessions.status(id)).toMatchObject({
      state: 'connected',
      server: { role: 'standalone', address: `127.0.0.1:${REPLICA}` }
    })

    const result = await t.core.dispatch('actions.execute', {
      ticketId: ticket.ticketId,
      typed: ticket.challenge
    })
    expect(result).toMatchObject({ ok: false, error: { code: 'IDENTITY_CHANGED' } })
    if (!result.ok) expect(result.error.message).toContain(newMaster.slice(0, 12))
  })
})
