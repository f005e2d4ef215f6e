/**
 * system.profile entries grouped by query shape (the server's queryShapeHash / queryHash, else
 * op+ns+plan+filter keys: parse-records.ts), slowest total first: what the profile rules judge and
 * what the Mongo page lists.
 */
import type { FindingSubject } from '../../../shared/findings'
import { examinedPerReturned } from './examined'
import type { ProfileEntry, ShapeGroup, ShapeRow } from '../../../shared/records/mongo'

/** Adds one entry to its shape's group: the profile rules' grouping, also fed line by line by mongolog. */
export const addToShapeGroup = (groups: Map<string, ShapeGroup>, e: ProfileEntry): ShapeGroup => {
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
  return g
}

export const byTotalMillis = (groups: Iterable<ShapeGroup>): ShapeGroup[] =>
  [...groups].sort((a, b) => b.totalMillis - a.totalMillis)

export const groupByShape = (entries: ProfileEntry[]): ShapeGroup[] => {
  const groups = new Map<string, ShapeGroup>()
  for (const e of entries) addToShapeGroup(groups, e)
  return byTotalMillis(groups.values())
}

/** A shape as a table row: its mean run time and examined-per-returned ratio (returned 0 counts as 1). */
export const shapeRow = (g: ShapeGroup): ShapeRow => ({
  ...g,
  avgMillis: g.totalMillis / g.count,
  examinedPerReturned: examinedPerReturned(g.docsExamined, g.keysExamined, g.nreturned)
})

/** A profiled query shape as a finding's subject: the shape key the profile rows carry. */
export const shapeSubject = (shape: string, node: string | null): FindingSubject => ({
  kind: 'statement',
  name: shape,
  ...(node ? { node } : {})
})
