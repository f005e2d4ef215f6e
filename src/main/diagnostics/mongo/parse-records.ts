/**
 * Typed records from the other diagnostic outputs: system.profile, currentOp, replSetGetStatus,
 * serverStatus and $indexStats. Each takes the plain value of parse-input.ts and accepts the
 * document itself, an array of documents, or a command's cursor reply ({ cursor: { firstBatch } }).
 * Field names follow the MongoDB manual for 3.6-8.0; version differences are noted where they apply.
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import {
  asArray,
  asDate,
  asDoc,
  asNumber,
  asString,
  asTimestamp,
  docs,
  get,
  isDoc,
  num,
  str
} from './mongo-value'
import type { MongoDoc, MongoValue } from '../../../shared/records/mongo'
import type { CurrentOp, IndexUsage, ProfileEntry, ReplMember } from '../../../shared/records/mongo'

/** The documents of a value: itself, its array, or a cursor reply's batch. */
export const documentsOf = (v: MongoValue, arrayKey?: string): MongoDoc[] | null => {
  if (Array.isArray(v)) return docs(v)
  const d = asDoc(v)
  if (!d) return null
  const batch = asArray(get(d, 'cursor', 'firstBatch')) ?? asArray(get(d, 'cursor', 'nextBatch'))
  if (batch) return docs(batch)
  if (arrayKey && Array.isArray(d[arrayKey])) return docs(d[arrayKey])
  return [d]
}

const serverError = (v: MongoValue): string | null =>
  num(v, 'ok') === 0 ? (str(v, 'errmsg') ?? 'the server returned ok: 0') : null

/**
 * Sum of every number under `locks.*.timeAcquiringMicros.*` (3.0+), or under the one
 * `lockStats.timeAcquiringMicros` ({ r, w }) of 2.x profiler documents.
 */
const lockWaitMicros = (d: MongoDoc): number => {
  let total = 0
  const locks = d.locks ?? (isDoc(d.lockStats) ? { legacy: d.lockStats } : undefined)
  if (!isDoc(locks)) return 0
  for (const l of Object.values(locks)) {
    const t = asDoc(get(l, 'timeAcquiringMicros'))
    if (t) for (const x of Object.values(t)) total += asNumber(x) ?? 0
  }
  return total
}

// ---- system.profile -------------------------------------------------------------------------------

/** The filter's fields: in the command (3.2+), else 2.x's `query`, which is the filter itself or `$query`. */
const filterKeys = (d: MongoDoc): string => {
  const cmd = d.command ?? d.query
  const f =
    asDoc(get(cmd, 'filter')) ??
    asDoc(get(cmd, 'q')) ??
    asDoc(get(cmd, 'query')) ??
    asDoc(get(cmd, '$query')) ??
    (d.command === undefined ? asDoc(d.query) : null)
  return f ? Object.keys(f).sort().join(',') : ''
}

/**
 * One profiler document (or a "Slow query" log line's attr shaped like one: mongolog/slow-op.ts) as an
 * entry; null without op, ns or millis.
 */
export const profileEntryOf = (d: MongoDoc): ProfileEntry | null => {
  const millis = asNumber(d.millis)
  const op = asString(d.op)
  const ns = asString(d.ns)
  if (millis === null || op === null || ns === null) return null
  const planSummary = asString(d.planSummary)
  const hash = asString(d.queryShapeHash) ?? asString(d.queryHash)
  return {
    op,
    ns,
    millis,
    planSummary,
    // 2.x-3.0 profilers name them nscannedObjects (documents) and nscanned (index keys, or documents
    // on a 2.4 table scan): 3.2 renamed them (MongoDB 3.2 release notes, "Profiler").
    docsExamined: asNumber(d.docsExamined) ?? asNumber(d.nscannedObjects),
    keysExamined: asNumber(d.keysExamined) ?? asNumber(d.nscanned),
    // Writes carry no nreturned: the documents they matched play that part (2.4: nupdated).
    nreturned: asNumber(d.nreturned) ?? asNumber(d.nMatched) ?? asNumber(d.nupdated) ?? asNumber(d.ndeleted),
    shape: hash ? `${ns} ${hash}` : `${op} ${ns} ${planSummary ?? ''} {${filterKeys(d)}}`,
    replanned: d.replanned === true,
    planningTimeMicros: asNumber(d.planningTimeMicros),
    cpuNanos: asNumber(d.cpuNanos),
    lockWaitMicros: lockWaitMicros(d),
    ts: asDate(d.ts),
    appName: asString(d.appName)
  }
}

export const parseProfile = (v: MongoValue): ParseResult<ProfileEntry[]> => {
  const err = serverError(v)
  if (err) return parseFailure('SERVER_ERROR', err)
  const list = documentsOf(v)
  if (!list || list.length === 0) return parseFailure('UNRECOGNIZED', 'No system.profile documents found.')
  const out: ProfileEntry[] = []
  for (const [i, d] of list.entries()) {
    const entry = profileEntryOf(d)
    if (entry === null)
      return parseFailure(
        'MALFORMED',
        `Profile entry ${i + 1} has no op, ns or millis: it is not a system.profile document.`
      )
    out.push(entry)
  }
  return parsed(out)
}

// ---- currentOp ------------------------------------------------------------------------------------

export const parseCurrentOp = (v: MongoValue): ParseResult<CurrentOp[]> => {
  const err = serverError(v)
  if (err) return parseFailure('SERVER_ERROR', err)
  const list = documentsOf(v, 'inprog')
  if (!list)
    return parseFailure('UNRECOGNIZED', 'currentOp output is an inprog array or an array of operations.')
  return parsed(
    list.map((d) => {
      const micros = asNumber(d.microsecs_running)
      const secs = asNumber(d.secs_running) ?? (micros !== null ? Math.floor(micros / 1e6) : null)
      const opid = d.opid
      return {
        opid: typeof opid === 'number' || typeof opid === 'string' ? String(opid) : null,
        active: d.active === true,
        secsRunning: secs,
        op: asString(d.op),
        ns: asString(d.ns),
        desc: asString(d.desc),
        client: asString(d.client) ?? asString(d.client_s),
        appName: asString(d.appName),
        planSummary: asString(d.planSummary),
        waitingForLock: d.waitingForLock === true,
        clientOp:
          asString(d.client) !== null || asString(d.client_s) !== null || asNumber(d.connectionId) !== null,
        command: d.command ?? d.query ?? null
      }
    })
  )
}

// ---- replSetGetStatus -----------------------------------------------------------------------------

export interface ReplSetStatus {
  set: string | null
  myState: number | null
  members: ReplMember[]
}

export const parseReplSetStatus = (v: MongoValue): ParseResult<ReplSetStatus> => {
  const d = asDoc(v)
  if (!d) return parseFailure('UNRECOGNIZED', 'replSetGetStatus output is one document with a members array.')
  const err = serverError(d)
  if (err) return parseFailure('SERVER_ERROR', err)
  const raw = asArray(d.members)
  if (!raw) return parseFailure('UNRECOGNIZED', 'No members array: this is not rs.status() output.')
  const members: ReplMember[] = []
  for (const [i, m] of raw.entries()) {
    if (!isDoc(m) || typeof m.name !== 'string')
      return parseFailure('MALFORMED', `Member ${i + 1} has no name.`)
    const date = asDate(m.optimeDate)
    const ts = asTimestamp(get(m, 'optime', 'ts')) ?? asTimestamp(m.optime)
    const secs = date && date.getTime() > 0 ? date.getTime() / 1000 : ts && ts.t > 0 ? ts.t : null
    members.push({
      name: m.name,
      health: asNumber(m.health),
      state: asNumber(m.state),
      stateStr: asString(m.stateStr) ?? 'UNKNOWN',
      optimeSecs: secs,
      lastHeartbeatMessage: asString(m.lastHeartbeatMessage) || asString(m.errmsg) || null,
      self: m.self === true,
      syncSource: asString(m.syncSourceHost) || asString(m.syncingTo) || null
    })
  }
  return parsed({ set: asString(d.set), myState: asNumber(d.myState), members })
}

export const replSummary = (
  s: ReplSetStatus
): {
  primary: string | null
  unhealthyMembers: number
  lags: { name: string; lagSeconds: number }[]
  maxLagSeconds: number | null
} => {
  const primary = s.members.find((m) => m.state === 1 || m.stateStr === 'PRIMARY') ?? null
  const lags =
    primary?.optimeSecs != null
      ? s.members
          .filter(
            (m) => (m.state === 2 || m.stateStr === 'SECONDARY') && m.health !== 0 && m.optimeSecs !== null
          )
          .map((m) => ({
            name: m.name,
            lagSeconds: Math.max(
              0,
              Math.round(((primary.optimeSecs as number) - (m.optimeSecs as number)) * 1000) / 1000
            )
          }))
      : []
  return {
    primary: primary?.name ?? null,
    unhealthyMembers: s.members.filter((m) => m.health === 0).length,
    lags,
    maxLagSeconds: primary ? (lags.length ? Math.max(...lags.map((l) => l.lagSeconds)) : 0) : null
  }
}

// ---- serverStatus ---------------------------------------------------------------------------------

export interface ServerStatus {
  version: string | null
  host: string | null
  process: string | null
  storageEngine: string | null
  uptimeSeconds: number | null
  connections: { current: number | null; available: number | null }
  cache: {
    maxBytes: number | null
    usedBytes: number | null
    dirtyBytes: number | null
    appThreadEvictions: number | null
  } | null
  /** 7.0+ queues.execution, else wiredTiger.concurrentTransactions (3.0-6.x). */
  tickets: { kind: 'read' | 'write'; out: number; available: number; total: number }[]
  asserts: { regular: number | null; warning: number | null; user: number | null }
  pageFaults: number | null
}

export const parseServerStatus = (v: MongoValue): ParseResult<ServerStatus> => {
  const d = asDoc(v)
  if (!d) return parseFailure('UNRECOGNIZED', 'serverStatus output is one document.')
  const err = serverError(d)
  if (err) return parseFailure('SERVER_ERROR', err)
  if (asNumber(d.uptime) === null && !isDoc(d.connections) && !isDoc(d.wiredTiger))
    return parseFailure(
      'UNRECOGNIZED',
      'No uptime, connections or wiredTiger section: this is not serverStatus output.'
    )
  const cacheDoc = asDoc(get(d, 'wiredTiger', 'cache'))
  const ticketsDoc =
    asDoc(get(d, 'queues', 'execution')) ?? asDoc(get(d, 'wiredTiger', 'concurrentTransactions'))
  const tickets: ServerStatus['tickets'] = []
  for (const kind of ['read', 'write'] as const) {
    const out = num(ticketsDoc, kind, 'out')
    const available = num(ticketsDoc, kind, 'available')
    const total = num(ticketsDoc, kind, 'totalTickets')
    if (out !== null && available !== null && total !== null) tickets.push({ kind, out, available, total })
  }
  return parsed({
    version: asString(d.version),
    host: asString(d.host),
    process: asString(d.process),
    storageEngine: str(d, 'storageEngine', 'name'),
    uptimeSeconds: asNumber(d.uptime),
    connections: { current: num(d, 'connections', 'current'), available: num(d, 'connections', 'available') },
    cache: cacheDoc
      ? {
          maxBytes: asNumber(cacheDoc['maximum bytes configured']),
          usedBytes: asNumber(cacheDoc['bytes currently in the cache']),
          dirtyBytes: asNumber(cacheDoc['tracked dirty bytes in the cache']),
          appThreadEvictions: asNumber(cacheDoc['pages evicted by application threads'])
        }
      : null,
    tickets,
    asserts: {
      regular: num(d, 'asserts', 'regular'),
      warning: num(d, 'asserts', 'warning'),
      user: num(d, 'asserts', 'user')
    },
    pageFaults: num(d, 'extra_info', 'page_faults')
  })
}

// ---- $indexStats ----------------------------------------------------------------------------------

export const parseIndexStats = (v: MongoValue, ns: string | null = null): ParseResult<IndexUsage[]> => {
  const err = serverError(v)
  if (err) return parseFailure('SERVER_ERROR', err)
  const list = documentsOf(v)
  if (!list) return parseFailure('UNRECOGNIZED', '$indexStats output is an array of index documents.')
  const out: IndexUsage[] = []
  for (const [i, d] of list.entries()) {
    const name = asString(d.name)
    const ops = num(d, 'accesses', 'ops')
    if (name === null || ops === null)
      return parseFailure('MALFORMED', `Index entry ${i + 1} has no name or accesses.ops.`)
    out.push({
      ns,
      name,
      ops,
      since: asDate(get(d, 'accesses', 'since')),
      host: asString(d.host),
      hidden: get(d, 'spec', 'hidden') === true
    })
  }
  return parsed(out)
}
