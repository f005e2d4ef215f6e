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

describe('hideIndex / unhideIndex through the driver against the wire-protocol fake', () => {
  let fake: MongoFakeHandle
  const target = { db: 'shop', collection: 'orders', index: 'status_1_createdAt_-1_old' }
  const collMods = () => fake.commandsSeen.filter((c) => c.name === 'collMod').length

  beforeAll(async () => {
    fake = await startMongoFake({ port: 0, scenario: 'replset-lagging' })
  })
  afterAll(async () => {
    await fake?.close()
  })

  const open = (action: 'mongo.hideIndex' | 'mongo.unhideIndex', t: typeof target = target) =>
    mongoActions.bind(action, t).open({ url: fake.url, tls: { enabled: false } })

  it('unhide of a visible index is refused in the preview; hide sends one collMod; then unhide restores it', async () => {
    const early = await open('mongo.unhideIndex')
    try {
      await expect(early.preview()).rejects.toThrow('is not hidden: the planner already uses it')
    } finally {
      await early.close()
    }
    for (const [action, hidden] of [
      ['mongo.hideIndex', true],
      ['mongo.unhideIndex', false]
    ] as const) {
      const session = await open(action)
      try {
        const before = collMods()
        const preview = await session.preview()
        expect(preview.facts).toMatchObject({ index: target.index, ops: 0, hidden: !hidden })
        expect(preview.permission.verdict).toBe('permitted')
        expect(collMods()).toBe(before)
        const result = await session.perform()
        expect(result).toMatchObject({ outcome: 'done', connectionUsable: true })
        expect(collMods()).toBe(before + 1)
        expect(await session.postCheck(preview)).toEqual({
          ok: true,
          detail: `Index ${target.index} is ${hidden ? 'hidden' : 'not hidden'}.`
        })
      } finally {
        await session.close()
      }
    }
    expect(fake.violations).toEqual([])
  })

  it('an index the server does not have is NOT_FOUND in the preview, and nothing is sent', async () => {
    const before = collMods()
    const session = await open('mongo.hideIndex', { ...target, index: 'no_such_index' })
    try {
      await expect(session.preview()).rejects.toThrow('No index no_such_index on shop.orders.')
    } finally {
      await session.close()
    }
    expect(collMods()).toBe(before)
  })
})
