/** Pure shaping of MongoDB records (system.profile, currentOp, replSetGetStatus) for the Mongo page. */
type Rec = Record<string, unknown>

const s = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v))
const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

export const LONG_RUNNING_SECS = 10

export interface ProfileGroup extends Rec {
  ns: string
  op: string
  planSummary: string
  shape: string
  count: number
  totalMs: number
  avgMs: number
  maxMs: number
  examinedPerReturned: number | null
  collscan: boolean
}

/**
 * Profiler entries grouped by query shape: namespace, operation, plan and the server's shape hash
 * (queryShapeHash / queryHash, which already stands for the filter's keys; the parser falls back to
 * op+ns+plan+filter keys when the server has no hash).
 */
export const groupProfile = (entries: readonly Rec[]): ProfileGroup[] => {
  const groups = new Map<
    string,
    { first: Rec; count: number; total: number; max: number; examined: number; returned: number }
  >()
  for (const e of entries) {
    const key = [e.ns, e.op, e.planSummary, e.shape].map(s).join('\u0000')
    const ms = n(e.millis) ?? 0
    const g = groups.get(key) ?? { first: e, count: 0, total: 0, max: 0, examined: 0, returned: 0 }
    g.count += 1
    g.total += ms
    g.max = Math.max(g.max, ms)
    g.examined += Math.max(n(e.docsExamined) ?? 0, n(e.keysExamined) ?? 0)
    g.returned += n(e.nreturned) ?? 0
    groups.set(key, g)
  }
  return [...groups.values()]
    .map((g) => ({
      ns: s(g.first.ns),
      op: s(g.first.op),
      planSummary: s(g.first.planSummary),
      shape: s(g.first.shape),
      count: g.count,
      totalMs: g.total,
      avgMs: g.count ? g.total / g.count : 0,
      maxMs: g.max,
      // Returned 0 counts as 1, as the analysis report does: a scan that found nothing is still a scan.
      examinedPerReturned: g.count ? g.examined / Math.max(g.returned, 1) : null,
      collscan: s(g.first.planSummary).includes('COLLSCAN')
    }))
    .sort((a, b) => b.totalMs - a.totalMs)
}

export const opTone = (op: Rec): 'bad' | 'warn' | undefined => {
  if (s(op.planSummary).includes('COLLSCAN')) return 'bad'
  if ((n(op.secsRunning) ?? 0) >= LONG_RUNNING_SECS && op.clientOp !== false) return 'warn'
  return undefined
}

export interface MemberRow extends Rec {
  name: string
  stateStr: string
  health: number | null
  lagSeconds: number | null
  down: boolean
}

/** Members with their lag behind the primary (primary optime minus member optime, healthy secondaries only). */
export const replsetMembers = (members: readonly Rec[]): MemberRow[] => {
  const primary = members.find((m) => m.stateStr === 'PRIMARY' || m.state === 1)
  const primaryOptime = n(primary?.optimeSecs)
  return members.map((m) => {
    const health = n(m.health)
    const down = health === 0
    const optime = n(m.optimeSecs)
    const secondary = m.stateStr === 'SECONDARY' || m.state === 2
    return {
      ...m,
      name: s(m.name),
      stateStr: s(m.stateStr),
      health,
      down,
      lagSeconds:
        secondary && !down && primaryOptime !== null && optime !== null
          ? Math.max(0, Math.round((primaryOptime - optime) * 10) / 10)
          : null
    }
  })
}
