/**
 * MongoDB diagnostics declared once (docs/architecture.md "Diagnostics pipeline"): the probes a live
 * check runs on each node, each with its one parser from the command reply to typed records, and every
 * rule with the records it needs. `dbconsole check` (engines/mongo/check.ts) runs the probes; a pasted
 * serverStatus, currentOp, profile, rs.status() or $indexStats is that probe's output, pasted (kinds.ts),
 * read by the same parser and judged by the same rules. Explain output is parsed by parse-explain.ts and
 * judged by the explain rules here too. Every probe is a read-only command (the adapter adds maxTimeMS);
 * the profiler is only read, never switched on.
 */
import type { Finding } from '../../../shared/findings'
import {
  evaluateRules,
  type EngineDiagnostics,
  type ProbeOutcome,
  type ProbeOutcomes,
  type ProbeSpec
} from '../pipeline/engine-diagnostics'
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import { get } from './mongo-value'
import type { MongoValue } from '../../../shared/records/mongo'
import type { ParsedExplain } from './parse-explain'
import { toPlain } from './parse-input'
import {
  documentsOf,
  parseCurrentOp,
  parseIndexStats,
  parseProfile,
  parseReplSetStatus,
  parseServerStatus
} from './parse-records'
import type { IndexUsage, ProfileEntry } from '../../../shared/records/mongo'
import { PASTED, type MongoContext, type MongoProbeId, type MongoRecords } from './records'
import { collscanInCurrentOpRule, collscanInExplainRule, collscanInProfileRule } from './rule-collscan'
import { longRunningOpRule } from './rule-currentop'
import { examinedRatioInExplainRule, examinedRatioInProfileRule } from './rule-examined-ratio'
import { lockWaitInCurrentOpRule, lockWaitInProfileRule } from './rule-lock-wait'
import {
  blockingSortRule,
  execTimeRule,
  fetchFilterRule,
  lookupIndexRule,
  scatterGatherRule
} from './rule-plan-shape'
import { profilerOffRule, replannedRule, slowQueryRule } from './rule-profile'
import { replicationRules } from './rule-replication'
import { serverStatusRules } from './rule-server-status'
import { unusedIndexRule } from './rule-unused-index'

export const MAX_PROFILE_DATABASES = 20
export const MAX_INDEX_STATS_COLLECTIONS = 50
export const PROFILE_SAMPLE = 100

const SYSTEM_DBS = new Set(['admin', 'local', 'config'])

/** What the probes read through: one mongod's diagnostic commands. */
export interface MongoProbeSession {
  address: string
  command(db: string, command: Record<string, unknown>): Promise<Record<string, unknown>>
  /** The node's databases other than admin, local and config, listed once per check. */
  databases(): Promise<string[]>
}

const plainReply = async (
  s: MongoProbeSession,
  db: string,
  command: Record<string, unknown>
): Promise<MongoValue> => toPlain(await s.command(db, command))

/** A node's commands with its database list read once, for the probes that walk databases. */
export const probeSession = (node: {
  address: string
  command: MongoProbeSession['command']
}): MongoProbeSession => {
  let databases: Promise<string[]> | null = null
  const session: MongoProbeSession = {
    address: node.address,
    command: (db, cmd) => node.command(db, cmd),
    databases: () =>
      (databases ??= plainReply(session, 'admin', { listDatabases: 1, nameOnly: true }).then((list) => {
        const all = get(list, 'databases')
        return (Array.isArray(all) ? all : [])
          .map((d) => get(d, 'name'))
          .filter((n): n is string => typeof n === 'string' && !SYSTEM_DBS.has(n))
      }))
  }
  return session
}

/** A probe, and how pasted output of the same command becomes its raw input. */
export type MongoProbe<K extends MongoProbeId, Raw> = ProbeSpec<
  MongoProbeSession,
  MongoContext,
  Raw,
  MongoRecords[K]
> & {
  id: K
  pasted(value: MongoValue): Raw
}

const replyProbe = <K extends MongoProbeId>(
  id: K,
  command: Record<string, unknown>,
  parse: (reply: MongoValue) => ParseResult<MongoRecords[K]>,
  skip?: (context: MongoContext) => string | null
): MongoProbe<K, MongoValue> => ({
  id,
  ...(skip ? { skip } : {}),
  run: (s) => plainReply(s, 'admin', command),
  parse,
  pasted: (value) => value
})

export const serverStatusProbe = replyProbe('serverStatus', { serverStatus: 1 }, parseServerStatus)

export const replSetStatusProbe = replyProbe(
  'replSetStatus',
  { replSetGetStatus: 1 },
  parseReplSetStatus,
  (c) => (c.setName === null ? 'The node is not a replica set member.' : null)
)

export const currentOpProbe = replyProbe(
  'currentOp',
  { aggregate: 1, pipeline: [{ $currentOp: { allUsers: true, idleConnections: false } }], cursor: {} },
  parseCurrentOp
)

/** system.profile of each profiled database (level read with profile: -1, which changes nothing). */
interface ProfileRaw {
  databases: number | null
  profiled: string[] | null
  batches: MongoValue[]
}

export const profileProbe: MongoProbe<'profile', ProfileRaw> = {
  id: 'profile',
  run: async (s) => {
    const databases = await s.databases()
    const profiled: string[] = []
    const batches: MongoValue[] = []
    for (const db of databases.slice(0, MAX_PROFILE_DATABASES)) {
      const level = get(await plainReply(s, db, { profile: -1 }), 'was')
      if (typeof level !== 'number' || level === 0) continue
      profiled.push(db)
      batches.push(
        await plainReply(s, db, { find: 'system.profile', sort: { ts: -1 }, limit: PROFILE_SAMPLE })
      )
    }
    return { databases: databases.length, profiled, batches }
  },
  parse: (raw) => {
    const entries: ProfileEntry[] = []
    for (const batch of raw.batches) {
      // A profiled database where nothing was slow yet.
      if (documentsOf(batch)?.length === 0) continue
      const p = parseProfile(batch)
      if (!p.ok) return p
      entries.push(...p.value)
    }
    if (raw.profiled === null && entries.length === 0)
      return parseFailure('UNRECOGNIZED', 'No system.profile documents found.')
    return parsed({ entries, databases: raw.databases, profiledDatabases: raw.profiled })
  },
  pasted: (value) => ({ databases: null, profiled: null, batches: [value] })
}

/** $indexStats of each collection, bounded to MAX_INDEX_STATS_COLLECTIONS. */
interface IndexStatsRaw {
  totalCollections: number | null
  batches: { ns: string | null; reply: MongoValue }[]
}

const collectionsOf = async (s: MongoProbeSession, db: string): Promise<string[]> => {
  const reply = await plainReply(s, db, {
    listCollections: 1,
    filter: { type: 'collection' },
    nameOnly: true,
    authorizedCollections: true
  })
  return (documentsOf(reply) ?? [])
    .filter((c) => c.type === undefined || c.type === 'collection')
    .map((c) => c.name)
    .filter((n): n is string => typeof n === 'string' && !n.startsWith('system.'))
}

export const indexStatsProbe: MongoProbe<'indexStats', IndexStatsRaw> = {
  id: 'indexStats',
  run: async (s) => {
    const namespaces: { db: string; coll: string }[] = []
    let total = 0
    for (const db of await s.databases()) {
      const names = await collectionsOf(s, db)
      total += names.length
      for (const coll of names)
        if (namespaces.length < MAX_INDEX_STATS_COLLECTIONS) namespaces.push({ db, coll })
    }
    const batches: IndexStatsRaw['batches'] = []
    for (const { db, coll } of namespaces)
      batches.push({
        ns: `${db}.${coll}`,
        reply: await plainReply(s, db, { aggregate: coll, pipeline: [{ $indexStats: {} }], cursor: {} })
      })
    return { totalCollections: total, batches }
  },
  parse: (raw) => {
    const indexes: IndexUsage[] = []
    for (const b of raw.batches) {
      const p = parseIndexStats(b.reply, b.ns)
      if (!p.ok) return p
      indexes.push(...p.value)
    }
    const live = raw.totalCollections !== null
    return parsed({
      indexes,
      checkedCollections: live ? raw.batches.length : null,
      totalCollections: raw.totalCollections
    })
  },
  pasted: (value) => ({ totalCollections: null, batches: [{ ns: null, reply: value }] })
}

/** The probes of a live check, in the order they run. */
export const MONGO_PROBES = [
  serverStatusProbe,
  replSetStatusProbe,
  currentOpProbe,
  profileProbe,
  indexStatsProbe
] as const

/** Every rule, in report order (findings of equal severity keep it). */
export const mongoDiagnostics: EngineDiagnostics<MongoRecords, MongoContext> = {
  engine: 'mongo',
  rules: [
    ...serverStatusRules,
    ...replicationRules,
    longRunningOpRule,
    collscanInCurrentOpRule,
    lockWaitInCurrentOpRule,
    collscanInProfileRule,
    examinedRatioInProfileRule,
    slowQueryRule,
    replannedRule,
    lockWaitInProfileRule,
    profilerOffRule,
    unusedIndexRule,
    collscanInExplainRule,
    examinedRatioInExplainRule,
    blockingSortRule,
    fetchFilterRule,
    scatterGatherRule,
    lookupIndexRule,
    execTimeRule
  ]
}

/** The registry without the rules that need a probe outside `probes` (not run here, or judged elsewhere). */
export const rulesOver = (
  probes: ReadonlySet<MongoProbeId>
): EngineDiagnostics<MongoRecords, MongoContext> => ({
  ...mongoDiagnostics,
  rules: mongoDiagnostics.rules.filter((r) => r.needs.every((n) => probes.has(n)))
})

/** Records one probe's outcome (an index write TypeScript cannot check for a generic probe id). */
export const setOutcome = <K extends MongoProbeId>(
  outcomes: ProbeOutcomes<MongoRecords>,
  id: K,
  outcome: ProbeOutcome<MongoRecords[K]>
): void => {
  Object.assign(outcomes, { [id]: outcome })
}

/** The findings of a pasted probe output: the rules whose needs it meets. */
export const judgePasted = <K extends MongoProbeId>(id: K, records: MongoRecords[K]): Finding[] => {
  const outcomes: ProbeOutcomes<MongoRecords> = {}
  setOutcome(outcomes, id, { ok: true, value: records })
  return evaluateRules(mongoDiagnostics, outcomes, PASTED, 'pasted')
}

export const explainFindings = (e: ParsedExplain): Finding[] => judgePasted('explain', e)
