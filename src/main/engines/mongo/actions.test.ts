import { describe, expect, it } from 'vitest'
import type { ActionId } from '../../../shared/actions'
import { AppFailure } from '../../../shared/errors'
import { engineActions, type ActionSession } from '../action-kit'
import { MONGO_DEFINITIONS, mongoActions, renderMongoCommand, type MongoActionHandle } from './actions'

type Doc = Record<string, unknown>

/** connectionStatus of a server without access control (fixtures/README.md). */
const NO_AUTH: Doc = {
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [], authenticatedUserPrivileges: [] },
  ok: 1
}
/** connectionStatus of a readWrite@shop user: may drop an index in shop, may not collMod or killop. */
const READ_WRITE_SHOP: Doc = {
  authInfo: {
    authenticatedUsers: [{ user: 'shopApp', db: 'shop' }],
    authenticatedUserRoles: [{ role: 'readWrite', db: 'shop' }],
    authenticatedUserPrivileges: [
      { resource: { db: 'shop', collection: '' }, actions: ['dropIndex', 'find', 'listIndexes', 'collStats'] }
    ]
  },
  ok: 1
}

interface FakeMongo {
  handle: MongoActionHandle
  sent: { db: string; command: Doc }[]
}

/** `probe` answers by the command's first key; `send` records the exact document. */
const fakeMongo = (
  answer: (db: string, command: Doc) => Doc,
  send: () => Doc = () => ({ ok: 1 })
): FakeMongo => {
  const sent: FakeMongo['sent'] = []
  let usable = true
  return {
    sent,
    handle: {
      probe: async (db, command) => answer(db, command),
      send: async (db, command) => {
        sent.push({ db, command })
        try {
          return send()
        } catch (err) {
          if (err instanceof Error && err.name === 'MongoNetworkError') usable = false
          throw err
        }
      },
      usable: () => usable
    }
  }
}

const open = (fake: FakeMongo, action: ActionId, target: unknown): Promise<ActionSession> =>
  engineActions<MongoActionHandle>(
    async () => ({
      handle: fake.handle,
      identity: async () => ({ engine: 'mongo', id: 'rs0', role: 'primary', address: 'a:1', summary: 'rs0' }),
      close: async () => undefined
    }),
    MONGO_DEFINITIONS
  )
    .bind(action, target)
    .open({ url: 'mongodb://a:1', tls: { enabled: false } })

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p
    return 'ok'
  } catch (err) {
    return err instanceof AppFailure ? err.code : `other: ${String(err)}`
  }
}

const INDEXES = [
  { v: 2, key: { _id: 1 }, name: '_id_' },
  { v: 2, key: { sku: 1 }, name: 'sku_1' },
  { v: 2, key: { old: 1 }, name: 'old_1', hidden: true }
]

const indexAnswer =
  (indexes: Doc[] = INDEXES, status: Doc = NO_AUTH) =>
  (_db: string, command: Doc): Doc => {
    if ('connectionStatus' in command) return status
    if ('listIndexes' in command) return { cursor: { firstBatch: indexes } }
    if ('aggregate' in command) {
      const pipeline = command.pipeline as Doc[]
      if (pipeline[0] && '$indexStats' in pipeline[0])
        return { cursor: { firstBatch: [{ name: 'sku_1', accesses: { ops: 12, since: '2026-01-01' } }] } }
      return { cursor: { firstBatch: [{ storageStats: { indexSizes: { sku_1: 8192 } } }] } }
    }
    throw new Error(`unexpected ${JSON.stringify(command)}`)
  }

describe('mongo action statements', () => {
  it('renders the command document that perform sends', () => {
    expect(mongoActions.bind('mongo.killOp', { opid: 123 }).statement).toBe(
      'db.getSiblingDB("admin").runCommand({"killOp":1,"op":123})'
    )
    expect(
      mongoActions.bind('mongo.dropIndex', { db: 'shop', collection: 'orders', index: 'sku_1' }).statement
    ).toBe('db.getSiblingDB("shop").runCommand({"dropIndexes":"orders","index":"sku_1"})')
    expect(renderMongoCommand({ db: 'x', command: { profile: 1, slowms: 50 } })).toBe(
      'db.getSiblingDB("x").runCommand({"profile":1,"slowms":50})'
    )
  })

  it('refuses the _id_ index, $ in names and unknown levels', () => {
    const bind = (action: ActionId, target: unknown) => () => mongoActions.bind(action, target)
    expect(bind('mongo.dropIndex', { db: 'shop', collection: 'orders', index: '_id_' })).toThrow(AppFailure)
    expect(bind('mongo.hideIndex', { db: 'shop', collection: '$cmd', index: 'a' })).toThrow(AppFailure)
    expect(bind('mongo.setProfilingLevel', { db: 'shop', level: 3 })).toThrow(AppFailure)
    expect(bind('mongo.killOp', { opid: 'shard01:12' })).not.toThrow()
    expect(bind('mongo.killOp', { opid: 'no colon' })).toThrow(AppFailure)
  })
})

describe('mongo.killOp', () => {
  const ops: Doc[] = [
    {
      opid: 5,
      desc: 'conn42',
      client: '10.0.0.9:5000',
      op: 'query',
      ns: 'shop.orders',
      secs_running: 90,
      appName: 'api'
    },
    { opid: 6, desc: 'TTLMonitor', op: 'none', ns: '' }
  ]
  const answer = (_db: string, command: Doc): Doc =>
    'connectionStatus' in command ? READ_WRITE_SHOP : { inprog: ops.filter((o) => o.opid === command.opid) }

  it('previews a client operation and sends killOp once', async () => {
    const fake = fakeMongo(answer)
    const session = await open(fake, 'mongo.killOp', { opid: 5 })
    const preview = await session.preview()
    expect(preview.facts).toMatchObject({
      opid: '5',
      op: 'query',
      ns: 'shop.orders',
      client: '10.0.0.9:5000',
      secs_running: 90
    })
    // Another user's operation, and readWrite carries no killop: denied before any typing (the guard
    // then refuses to execute; this engine-level session would still send).
    expect(preview.permission).toMatchObject({
      verdict: 'denied',
      reason: 'shopApp@shop (roles: readWrite@shop) lacks the killop privilege on the cluster.'
    })
    expect((await session.perform()).outcome).toBe('done')
    expect(fake.sent).toEqual([{ db: 'admin', command: { killOp: 1, op: 5 } }])
  })

  it('refuses internal operations and unknown opids', async () => {
    const fake = fakeMongo(answer)
    expect(await codeOf((await open(fake, 'mongo.killOp', { opid: 6 })).preview())).toBe('REFUSED')
    expect(await codeOf((await open(fake, 'mongo.killOp', { opid: 7 })).preview())).toBe('NOT_FOUND')
  })

  it('a network error is a failed outcome with the connection marked unusable', async () => {
    const fake = fakeMongo(answer, () => {
      const err = new Error('connection closed')
      err.name = 'MongoNetworkError'
      throw err
    })
    const result = await (await open(fake, 'mongo.killOp', { opid: 5 })).perform()
    expect(result).toMatchObject({ outcome: 'failed', connectionUsable: false })
    expect(result.detail).toContain('NOT retried')
    expect(fake.sent).toHaveLength(1)
  })
})

describe('mongo index actions', () => {
  it('previews usage and size, hides an index and checks it', async () => {
    const indexes = INDEXES.map((i) => ({ ...i }))
    const fake = fakeMongo(indexAnswer(indexes))
    const session = await open(fake, 'mongo.hideIndex', { db: 'shop', collection: 'orders', index: 'sku_1' })
    const preview = await session.preview()
    expect(preview.facts).toMatchObject({ index: 'sku_1', ops: 12, size_bytes: 8192, hidden: false })
    expect(preview.warnings[0]).toContain('served 12 operations')
    expect(preview.permission).toEqual({
      verdict: 'permitted',
      basis: 'No user is authenticated and the server answered the preview: access control is off.'
    })
    const asShopApp = await open(fakeMongo(indexAnswer(indexes, READ_WRITE_SHOP)), 'mongo.hideIndex', {
      db: 'shop',
      collection: 'orders',
      index: 'sku_1'
    })
    expect((await asShopApp.preview()).permission.verdict).toBe('denied')
    await session.perform()
    expect(fake.sent).toEqual([
      { db: 'shop', command: { collMod: 'orders', index: { name: 'sku_1', hidden: true } } }
    ])
    expect((await session.postCheck(preview)).ok).toBe(false)
    Object.assign(indexes[1] ?? {}, { hidden: true })
    expect((await session.postCheck(preview)).ok).toBe(true)
  })

  it('refuses hiding an already hidden index and an unknown index', async () => {
    const fake = fakeMongo(indexAnswer())
    expect(
      await codeOf(
        (await open(fake, 'mongo.hideIndex', { db: 'shop', collection: 'orders', index: 'old_1' })).preview()
      )
    ).toBe('REFUSED')
    expect(
      await codeOf(
        (await open(fake, 'mongo.dropIndex', { db: 'shop', collection: 'orders', index: 'nope' })).preview()
      )
    ).toBe('NOT_FOUND')
  })

  it('drops an index and the post-check sees it gone', async () => {
    const fake = fakeMongo(indexAnswer(INDEXES.filter((i) => i.name !== 'sku_1')))
    const session = await open(fake, 'mongo.dropIndex', { db: 'shop', collection: 'orders', index: 'sku_1' })
    await session.perform()
    expect(fake.sent).toEqual([{ db: 'shop', command: { dropIndexes: 'orders', index: 'sku_1' } }])
    expect(
      await session.postCheck({
        summary: '',
        facts: {},
        warnings: [],
        permission: { verdict: 'permitted', basis: 'dropIndex' }
      })
    ).toEqual({
      ok: true,
      detail: 'Index sku_1 is gone.'
    })
  })
})

describe('mongo.setProfilingLevel', () => {
  it('records the previous level and slowms and how to restore them', async () => {
    let level = 0
    const fake = fakeMongo(
      () => ({ was: level, slowms: 100, ok: 1 }),
      () => {
        const was = level
        level = 1
        return { was, ok: 1 }
      }
    )
    const session = await open(fake, 'mongo.setProfilingLevel', { db: 'shop', level: 1, slowms: 50 })
    const preview = await session.preview()
    expect(preview.facts).toMatchObject({ previous_level: 0, previous_slowms: 100, level: 1, slowms: 50 })
    expect(preview.warnings[0]).toContain('db.getSiblingDB("shop").runCommand({"profile":0,"slowms":100})')
    expect((await session.perform()).detail).toBe('Profiling level of shop set to 1 (was 0).')
    expect(fake.sent).toEqual([{ db: 'shop', command: { profile: 1, slowms: 50 } }])
    expect((await session.postCheck(preview)).ok).toBe(true)
  })
})
