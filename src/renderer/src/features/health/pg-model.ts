/** Pure shaping of PostgreSQL probe records for the Health page. Records are untyped JSON: read defensively. */
import { numOr, str } from '../../components/engine-page/detail-model'

type Rec = Record<string, unknown>

export interface BlockNode {
  pid: number
  row: Rec | null
  children: BlockNode[]
}

const pidsBlocking = (row: Rec): number[] =>
  Array.isArray(row.blocked_by) ? row.blocked_by.filter((p): p is number => typeof p === 'number') : []

/**
 * Who blocks whom: roots are sessions that block others and wait on no one (or whose blocker is not in
 * the view); each child waits on its parent. A cycle (deadlock in progress) is cut where it repeats.
 */
export const blockingTree = (activity: readonly Rec[]): BlockNode[] => {
  const byPid = new Map<number, Rec>()
  for (const r of activity) {
    const pid = numOr(r.pid)
    if (pid !== null) byPid.set(pid, r)
  }
  const waiters = new Map<number, number[]>()
  const blocked = new Set<number>()
  for (const [pid, r] of byPid)
    for (const b of pidsBlocking(r)) {
      waiters.set(b, [...(waiters.get(b) ?? []), pid])
      blocked.add(pid)
    }
  const build = (pid: number, path: Set<number>): BlockNode => ({
    pid,
    row: byPid.get(pid) ?? null,
    children: (waiters.get(pid) ?? []).filter((w) => !path.has(w)).map((w) => build(w, new Set([...path, w])))
  })
  const roots = [...waiters.keys()].filter(
    (pid) => !blocked.has(pid) || pidsBlocking(byPid.get(pid) ?? {}).every((b) => !byPid.has(b))
  )
  // Everyone in a pure cycle is blocked; start from the smallest pid so the cycle still shows.
  if (roots.length === 0 && waiters.size > 0) roots.push(Math.min(...waiters.keys()))
  return roots.sort((a, b) => a - b).map((pid) => build(pid, new Set([pid])))
}

export type IndexProblem = 'unused' | 'duplicate' | 'invalid'

export interface IndexRow extends Rec {
  problems: IndexProblem[]
  duplicateOf: string | null
}

const indexSignature = (r: Rec): string =>
  [r.schemaname, r.relname, r.indkey, r.indclass, r.expressions ?? '', r.predicate ?? '']
    .map(str)
    .join('\u0000')

/** Flags unused (never scanned, not backing a constraint), duplicate (same table, keys, opclasses, predicate) and invalid indexes. */
export const indexProblems = (indexes: readonly Rec[]): IndexRow[] => {
  const firstBySig = new Map<string, string>()
  return indexes.map((r) => {
    const problems: IndexProblem[] = []
    const name = `${str(r.schemaname)}.${str(r.indexrelname)}`
    if (r.is_valid === false || r.is_ready === false) problems.push('invalid')
    if (
      numOr(r.idx_scan) === 0 &&
      r.is_unique !== true &&
      r.is_primary !== true &&
      r.constraint_backed !== true
    )
      problems.push('unused')
    const sig = indexSignature(r)
    const first = firstBySig.get(sig)
    if (first === undefined) firstBySig.set(sig, name)
    else problems.push('duplicate')
    return { ...r, problems, duplicateOf: first ?? null }
  })
}

export interface TableRow extends Rec {
  table: string
  dead_ratio: number | null
  bloat_bytes: number | null
  bloat_ratio: number | null
  last_vacuum_any_s: number | null
}

/** pg_stat_user_tables joined with the bloat estimate of the same table. */
export const tableRows = (tables: readonly Rec[], bloat: readonly Rec[]): TableRow[] => {
  const bloatBy = new Map<string, Rec>()
  for (const b of bloat) bloatBy.set(`${str(b.schemaname)}.${str(b.tblname)}`, b)
  return tables.map((t) => {
    const table = `${str(t.schemaname)}.${str(t.relname)}`
    const live = numOr(t.n_live_tup) ?? 0
    const dead = numOr(t.n_dead_tup) ?? 0
    const b = bloatBy.get(table)
    const vac = [numOr(t.last_vacuum_s), numOr(t.last_autovacuum_s)].filter((v): v is number => v !== null)
    return {
      ...t,
      table,
      dead_ratio: live + dead > 0 ? dead / (live + dead) : null,
      bloat_bytes: b && b.is_na !== true ? numOr(b.bloat_bytes) : null,
      bloat_ratio: b && b.is_na !== true ? numOr(b.bloat_ratio) : null,
      last_vacuum_any_s: vac.length ? Math.min(...vac) : null
    }
  })
}

export interface CountRow extends Rec {
  key: string
  count: number
}

/** Backends grouped by one field (state, user, application), most first. */
export const countBy = (rows: readonly Rec[], field: string): CountRow[] => {
  const counts = new Map<string, number>()
  for (const r of rows) {
    const k = str(r[field]) || '(none)'
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  return [...counts.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count)
}

export interface ReplicaView {
  connectionName: string
  /** Host (no port) the replica connects from, as far as we know it from its profile. */
  host: string
  receiver: Rec | null
}

export interface ReplicationJoin {
  joined: { primary: Rec; replica: ReplicaView }[]
  primaryOnly: Rec[]
  replicaOnly: ReplicaView[]
}

/**
 * Pairs the primary's pg_stat_replication rows with replicas' own pg_stat_wal_receiver views. The only
 * address both sides know is the replica's host (client_addr); a pairing is made only when it is
 * unambiguous (one row and one replica for that host), otherwise both stay in their own tables.
 */
export const joinReplication = (
  primaryRows: readonly Rec[],
  replicas: readonly ReplicaView[]
): ReplicationJoin => {
  const rowsByHost = new Map<string, Rec[]>()
  for (const r of primaryRows) {
    const h = str(r.client_addr) || '(local socket)'
    rowsByHost.set(h, [...(rowsByHost.get(h) ?? []), r])
  }
  const replicasByHost = new Map<string, ReplicaView[]>()
  for (const v of replicas) replicasByHost.set(v.host, [...(replicasByHost.get(v.host) ?? []), v])
  const joined: ReplicationJoin['joined'] = []
  const used = new Set<Rec>()
  const usedReplicas = new Set<ReplicaView>()
  for (const [host, rows] of rowsByHost) {
    const views = replicasByHost.get(host) ?? []
    const row = rows[0]
    const view = views[0]
    if (rows.length === 1 && views.length === 1 && row && view) {
      joined.push({ primary: row, replica: view })
      used.add(row)
      usedReplicas.add(view)
    }
  }
  return {
    joined,
    primaryOnly: primaryRows.filter((r) => !used.has(r)),
    replicaOnly: replicas.filter((v) => !usedReplicas.has(v))
  }
}

/** Host of "host:port" (or "[v6]:port"), for matching a replica profile to client_addr. */
export const hostOf = (address: string): string => {
  const v6 = /^\[(.+)\]:\d+$/.exec(address)
  if (v6?.[1]) return v6[1]
  const i = address.lastIndexOf(':')
  return i > 0 && address.indexOf(':') === i ? address.slice(0, i) : address
}

const WRAP_LIMIT = 2 ** 31

/** How far a database or table is towards transaction ID wraparound (0..1 of 2^31). */
export const wraparoundFraction = (age: unknown): number | null => {
  const n = numOr(age)
  return n === null ? null : n / WRAP_LIMIT
}
