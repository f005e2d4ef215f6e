/**
 * The summary facts of each probe's records (spec/analysis-report.md, MongoDB): the `summary` of a
 * pasted kind's report and the facts of a node's mongo.health report. Facts, not judgements: the rules
 * decide what is a problem.
 */
import { examinedPerReturned } from './examined'
import type { CurrentOp, IndexUsage, ServerStatusFacts } from '../../../shared/records/mongo'
import type { ReplSetStatus, ServerStatus } from './parse-records'
import { replSummary } from './parse-records'
import { groupByShape } from './profile-shapes'
import type { ProfileSample } from './records'

export const pct = (x: number): number => Math.round(x * 1000) / 10

export const cacheRatios = (s: ServerStatus): { fill: number | null; dirty: number | null } => {
  const max = s.cache?.maxBytes ?? null
  if (!max) return { fill: null, dirty: null }
  return {
    fill: s.cache?.usedBytes != null ? s.cache.usedBytes / max : null,
    dirty: s.cache?.dirtyBytes != null ? s.cache.dirtyBytes / max : null
  }
}

export const serverStatusSummary = (s: ServerStatus): ServerStatusFacts => {
  const r = cacheRatios(s)
  return {
    version: s.version,
    storageEngine: s.storageEngine,
    connectionsCurrent: s.connections.current,
    uptimeSeconds: s.uptimeSeconds,
    host: s.host,
    connectionsAvailable: s.connections.available,
    cacheFillPercent: r.fill === null ? null : pct(r.fill),
    cacheDirtyPercent: r.dirty === null ? null : pct(r.dirty)
  }
}

export const replSetSummary = (s: ReplSetStatus): Record<string, unknown> => {
  const r = replSummary(s)
  return {
    set: s.set,
    members: s.members.length,
    primary: r.primary,
    unhealthyMembers: r.unhealthyMembers,
    maxLagSeconds: r.maxLagSeconds,
    lags: r.lags
  }
}

export const currentOpSummary = (ops: CurrentOp[]): Record<string, unknown> => {
  const active = ops.filter((o) => o.active)
  // Internal threads (replication, TTL monitor) run for ever by design: only client ops count.
  const secs = active
    .filter((o) => o.clientOp)
    .map((o) => o.secsRunning)
    .filter((s): s is number => s !== null)
  return {
    ops: ops.length,
    activeOps: active.length,
    longestRunningSecs: secs.length ? Math.max(...secs) : null,
    collscanOps: active.filter((o) => o.planSummary === 'COLLSCAN').length,
    waitingForLock: ops.filter((o) => o.waitingForLock).length
  }
}

export const profileSummary = ({ entries }: ProfileSample): Record<string, unknown> => {
  const slowest = entries.reduce<ProfileSample['entries'][number] | null>(
    (a, e) => (a === null || e.millis > a.millis ? e : a),
    null
  )
  const ratios = entries
    .map((e) => examinedPerReturned(e.docsExamined, e.keysExamined, e.nreturned))
    .filter((r): r is number => r !== null)
  const shapes = groupByShape(entries)
  return {
    entries: entries.length,
    slowest: slowest ? { op: slowest.op, ns: slowest.ns, millis: slowest.millis } : null,
    collscanEntries: entries.filter((e) => e.planSummary === 'COLLSCAN').length,
    worstExaminedPerReturned: ratios.length ? Math.max(...ratios) : null,
    shapes: shapes.length,
    mostFrequent: shapes.length ? ([...shapes].sort((a, b) => b.count - a.count)[0]?.shape ?? null) : null,
    replannedEntries: entries.filter((e) => e.replanned).length
  }
}

/** An index other than _id_ that no operation used since the counters started. */
export const isUnused = (i: IndexUsage): boolean => i.ops === 0 && i.name !== '_id_'

export const indexStatsSummary = (indexes: IndexUsage[]): Record<string, unknown> => ({
  indexes: indexes.length,
  unusedIndexes: indexes.filter(isUnused).length,
  hosts: [...new Set(indexes.map((i) => i.host).filter((h) => h !== null))]
})
