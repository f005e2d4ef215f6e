/**
 * MongoDB guarded actions. Only core/guard.ts imports this module (core/guard-boundary.test.ts).
 *
 * The action connection uses buildMongoOptions with purpose 'action' (retryWrites and retryReads off,
 * one pooled connection), so a command is sent once. Each command is built once as a document; the exact
 * statement is that document rendered as a mongosh call, and perform sends the same document.
 * Preview probes are read commands (hello, currentOp, listIndexes, $indexStats, profile -1) with maxTimeMS.
 */
import { MongoClient } from 'mongodb'
import type { ServerIdentity } from '../../../shared/actions'
import { AppFailure } from '../../../shared/errors'
import { mapDriverError } from '../map-error'
import {
  defineAction,
  engineActions,
  errorText,
  type ConnectInfo,
  type EngineConnection,
  type PerformResult,
  type TargetPreview
} from '../action-kit'
import { buildMongoOptions, withMaxTime } from './adapter'
import { mongoPermission, operationUsers } from './privileges'

type Doc = Record<string, unknown>

export interface MongoActionHandle {
  /** Read command with maxTimeMS. */
  probe(db: string, command: Doc): Promise<Doc>
  /** The one state-changing send: exactly the document given. */
  send(db: string, command: Doc): Promise<Doc>
  usable(): boolean
}

export interface MongoCommand {
  db: string
  command: Doc
}

export const renderMongoCommand = (c: MongoCommand): string =>
  `db.getSiblingDB(${JSON.stringify(c.db)}).runCommand(${JSON.stringify(c.command)})`

export const openMongoAction = async (connect: ConnectInfo): Promise<EngineConnection<MongoActionHandle>> => {
  const options = buildMongoOptions({ url: connect.url, tls: connect.tls, purpose: 'action' })
  const where = 'MongoDB'
  const client = new MongoClient(connect.url, options)
  client.on('error', () => undefined)
  let broken = false
  try {
    await client.connect()
  } catch (err) {
    await client.close().catch(() => undefined)
    throw mapDriverError(err, where)
  }
  const handle: MongoActionHandle = {
    probe: async (db, command) => {
      try {
        return (await client.db(db).command(withMaxTime(command))) as Doc
      } catch (err) {
        throw mapDriverError(err, where)
      }
    },
    send: async (db, command) => {
      try {
        return (await client.db(db).command(command)) as Doc
      } catch (err) {
        if (isNetworkError(err)) broken = true
        throw err
      }
    },
    usable: () => !broken
  }
  return {
    handle,
    identity: async (): Promise<ServerIdentity> => {
      const hello = await handle.probe('admin', { hello: 1 })
      const setName = typeof hello.setName === 'string' ? hello.setName : null
      const me = typeof hello.me === 'string' ? hello.me : 'standalone'
      const role =
        hello.msg === 'isdbgrid'
          ? 'mongos'
          : hello.isWritablePrimary
            ? setName
              ? 'primary'
              : 'standalone'
            : hello.secondary
              ? 'secondary'
              : 'other'
      const primary = typeof hello.primary === 'string' ? hello.primary : me
      const id = setName ?? me
      return {
        engine: 'mongo',
        id,
        role,
        address: primary,
        summary: `MongoDB ${id} ${role}, primary ${primary}, via ${me}`
      }
    },
    close: async () => {
      await client.close().catch(() => undefined)
    }
  }
}

const isNetworkError = (err: unknown): boolean => {
  const name = err && typeof err === 'object' && 'name' in err ? String((err as { name: unknown }).name) : ''
  return /MongoNetwork|MongoServerSelection|PoolCleared|Timeout/i.test(name)
}

const sendOnce = async (
  h: MongoActionHandle,
  c: MongoCommand,
  done: (reply: Doc) => { outcome: 'done' | 'failed'; detail: string }
): Promise<PerformResult> => {
  try {
    return { ...done(await h.send(c.db, c.command)), connectionUsable: h.usable() }
  } catch (err) {
    const usable = h.usable()
    return {
      outcome: 'failed',
      detail: usable
        ? `MongoDB refused it: ${errorText(err)}`
        : `The connection failed while the command was in flight (${errorText(err)}). It was sent once and NOT retried; whether it was applied is unknown.`,
      connectionUsable: usable
    }
  }
}

const firstBatch = (reply: Doc): Doc[] => {
  const cursor = reply.cursor as { firstBatch?: unknown } | undefined
  return Array.isArray(cursor?.firstBatch) ? (cursor.firstBatch as Doc[]) : []
}

const str = (v: unknown): string | null =>
  v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v)
const num = (v: unknown): number | null =>
  typeof v === 'number' ? v : v === undefined || v === null ? null : Number(String(v))

// ---------------------------------------------------------------- killOp

const killOpCommand = (opid: number | string): MongoCommand => ({
  db: 'admin',
  command: { killOp: 1, op: opid }
})

const findOp = async (h: MongoActionHandle, opid: number | string): Promise<Doc | null> => {
  const reply = await h.probe('admin', { currentOp: true, opid })
  const ops = Array.isArray(reply.inprog) ? (reply.inprog as Doc[]) : []
  return ops.find((op) => String(op.opid) === String(opid)) ?? null
}

const killOp = defineAction<'mongo.killOp', MongoActionHandle>('mongo.killOp', {
  targetName: (t) => String(t.opid),
  statement: (t) => renderMongoCommand(killOpCommand(t.opid)),
  suggestedCheck: (t) => renderMongoCommand({ db: 'admin', command: { currentOp: true, opid: t.opid } }),
  preview: async (h, t): Promise<TargetPreview> => {
    const op = await findOp(h, t.opid)
    if (!op) throw new AppFailure('NOT_FOUND', `No operation with opid ${t.opid} is running.`)
    const client = str(op.client ?? op.client_s)
    const desc = str(op.desc) ?? ''
    if (!client || !desc.startsWith('conn')) {
      throw new AppFailure(
        'REFUSED',
        `Operation ${t.opid} is an internal operation (${desc || 'no client'}): only client operations can be killed from here.`
      )
    }
    return {
      summary: `Kill operation ${t.opid} (${str(op.op) ?? '?'} on ${str(op.ns) ?? '?'}, running ${num(op.secs_running) ?? '?'} s).`,
      facts: {
        opid: String(t.opid),
        op: str(op.op),
        ns: str(op.ns),
        description: desc,
        client,
        app_name: str(op.appName),
        secs_running: num(op.secs_running),
        plan_summary: str(op.planSummary),
        command: (str(op.command) ?? '').slice(0, 2000)
      },
      warnings: [
        'The operation is interrupted at its next yield point; a write may be partly applied (no multi-document rollback outside a transaction).'
      ]
    }
  },
  permission: async (h, t) =>
    mongoPermission(
      h.probe,
      { action: 'killop', resource: { cluster: true } },
      operationUsers(await findOp(h, t.opid))
    ),
  perform: (h, t) =>
    sendOnce(h, killOpCommand(t.opid), () => ({
      outcome: 'done',
      detail: `Kill requested for operation ${t.opid}.`
    })),
  postCheck: async (h, t) => {
    for (let i = 0; i < 20; i++) {
      const op = await findOp(h, t.opid)
      if (!op) return { ok: true, detail: `Operation ${t.opid} is gone.` }
      if (op.killPending === true && i === 19)
        return { ok: true, detail: `Operation ${t.opid} is marked killPending.` }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return { ok: false, detail: `Operation ${t.opid} is still running.` }
  }
})

// ---------------------------------------------------------------- indexes

const listIndex = async (
  h: MongoActionHandle,
  db: string,
  collection: string,
  index: string
): Promise<Doc | null> => {
  const reply = await h.probe(db, { listIndexes: collection })
  return firstBatch(reply).find((ix) => ix.name === index) ?? null
}

const VERB_TEXT = { hide: 'Hide', unhide: 'Unhide', drop: 'Drop' } as const

const indexPreview = async (
  h: MongoActionHandle,
  t: { db: string; collection: string; index: string },
  verb: 'hide' | 'unhide' | 'drop'
): Promise<TargetPreview> => {
  const spec = await listIndex(h, t.db, t.collection, t.index)
  if (!spec) throw new AppFailure('NOT_FOUND', `No index ${t.index} on ${t.db}.${t.collection}.`)
  if (verb === 'hide' && spec.hidden === true)
    throw new AppFailure('REFUSED', `Index ${t.index} is already hidden.`)
  if (verb === 'unhide' && spec.hidden !== true)
    throw new AppFailure('REFUSED', `Index ${t.index} is not hidden: the planner already uses it.`)
  const stats = firstBatch(
    await h.probe(t.db, {
      aggregate: t.collection,
      pipeline: [{ $indexStats: {} }, { $match: { name: t.index } }],
      cursor: {}
    })
  )
  const accesses = stats[0]?.accesses as { ops?: unknown; since?: unknown } | undefined
  const storage = firstBatch(
    await h
      .probe(t.db, { aggregate: t.collection, pipeline: [{ $collStats: { storageStats: {} } }], cursor: {} })
      .catch(() => ({}))
  )[0]?.storageStats as { indexSizes?: Record<string, unknown> } | undefined
  const ops = num(accesses?.ops)
  const warnings: string[] = []
  if (ops !== null && ops > 0)
    warnings.push(
      `The index served ${ops} operations since ${str(accesses?.since) ?? 'the last restart'} on this member.`
    )
  warnings.push('Usage counts are per member and reset on restart: check every member before dropping.')
  if (spec.unique === true) warnings.push('The index is unique: without it, duplicates are accepted.')
  if (verb === 'drop')
    warnings.push('Rebuilding a dropped index takes a full collection scan. Hiding it first is reversible.')
  else if (verb === 'hide')
    warnings.push(
      'A hidden index is still maintained on writes and still enforces uniqueness; unhide it with collMod hidden: false.'
    )
  else
    warnings.push(
      'The planner may pick the index again at once, which can change the plans of running queries.'
    )
  return {
    summary: `${VERB_TEXT[verb]} index ${t.index} on ${t.db}.${t.collection}.`,
    facts: {
      index: t.index,
      namespace: `${t.db}.${t.collection}`,
      key: str(spec.key),
      unique: spec.unique === true,
      hidden: spec.hidden === true,
      ops,
      since: str(accesses?.since),
      size_bytes: num(storage?.indexSizes?.[t.index])
    },
    warnings
  }
}

const hiddenCommand = (
  t: { db: string; collection: string; index: string },
  hidden: boolean
): MongoCommand => ({
  db: t.db,
  command: { collMod: t.collection, index: { name: t.index, hidden } }
})

/** mongo.hideIndex and mongo.unhideIndex: collMod with `hidden` (4.4+), checked with listIndexes after. */
const setHidden = <A extends 'mongo.hideIndex' | 'mongo.unhideIndex'>(action: A, hidden: boolean) =>
  defineAction<A, MongoActionHandle>(action, {
    targetName: (t) => t.index,
    statement: (t) => renderMongoCommand(hiddenCommand(t, hidden)),
    suggestedCheck: (t) => renderMongoCommand({ db: t.db, command: { listIndexes: t.collection } }),
    preview: (h, t) => indexPreview(h, t, hidden ? 'hide' : 'unhide'),
    permission: (h, t) =>
      mongoPermission(h.probe, { action: 'collMod', resource: { db: t.db, collection: t.collection } }),
    perform: (h, t) =>
      sendOnce(h, hiddenCommand(t, hidden), (reply) =>
        reply.hidden_new === hidden
          ? {
              outcome: 'done',
              detail: `Index ${t.index} ${hidden ? 'hidden' : 'visible to the planner again'}.`
            }
          : {
              outcome: 'failed',
              detail: `collMod answered without hidden_new: ${hidden} (${JSON.stringify(reply)}).`
            }
      ),
    postCheck: async (h, t) => {
      const spec = await listIndex(h, t.db, t.collection, t.index)
      const now = spec?.hidden === true
      return now === hidden
        ? { ok: true, detail: `Index ${t.index} is ${hidden ? 'hidden' : 'not hidden'}.` }
        : { ok: false, detail: `Index ${t.index} is ${now ? 'still hidden' : 'not hidden'}.` }
    }
  })

const hideIndex = setHidden('mongo.hideIndex', true)
const unhideIndex = setHidden('mongo.unhideIndex', false)

const dropCommand = (t: { db: string; collection: string; index: string }): MongoCommand => ({
  db: t.db,
  command: { dropIndexes: t.collection, index: t.index }
})

const dropIndex = defineAction<'mongo.dropIndex', MongoActionHandle>('mongo.dropIndex', {
  targetName: (t) => t.index,
  statement: (t) => renderMongoCommand(dropCommand(t)),
  suggestedCheck: (t) => renderMongoCommand({ db: t.db, command: { listIndexes: t.collection } }),
  preview: (h, t) => indexPreview(h, t, 'drop'),
  permission: (h, t) =>
    mongoPermission(h.probe, { action: 'dropIndex', resource: { db: t.db, collection: t.collection } }),
  perform: (h, t) =>
    sendOnce(h, dropCommand(t), () => ({ outcome: 'done', detail: `Index ${t.index} dropped.` })),
  postCheck: async (h, t) => {
    const spec = await listIndex(h, t.db, t.collection, t.index)
    return spec
      ? { ok: false, detail: `Index ${t.index} still exists.` }
      : { ok: true, detail: `Index ${t.index} is gone.` }
  }
})

// ---------------------------------------------------------------- profiler

const profileCommand = (t: { db: string; level: number; slowms?: number }): MongoCommand => ({
  db: t.db,
  command: t.slowms === undefined ? { profile: t.level } : { profile: t.level, slowms: t.slowms }
})

const setProfilingLevel = defineAction<'mongo.setProfilingLevel', MongoActionHandle>(
  'mongo.setProfilingLevel',
  {
    targetName: (t) => t.db,
    statement: (t) => renderMongoCommand(profileCommand(t)),
    suggestedCheck: (t) => renderMongoCommand({ db: t.db, command: { profile: -1 } }),
    preview: async (h, t) => {
      const current = await h.probe(t.db, { profile: -1 })
      const was = num(current.was)
      const slowms = num(current.slowms)
      const warnings = [
        `Previous level ${String(was)}, slowms ${String(slowms)}: restore with ${renderMongoCommand(profileCommand({ db: t.db, level: was ?? 0, slowms: slowms ?? undefined }))}.`
      ]
      if (t.level === 2)
        warnings.push(
          'Level 2 profiles every operation: measurable overhead and a busy system.profile collection.'
        )
      if (t.level === was) warnings.push('The level is already set to this value.')
      return {
        summary: `Set the profiling level of ${t.db} from ${String(was)} to ${t.level}.`,
        facts: {
          db: t.db,
          previous_level: was,
          previous_slowms: slowms,
          level: t.level,
          slowms: t.slowms ?? null
        },
        warnings
      }
    },
    permission: (h, t) =>
      mongoPermission(h.probe, { action: 'enableProfiler', resource: { db: t.db, collection: '' } }),
    perform: (h, t) =>
      sendOnce(h, profileCommand(t), (reply) => ({
        outcome: 'done',
        detail: `Profiling level of ${t.db} set to ${t.level} (was ${String(reply.was)}).`
      })),
    postCheck: async (h, t) => {
      const current = await h.probe(t.db, { profile: -1 })
      return num(current.was) === t.level
        ? { ok: true, detail: `Level is ${t.level}.` }
        : { ok: false, detail: `Level reads ${String(current.was)}, not ${t.level}.` }
    }
  }
)

/** The definitions, exported for this module's tests (which pass a fake opener). */
export const MONGO_DEFINITIONS = [killOp, hideIndex, unhideIndex, dropIndex, setProfilingLevel]

export const mongoActions = engineActions<MongoActionHandle>(
  (connect) => openMongoAction(connect),
  MONGO_DEFINITIONS
)
