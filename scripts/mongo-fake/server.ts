/**
 * A MongoDB wire-protocol fake for tests and the demo: no mongod can be installed on the project's
 * machines, so the real `mongodb` driver talks over a real socket to this server, which answers the
 * diagnostic commands dbconsole sends with hand-written replies (replies/*.json, see its README).
 *
 * It also polices the safety rule of docs/architecture.md: every diagnostic command must carry maxTimeMS.
 * A command without it gets an error reply and is recorded in `violations`.
 */
import { createServer, type Server, type Socket } from 'node:net'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EJSON, Long, ObjectId, Timestamp, type Document } from 'bson'
import { encodeReply, MessageReader, parseMessage, type IncomingCommand } from './wire'

export type MongoFakeScenario = 'replset-lagging' | 'standalone'

export interface MongoFakeOptions {
  /** Port of the first (primary or standalone) node; 0 picks free ports. The secondary takes port+1 and the
   * down member is listed on port+2 (nobody listens there); with 0 both are picked at random. */
  port: number
  scenario: MongoFakeScenario
  host?: string
  /** Server version the fake reports (buildInfo, serverStatus). maxWireVersion follows it: 7.x -> 21, 6.x -> 17. */
  version?: string
}

export interface SeenCommand {
  port: number
  name: string
  db: string
  maxTimeMS: number | null
}

export interface MongoFakeHandle {
  /** Listening ports: [primary, secondary] for a replica set, [standalone] otherwise. */
  ports: number[]
  /** The port listed as the third member that nobody listens on (replica set only). */
  downPort: number | null
  /** A connection URL for the driver. */
  url: string
  violations: SeenCommand[]
  commandsSeen: SeenCommand[]
  close(): Promise<void>
}

/** Commands that may come without maxTimeMS: the handshake, monitoring, auth and session bookkeeping. */
const EXEMPT = new Set([
  'hello',
  'ismaster',
  'ping',
  'endsessions',
  'saslstart',
  'saslcontinue',
  'authenticate',
  'getnonce',
  'killcursors',
  'getmore',
  'logout',
  // The guarded actions send their state-changing command exactly as built (engines/mongo/actions.ts).
  'collmod'
])

const BASE_MS = Date.parse('2025-06-01T12:00:00.000Z')
const SHIFT_WINDOW_MS = 60 * 24 * 3600 * 1000
const SET_NAME = 'rs0'

const repliesDir = join(dirname(fileURLToPath(import.meta.url)), 'replies')
const cache = new Map<string, unknown>()
const loadReply = (file: string): unknown => {
  if (!cache.has(file))
    cache.set(file, EJSON.parse(readFileSync(join(repliesDir, file), 'utf8'), { relaxed: false }))
  return cache.get(file)
}

/** Deep copy with ${HOST0}... replaced and dates/timestamps moved from the base instant to now. */
const materialize = (value: unknown, vars: Record<string, string>, deltaMs: number): unknown => {
  if (typeof value === 'string') return value.replace(/\$\{(\w+)\}/g, (m, k: string) => vars[k] ?? m)
  if (value instanceof Date) {
    const t = value.getTime()
    return Math.abs(t - BASE_MS) < SHIFT_WINDOW_MS ? new Date(t + deltaMs) : new Date(t)
  }
  if (value instanceof Timestamp) {
    const t = value.t
    return Math.abs(t * 1000 - BASE_MS) < SHIFT_WINDOW_MS
      ? new Timestamp({ t: t + Math.round(deltaMs / 1000), i: value.i })
      : value
  }
  if (Array.isArray(value)) return value.map((v) => materialize(v, vars, deltaMs))
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = materialize(v, vars, deltaMs)
    return out
  }
  return value
}

interface NodeSpec {
  role: 'primary' | 'secondary' | 'standalone'
  port: number
  address: string
}

const errorReply = (code: number, codeName: string, errmsg: string): Document => ({
  ok: 0,
  errmsg,
  code,
  codeName
})

const freePort = (host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, host, () => {
      const address = s.address()
      const port = typeof address === 'object' && address ? address.port : 0
      s.close(() => resolve(port))
    })
  })

export const startMongoFake = async (options: MongoFakeOptions): Promise<MongoFakeHandle> => {
  const host = options.host ?? '127.0.0.1'
  const version = options.version ?? '7.0.14'
  const maxWireVersion = Number(version.split('.')[0]) >= 7 ? 21 : 17
  const violations: SeenCommand[] = []
  const commandsSeen: SeenCommand[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const servers: Server[] = []
  const processId = new ObjectId()
  let connectionIds = 0

  const replset = options.scenario === 'replset-lagging'
  const listen = (port: number): Promise<{ server: Server; port: number }> =>
    new Promise((resolve, reject) => {
      const server = createServer()
      server.once('error', reject)
      server.listen(port, host, () => {
        const address = server.address()
        resolve({ server, port: typeof address === 'object' && address ? address.port : port })
      })
    })

  const first = await listen(options.port)
  servers.push(first.server)
  let second: { server: Server; port: number } | null = null
  let downPort: number | null = null
  if (replset) {
    second = await listen(options.port === 0 ? 0 : options.port + 1)
    servers.push(second.server)
    downPort = options.port === 0 ? await freePort(host) : options.port + 2
  }
  const addr = (port: number) => `${host}:${port}`
  const hosts =
    replset && second && downPort !== null ? [addr(first.port), addr(second.port), addr(downPort)] : []
  const nodes: NodeSpec[] =
    replset && second
      ? [
          { role: 'primary', port: first.port, address: addr(first.port) },
          { role: 'secondary', port: second.port, address: addr(second.port) }
        ]
      : [{ role: 'standalone', port: first.port, address: addr(first.port) }]

  const reply = (node: NodeSpec, file: string): Document => {
    const vars = {
      HOST0: hosts[0] ?? node.address,
      HOST1: hosts[1] ?? '',
      HOST2: hosts[2] ?? '',
      SELF: node.address,
      SET: SET_NAME
    }
    return materialize(loadReply(file), vars, Date.now() - BASE_MS) as Document
  }

  const hello = (node: NodeSpec, legacy: boolean, helloOk: boolean): Document => {
    const writable = node.role !== 'secondary'
    const doc: Document = {
      topologyVersion: { processId, counter: Long.fromNumber(6) },
      ...(legacy ? { ismaster: writable } : { isWritablePrimary: writable }),
      ...(helloOk ? { helloOk: true } : {}),
      maxBsonObjectSize: 16777216,
      maxMessageSizeBytes: 48000000,
      maxWriteBatchSize: 100000,
      localTime: new Date(),
      logicalSessionTimeoutMinutes: 30,
      connectionId: ++connectionIds,
      minWireVersion: 0,
      maxWireVersion,
      readOnly: false
    }
    if (replset) {
      Object.assign(doc, {
        hosts,
        setName: SET_NAME,
        setVersion: 3,
        secondary: node.role === 'secondary',
        primary: hosts[0],
        me: node.address,
        ...(node.role === 'primary' ? { electionId: new ObjectId('7fffffff0000000000000004') } : {}),
        lastWrite: {
          opTime: {
            ts: new Timestamp({
              t: Math.floor(Date.now() / 1000) - (node.role === 'secondary' ? 12 : 0),
              i: 1
            }),
            t: Long.fromNumber(4)
          },
          lastWriteDate: new Date(Date.now() - (node.role === 'secondary' ? 12_000 : 0))
        }
      })
    }
    return { ...doc, ok: 1 }
  }

  /** Index visibility changed by collMod, per node and `db.coll.index`: each mongod keeps its own catalog. */
  const hiddenSet = new Map<string, boolean>()
  const hiddenKey = (node: NodeSpec, ns: string, index: string) => `${node.port} ${ns} ${index}`
  /** $indexStats entries of a namespace, their `spec.hidden` as collMod left it (absent means visible). */
  const indexEntries = (node: NodeSpec, ns: string): Document[] | undefined => {
    const entries = reply(node, 'indexStats.json')[ns] as Document[] | undefined
    return entries?.map((e) => {
      const hidden = hiddenSet.get(hiddenKey(node, ns, String(e.name)))
      if (hidden === undefined) return e
      const { hidden: _was, ...spec } = e.spec as Document
      // mongod writes `hidden: true` into the spec and drops the field when unhidden.
      return { ...e, spec: hidden ? { ...spec, hidden: true } : spec }
    })
  }

  const cursorReply = (ns: string, batch: unknown[]): Document => ({
    cursor: { id: Long.ZERO, ns, firstBatch: batch },
    ok: 1
  })

  const answer = (node: NodeSpec, cmd: Document, name: string, db: string): Document | Promise<Document> => {
    const lower = name.toLowerCase()
    const arg: unknown = cmd[name]
    switch (lower) {
      case 'hello':
      case 'ismaster': {
        const doc = hello(node, lower === 'ismaster', cmd.helloOk === true)
        // Awaitable hello (streaming monitoring): hold the reply as a real server does until the topology
        // changes or maxAwaitTimeMS passes, so the driver's monitor does not spin.
        if (cmd.topologyVersion && typeof cmd.maxAwaitTimeMS === 'number') {
          const wait = Math.min(cmd.maxAwaitTimeMS, 10_000)
          return new Promise((resolve) => {
            const t = setTimeout(() => {
              timers.delete(t)
              resolve(doc)
            }, wait)
            timers.add(t)
          })
        }
        return doc
      }
      case 'sleep': {
        // mongod's test command (enableTestCommands): holds the reply for `millis`, for slow-call tests.
        const millis = Math.min(typeof cmd.millis === 'number' ? cmd.millis : 0, 30_000)
        return new Promise((resolve) => {
          const t = setTimeout(() => {
            timers.delete(t)
            resolve({ ok: 1 })
          }, millis)
          timers.add(t)
        })
      }
      case 'ping':
      case 'endsessions':
      case 'logout':
        return { ok: 1 }
      case 'saslstart':
      case 'saslcontinue':
      case 'authenticate':
        return errorReply(18, 'AuthenticationFailed', 'Authentication failed.')
      case 'buildinfo':
        return {
          ...reply(node, 'buildInfo.json'),
          version,
          versionArray: version.split('.').map(Number).concat([0]).slice(0, 4)
        }
      case 'serverstatus': {
        const doc: Document = { ...reply(node, 'serverStatus.json'), version }
        if (!replset) delete doc.repl
        else if (node.role === 'secondary')
          doc.repl = { ...(doc.repl as Document), isWritablePrimary: false, secondary: true }
        return doc
      }
      case 'replsetgetstatus': {
        if (!replset) return errorReply(76, 'NoReplicationEnabled', 'not running with --replSet')
        const doc = reply(node, 'replSetGetStatus.json')
        const members = (doc.members as Document[]).map((m) => {
          const self = m.name === node.address
          const { self: _s, ...rest } = m
          return self ? { ...rest, self: true } : rest
        })
        return {
          ...doc,
          members,
          myState: node.role === 'primary' ? 1 : 2,
          syncSourceHost: node.role === 'primary' ? '' : hosts[0]
        }
      }
      case 'getparameter': {
        const all = reply(node, 'getParameter.json')
        if (arg === '*') return all
        const out: Document = {}
        for (const key of Object.keys(cmd)) if (key in all && key !== 'ok') out[key] = all[key]
        if (Object.keys(out).length === 0) return errorReply(72, 'InvalidOptions', 'no option found to get')
        return { ...out, ok: 1 }
      }
      case 'profile': {
        // The profiler is on (level 1, slowms 100) for `shop` on the primary only: it is per mongod.
        const was = node.role !== 'secondary' && db === 'shop' ? 1 : 0
        return { was, slowms: 100, sampleRate: 1.0, ok: 1 }
      }
      case 'find': {
        const coll = String(arg)
        if (coll !== 'system.profile' || node.role === 'secondary' || db !== 'shop')
          return cursorReply(`${db}.${coll}`, [])
        const docs = reply(node, 'profile.json') as unknown as Document[]
        const sorted = [...docs].sort((a, b) => (b.ts as Date).getTime() - (a.ts as Date).getTime())
        const limit = typeof cmd.limit === 'number' && cmd.limit > 0 ? cmd.limit : sorted.length
        return cursorReply(`${db}.system.profile`, sorted.slice(0, limit))
      }
      case 'currentop': {
        const doc = reply(node, 'currentOp.json')
        const inprog = (doc.inprog as Document[]).filter((op) => cmd.$all === true || op.active === true)
        return {
          ...doc,
          inprog: node.role === 'secondary' ? inprog.filter((op) => op.connectionId === undefined) : inprog
        }
      }
      case 'aggregate': {
        const pipeline = Array.isArray(cmd.pipeline) ? (cmd.pipeline as Document[]) : []
        const stage = pipeline[0] ?? {}
        const coll = typeof arg === 'string' ? arg : '$cmd.aggregate'
        if ('$currentOp' in stage) {
          if (db !== 'admin')
            return errorReply(
              73,
              'InvalidNamespace',
              "$currentOp must be run against the 'admin' database with {aggregate: 1}"
            )
          const opts = (stage.$currentOp ?? {}) as Document
          const inprog = (reply(node, 'currentOp.json').inprog as Document[]).filter(
            (op) => opts.idleConnections === true || op.active === true
          )
          return cursorReply(
            'admin.$cmd.aggregate',
            node.role === 'secondary' ? inprog.filter((op) => op.connectionId === undefined) : inprog
          )
        }
        if ('$indexStats' in stage) {
          // The one later stage the app sends: $match on the index name (the action previews).
          const match = (pipeline[1]?.$match ?? {}) as Document
          const entries = (indexEntries(node, `${db}.${coll}`) ?? []).filter(
            (e) => match.name === undefined || e.name === match.name
          )
          return cursorReply(`${db}.${coll}`, entries)
        }
        if ('$collStats' in stage) {
          const stats = reply(node, 'collStats.json')[`${db}.${coll}`] as Document | undefined
          if (!stats) return cursorReply(`${db}.${coll}`, [])
          const { ok: _ok, ...storageStats } = stats
          return cursorReply(`${db}.${coll}`, [
            { ns: `${db}.${coll}`, host: node.address, localTime: new Date(), storageStats }
          ])
        }
        return cursorReply(`${db}.${coll}`, [])
      }
      case 'listindexes': {
        const ns = `${db}.${String(arg)}`
        const entries = indexEntries(node, ns)
        if (!entries) return errorReply(26, 'NamespaceNotFound', `ns does not exist: ${ns}`)
        return cursorReply(
          ns,
          entries.map((e) => e.spec as Document)
        )
      }
      case 'collmod': {
        // collMod { index: { name, hidden } } (4.4+), answered as mongod 7.0 documents it.
        const ns = `${db}.${String(arg)}`
        if (node.role === 'secondary') return errorReply(10107, 'NotWritablePrimary', 'not primary')
        const entries = indexEntries(node, ns)
        if (!entries) return errorReply(26, 'NamespaceNotFound', `ns does not exist: ${ns}`)
        const change = (cmd.index ?? {}) as Document
        const entry = entries.find((e) => e.name === change.name)
        if (!entry)
          return errorReply(27, 'IndexNotFound', `cannot find index ${String(change.name)} for ns ${ns}`)
        if (typeof change.hidden !== 'boolean')
          return errorReply(9, 'FailedToParse', "collMod index requires a boolean 'hidden' field")
        const old = (entry.spec as Document).hidden === true
        hiddenSet.set(hiddenKey(node, ns, String(change.name)), change.hidden)
        return { hidden_old: old, hidden_new: change.hidden, ok: 1 }
      }
      case 'collstats': {
        const stats = reply(node, 'collStats.json')[`${db}.${String(arg)}`] as Document | undefined
        return stats ?? errorReply(26, 'NamespaceNotFound', `Collection [${db}.${String(arg)}] not found.`)
      }
      case 'getlog': {
        if (arg === '*') return { names: ['global', 'startupWarnings'], ok: 1 }
        if (arg === 'startupWarnings') return { totalLinesWritten: 0, log: [], ok: 1 }
        return reply(node, 'getLog.json')
      }
      case 'listdatabases':
        return reply(node, 'listDatabases.json')
      case 'connectionstatus':
        // The fake runs without access control: no user, so the actions' privilege check allows all.
        return reply(node, 'connectionStatus.json')
      case 'listcollections': {
        const all = reply(node, 'listCollections.json')
        const type = (cmd.filter as Document | undefined)?.type
        const list = ((all[db] as Document[] | undefined) ?? []).filter(
          (c) => type === undefined || c.type === type
        )
        return cursorReply(
          `${db}.$cmd.listCollections`,
          cmd.nameOnly === true ? list.map((c) => ({ name: c.name, type: c.type })) : list
        )
      }
      default:
        return errorReply(59, 'CommandNotFound', `no such command: '${name}'`)
    }
  }

  const handle = async (node: NodeSpec, socket: Socket, message: IncomingCommand): Promise<void> => {
    const cmd = message.command
    const name = Object.keys(cmd)[0] ?? ''
    const db = typeof cmd.$db === 'string' ? cmd.$db : 'admin'
    const maxTimeMS = typeof cmd.maxTimeMS === 'number' ? cmd.maxTimeMS : null
    const seen: SeenCommand = { port: node.port, name, db, maxTimeMS }
    commandsSeen.push(seen)
    let doc: Document
    if (!EXEMPT.has(name.toLowerCase()) && maxTimeMS === null) {
      violations.push(seen)
      doc = errorReply(2, 'BadValue', 'dbconsole fake: maxTimeMS missing')
    } else {
      doc = await answer(node, cmd, name, db)
    }
    if (message.moreToCome || socket.destroyed) return
    socket.write(encodeReply(message, doc))
  }

  for (const [i, node] of nodes.entries()) {
    const server = servers[i]
    if (!server) continue
    server.on('connection', (socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => undefined)
      const reader = new MessageReader()
      socket.on('data', (chunk: Buffer) => {
        let messages: Buffer[]
        try {
          messages = reader.push(chunk)
        } catch {
          socket.destroy()
          return
        }
        for (const raw of messages) {
          let message: IncomingCommand
          try {
            message = parseMessage(raw)
          } catch {
            socket.destroy()
            return
          }
          handle(node, socket, message).catch(() => socket.destroy())
        }
      })
    })
  }

  const url = replset
    ? `mongodb://${addr(first.port)}/?replicaSet=${SET_NAME}`
    : `mongodb://${addr(first.port)}/`
  return {
    ports: nodes.map((n) => n.port),
    downPort,
    url,
    violations,
    commandsSeen,
    close: async () => {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      for (const s of sockets) s.destroy()
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
    }
  }
}
