/**
 * topology.member-gone on a primary + streaming replica of this test's own (the shared replica stays up):
 * the primary says nothing while its replica streams, says it is gone (critical: the last one) once the
 * replica is killed, clears when it is back, and stays quiet after the user forgets it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChecksRun } from '../../shared/detail'
import type { Finding } from '../../shared/findings'
import { startOwnPg, waitUntil, type OwnPg } from '../testing/own-servers'
import { useTestCore } from '../testing/test-core'
import { MEMBER_GONE_RULE } from './topology-memory'

let servers: OwnPg
let id: string

const { call } = useTestCore('topology', { sampleEveryMs: 60_000 })
const gone = async (): Promise<Finding[]> =>
  (await call<ChecksRun>('checks.run', { connectionId: id })).reports
    .flatMap((r) => r.findings)
    .filter((f) => f.rule === MEMBER_GONE_RULE)
const streaming = async (): Promise<boolean> =>
  (await call<ChecksRun>('checks.run', { connectionId: id, records: true })).nodes?.some(
    (n) => n.topics['pg_stat_replication']?.ok === true && n.topics['pg_stat_replication'].rows.length > 0
  ) ?? false

beforeAll(async () => {
  servers = await startOwnPg('topology', 55750, 55751)
  id = (
    await call<{ id: string }>('connections.save', {
      name: 'topology primary',
      engine: 'postgres',
      url: `postgres://postgres@127.0.0.1:${servers.primaryPort}/postgres`,
      environment: 'production'
    })
  ).id
  await call('connections.connect', { id })
  await waitUntil('the replica streaming', streaming, 30_000, 500)
}, 120_000)

afterAll(async () => {
  await servers?.down()
})

describe('a replica that was seen and is gone', () => {
  it('is a critical finding on its primary until it is back, and nothing once forgotten', async () => {
    expect(await gone()).toEqual([])

    servers.kill9('replica')
    await waitUntil(
      'the replica gone from pg_stat_replication',
      async () => !(await streaming()),
      30_000,
      500
    )
    const [finding, ...more] = await gone()
    expect(more).toEqual([])
    expect(finding).toMatchObject({
      severity: 'critical',
      subject: { kind: 'replica' },
      evidence: { kind: 'replica' }
    })
    expect(finding?.title).toMatch(/^Replica .* is gone \(last seen /)

    await servers.start('replica')
    await waitUntil('the replica streaming again', streaming, 30_000, 500)
    expect(await gone()).toEqual([])

    servers.kill9('replica')
    await waitUntil('the replica gone again', async () => !(await streaming()), 30_000, 500)
    const member = String((await gone())[0]?.evidence['member'])
    expect(await call('topology.forget', { connectionId: id, member })).toEqual({ forgotten: true })
    expect(await gone()).toEqual([])
  }, 120_000)
})
