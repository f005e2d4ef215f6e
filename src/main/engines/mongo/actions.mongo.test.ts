import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMongoFake, type MongoFakeHandle } from '../../../../scripts/mongo-fake/server'
import { mongoActions } from './actions'

/**
 * The privilege check through the real driver: connectionStatus with showPrivileges is a read command
 * the fake answers (it runs without access control), so a preview against it carries its verdict.
 */
describe('mongo action previews against the wire-protocol fake', () => {
  let fake: MongoFakeHandle

  beforeAll(async () => {
    fake = await startMongoFake({ port: 0, scenario: 'replset-lagging' })
  })
  afterAll(async () => {
    await fake?.close()
  })

  it('killOp of the long-running operation: previewed, and permitted on a server without access control', async () => {
    const session = await mongoActions
      .bind('mongo.killOp', { opid: 9912331 })
      .open({ url: fake.url, tls: { enabled: false } })
    try {
      const preview = await session.preview()
      expect(preview.facts.opid).toBe('9912331')
      expect(preview.permission).toEqual({
        verdict: 'permitted',
        basis: 'No user is authenticated and the server answered the preview: access control is off.'
      })
      expect(await session.permission()).toEqual(preview.permission)
    } finally {
      await session.close()
    }
    // Every command the check sent carried maxTimeMS (the fake records those that did not).
    expect(fake.violations).toEqual([])
  })
})
