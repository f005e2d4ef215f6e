/**
 * Pure shaping of PostgreSQL probe records for the Health page. Records are untyped JSON: read defensively.
 * What is wrong with a row is never judged here: it is what the rules' findings say about its subject.
 */
import type { EngineDetail } from '../../../../shared/detail'
import { severityRank, type Finding, type SubjectKind } from '../../../../shared/findings'
import { numOr, str } from '../../components/engine-page/detail-model'

type Rec = Record<string, unknown>

/** One node of the blocking tree main sends (diagnostics/postgres/blocking-tree.ts), with its backend's row. */
export interface BlockNode {
  pid: number
  row: Rec | null
  children: BlockNode[]
}

/** The `blocking_tree` topic's roots joined to their pg_stat_activity rows (a pid this role cannot see has none). */
export const withActivity = (tree: readonly Rec[], activity: readonly Rec[]): BlockNode[] => {
  const byPid = new Map<number, Rec>()
  for (const r of activity) {
    const pid = numOr(r.pid)
    if (pid !== null) byPid.set(pid, r)
  }
  const join = (n: Rec): BlockNode | null => {
    const pid = numOr(n.pid)
    if (pid === null) return null
    const children = Array.isArray(n.children) ? (n.children as Rec[]) : []
    return {
      pid,
      row: byPid.get(pid) ?? null,
      children: children.map(join).filter((c): c is BlockNode => c !== null)
    }
  }
  return tree.map(join).filter((c): c is BlockNode => c !== null)
}

/** The findings about one node's things (their subject names that node). */
export const nodeFindings = (detail: EngineDetail, node: string): Finding[] =>
  detail.reports.flatMap((r) => r.findings.filter((f) => f.subject?.node === node))

/** Findings about things of one kind, by the thing's name ('public.orders'). */
export const findingsAbout = (findings: readonly Finding[], kind: SubjectKind): Map<string, Finding[]> => {
  const out = new Map<string, Finding[]>()
  for (const f of findings)
    if (f.subject?.kind === kind) out.set(f.subject.name, [...(out.get(f.subject.name) ?? []), f])
  return out
}

/** A row's tone is the worst severity the rules gave its subject; info findings do not tint it. */
export const toneOf = (findings: readonly Finding[]): 'bad' | 'warn' | undefined => {
  const worst = Math.max(-1, ...findings.map((f) => severityRank[f.severity]))
  return worst >= severityRank.critical ? 'bad' : worst >= severityRank.warning ? 'warn' : undefined
}

export type IndexProblem = 'unused' | 'duplicate' | 'overlap' | 'invalid'

export interface IndexRow extends Rec {
  problems: IndexProblem[]
  /** The index that serves the same queries (pg.duplicate-index's `keep`). */
  duplicateOf: string | null
  findings: Finding[]
}

const problemOf = (f: Finding): IndexProblem | null => {
  if (f.rule === 'pg.unused-index') return 'unused'
  if (f.rule === 'pg.invalid-index') return 'invalid'
  if (f.rule === 'pg.duplicate-index') return f.evidence['kind'] === 'overlap' ? 'overlap' : 'duplicate'
  return null
}

/** Each index with what pg.unused-index, pg.invalid-index and pg.duplicate-index found about it. */
export const indexProblems = (indexes: readonly Rec[], findings: readonly Finding[]): IndexRow[] => {
  const about = findingsAbout(findings, 'index')
  return indexes.map((r) => {
    const name = `${str(r.schemaname)}.${str(r.indexrelname)}`
    const own = about.get(name) ?? []
    const problems = own.map(problemOf).filter((p): p is IndexProblem => p !== null)
    const keep = own.find((f) => f.rule === 'pg.duplicate-index')?.evidence['keep']
    return {
      ...r,
      problems,
      duplicateOf: typeof keep === 'string' ? `${str(r.schemaname)}.${keep}` : null,
      findings: own
    }
  })
}

export interface TableRow extends Rec {
  table: string
  dead_ratio: number | null
  bloat_bytes: number | null
  bloat_ratio: number | null
  last_vacuum_any_s: number | null
  /** What the rules found about the table (pg.dead-tuples, pg.bloat, pg.autovacuum-lag...). */
  findings: Finding[]
}

/** pg_stat_user_tables joined with the bloat estimate of the same table and the findings about it. */
export const tableRows = (
  tables: readonly Rec[],
  bloat: readonly Rec[],
  findings: readonly Finding[]
): TableRow[] => {
  const bloatBy = new Map<string, Rec>()
  for (const b of bloat) bloatBy.set(`${str(b.schemaname)}.${str(b.tblname)}`, b)
  const about = findingsAbout(findings, 'table')
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
      last_vacuum_any_s: vac.length ? Math.min(...vac) : null,
      findings: about.get(table) ?? []
    }
  })
}

/** The rules that flagged a row, without the engine prefix: "dead-tuples, autovacuum-lag". */
export const flaggedBy = (findings: readonly Finding[]): string =>
  [...new Set(findings.map((f) => f.rule.replace(/^pg\./, '')))].join(', ')

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
