/**
 * Rules on system.profile entries (any server version; planningTimeMicros 6.2+, cpuNanos 6.3+ on Linux,
 * queryHash 4.2+, queryShapeHash 8.0+), grouped by query shape:
 * - mongo.collscan: shapes whose planSummary is COLLSCAN (critical at >= 100,000 docs examined in one run,
 *   see rule-collscan.ts)
 * - mongo.docs-examined-ratio: the worst shape by examined/returned (thresholds in rule-examined-ratio.ts)
 * - mongo.slow-query: the slowest shapes by total time, warning when one run took >= 1,000 ms (seed:
 *   "5 seconds? Too slow!"; profiler entries are already above slowms, so 1 s is our line)
 * - mongo.replanned: shapes replanned (plan cache evicted the cached plan), info; warning with
 *   planningTimeMicros >= 50,000 (our line: planning costs more than most indexed queries)
 * - mongo.lock-wait: entries that waited >= 100 ms for locks (our line)
 */
import type { Finding } from '../../../shared/findings'
import { COLLSCAN_CRITICAL_DOCS } from './rule-collscan'
import { examinedPerReturned, examinedRatioRule } from './rule-examined-ratio'
import { finding, fmt } from './finding'
import type { ProfileEntry } from './parse-records'

export interface ShapeGroup {
  shape: string
  op: string
  ns: string
  planSummary: string | null
  count: number
  totalMillis: number
  maxMillis: number
  docsExamined: number
  keysExamined: number
  nreturned: number
  maxDocsExamined: number
  replanned: number
  maxPlanningTimeMicros: number | null
  cpuNanos: number | null
  lockWaitMicros: number
}

export const groupByShape = (entries: ProfileEntry[]): ShapeGroup[] => {
  const groups = new Map<string, ShapeGroup>()
  for (const e of entries) {
    const g = groups.get(e.shape) ?? {
      shape: e.shape,
      op: e.op,
      ns: e.ns,
      planSummary: e.planSummary,
      count: 0,
      totalMillis: 0,
      maxMillis: 0,
      docsExamined: 0,
      keysExamined: 0,
      nreturned: 0,
      maxDocsExamined: 0,
      replanned: 0,
      maxPlanningTimeMicros: null,
      cpuNanos: null,
      lockWaitMicros: 0
    }
    g.count++
    g.totalMillis += e.millis
    g.maxMillis = Math.max(g.maxMillis, e.millis)
    g.docsExamined += e.docsExamined ?? 0
    g.keysExamined += e.keysExamined ?? 0
    g.nreturned += e.nreturned ?? 0
    g.maxDocsExamined = Math.max(g.maxDocsExamined, e.docsExamined ?? 0)
    if (e.replanned) g.replanned++
    if (e.planningTimeMicros !== null)
      g.maxPlanningTimeMicros = Math.max(g.maxPlanningTimeMicros ?? 0, e.planningTimeMicros)
    if (e.cpuNanos !== null) g.cpuNanos = (g.cpuNanos ?? 0) + e.cpuNanos
    g.lockWaitMicros += e.lockWaitMicros
    groups.set(e.shape, g)
  }
  return [...groups.values()].sort((a, b) => b.totalMillis - a.totalMillis)
}

export const profileSummary = (entries: ProfileEntry[]): Record<string, unknown> => {
  const slowest = entries.reduce<ProfileEntry | null>(
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

export const profileRules = (entries: ProfileEntry[]): Finding[] => {
  const out: Finding[] = []
  const shapes = groupByShape(entries)
  for (const g of shapes.filter((s) => s.planSummary === 'COLLSCAN')) {
    out.push(
      finding(
        'mongo.collscan',
        g.maxDocsExamined >= COLLSCAN_CRITICAL_DOCS ? 'critical' : 'warning',
        `${g.count} profiled ${g.op} ${g.count === 1 ? 'run' : 'runs'} scanned all of ${g.ns}`,
        `This query shape ran ${g.count} times with a COLLSCAN, examining up to ${fmt(g.maxDocsExamined)} documents and taking ${fmt(g.totalMillis)} ms in total. Add an index matching its filter (equality, sort, range: ESR).`,
        g.ns,
        {
          shape: g.shape,
          count: g.count,
          totalMillis: g.totalMillis,
          maxMillis: g.maxMillis,
          maxDocsExamined: g.maxDocsExamined
        }
      )
    )
  }
  const worst = shapes
    .map((g) => ({ g, r: examinedPerReturned(g.docsExamined, g.keysExamined, g.nreturned) ?? 0 }))
    .sort((a, b) => b.r - a.r)[0]
  if (worst)
    out.push(
      ...examinedRatioRule({
        target: worst.g.ns,
        docsExamined: worst.g.docsExamined,
        keysExamined: worst.g.keysExamined,
        nReturned: worst.g.nreturned
      }).map((f) => ({ ...f, evidence: { ...f.evidence, shape: worst.g.shape, runs: worst.g.count } }))
    )
  for (const g of shapes.slice(0, 3)) {
    out.push(
      finding(
        'mongo.slow-query',
        g.maxMillis >= 1_000 ? 'warning' : 'info',
        `Slow shape on ${g.ns}: ${g.count} × ${g.op}, ${fmt(g.totalMillis)} ms total`,
        `Slowest run ${fmt(g.maxMillis)} ms, plan ${g.planSummary ?? 'unknown'}, ${fmt(g.docsExamined)} documents examined for ${fmt(g.nreturned)} returned${g.cpuNanos !== null ? `, ${fmt(Math.round(g.cpuNanos / 1e6))} ms of CPU` : ''}.`,
        g.ns,
        { ...g }
      )
    )
  }
  for (const g of shapes.filter((s) => s.replanned > 0)) {
    const slowPlanning = (g.maxPlanningTimeMicros ?? 0) >= 50_000
    out.push(
      finding(
        'mongo.replanned',
        slowPlanning ? 'warning' : 'info',
        `Query shape on ${g.ns} was replanned ${g.replanned} ${g.replanned === 1 ? 'time' : 'times'}`,
        `The cached plan stopped being efficient and the planner ran again${g.maxPlanningTimeMicros !== null ? ` (planning took up to ${fmt(g.maxPlanningTimeMicros)} µs)` : ''}. Frequent replanning means competing indexes of similar selectivity; a hint or a better index settles it.`,
        g.ns,
        { shape: g.shape, replanned: g.replanned, maxPlanningTimeMicros: g.maxPlanningTimeMicros }
      )
    )
  }
  const waited = entries.filter((e) => e.lockWaitMicros >= 100_000)
  if (waited.length) {
    const worstWait = Math.max(...waited.map((e) => e.lockWaitMicros))
    out.push(
      finding(
        'mongo.lock-wait',
        'warning',
        `${waited.length} profiled ${waited.length === 1 ? 'operation' : 'operations'} waited for locks`,
        `Up to ${fmt(Math.round(worstWait / 1000))} ms was spent acquiring locks (locks.*.timeAcquiringMicros). Look for long writes or DDL on the same collections at those times.`,
        waited[0]?.ns ?? null,
        { entries: waited.length, maxLockWaitMicros: worstWait }
      )
    )
  }
  return out
}
