/**
 * In-memory pg_stat_statements snapshots per node, and the deltas between the newest and one taken about
 * N minutes earlier: "what got slow in the last N minutes". Counters only grow until a reset, so a counter
 * that went down means pg_stat_statements_reset() (or a restart): that statement's delta starts afresh.
 * Nothing is persisted; at most `maxSnapshots` per node are kept.
 */
import type { StatementDelta } from '../../../shared/records/postgres'
import type { StatementStat } from '../../../shared/records/postgres'

interface Snapshot {
  at: number
  byKey: Map<string, { query: string; calls: number; totalMs: number }>
}

const keyOf = (s: StatementStat): string => `${s.queryid ?? s.query}\u0000${s.username ?? ''}`

export const snapshotOf = (rows: StatementStat[], at: number): Snapshot => {
  const byKey = new Map<string, { query: string; calls: number; totalMs: number }>()
  for (const s of rows) {
    const key = keyOf(s)
    const prev = byKey.get(key)
    // The same queryid can appear once per toplevel/nested variant (PG 14+): sum them.
    byKey.set(key, {
      query: s.query,
      calls: (prev?.calls ?? 0) + s.calls,
      totalMs: (prev?.totalMs ?? 0) + s.total_ms
    })
  }
  return { at, byKey }
}

/** What happened between two snapshots: statements with calls in the window, slowest mean first. */
export const statementDeltas = (before: Snapshot, after: Snapshot): StatementDelta[] => {
  const windowSeconds = (after.at - before.at) / 1000
  const out: StatementDelta[] = []
  for (const [key, now] of after.byKey) {
    const then = before.byKey.get(key)
    const reset = then !== undefined && (now.calls < then.calls || now.totalMs < then.totalMs)
    const base = then && !reset ? then : { calls: 0, totalMs: 0 }
    const calls = now.calls - base.calls
    if (calls <= 0) continue
    const totalMs = now.totalMs - base.totalMs
    out.push({
      queryid: key.split('\u0000')[0] ?? key,
      query: now.query,
      windowSeconds,
      calls,
      totalMs,
      meanMs: totalMs / calls,
      previousMeanMs: base.calls > 0 ? base.totalMs / base.calls : null
    })
  }
  return out.sort((a, b) => b.meanMs - a.meanMs)
}

export class StatsSnapshotStore {
  private readonly byNode = new Map<string, Snapshot[]>()

  constructor(
    private readonly maxSnapshots = 120,
    private readonly now: () => number = Date.now
  ) {}

  /** Record a snapshot for the node; returns the deltas against the oldest snapshot within `windowMs`. */
  record(node: string, rows: StatementStat[], windowMs = 15 * 60_000): StatementDelta[] | undefined {
    const at = this.now()
    const snap = snapshotOf(rows, at)
    const list = this.byNode.get(node) ?? []
    const inWindow = list.filter((s) => at - s.at <= windowMs)
    const base = inWindow[0] ?? list[list.length - 1]
    list.push(snap)
    while (list.length > this.maxSnapshots) list.shift()
    this.byNode.set(node, list)
    return base ? statementDeltas(base, snap) : undefined
  }

  clear(node?: string): void {
    if (node === undefined) this.byNode.clear()
    else this.byNode.delete(node)
  }
}
