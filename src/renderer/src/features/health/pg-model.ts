/**
 * Pure shaping of PostgreSQL probe records for the Health page, typed as shared/records/postgres.ts declares
 * them. What is wrong with a row is never judged here: it is what the rules' findings say about its subject.
 */
import type { EngineDetail } from '../../../../shared/detail'
import { severityRank, type Finding, type SubjectKind } from '../../../../shared/findings'
import type { TopicRow } from '../../../../shared/topics'

type Activity = TopicRow<'pg_stat_activity'>
type IndexStat = TopicRow<'pg_stat_user_indexes'>
type TableStat = TopicRow<'pg_stat_user_tables'>
type Replication = TopicRow<'pg_stat_replication'>

/** One node of the blocking tree main sends (diagnostics/postgres/blocking-tree.ts), with its backend's row. */
export interface BlockNode {
  pid: number
  row: Activity | null
  children: BlockNode[]
}

/** The `blocking_tree` topic's roots joined to their pg_stat_activity rows (a pid this role cannot see has none). */
export const withActivity = (
  tree: readonly TopicRow<'blocking_tree'>[],
  activity: readonly Activity[]
): BlockNode[] => {
  const byPid = new Map(activity.map((r) => [r.pid, r]))
  const join = (n: TopicRow<'blocking_tree'>): BlockNode => ({
    pid: n.pid,
    row: byPid.get(n.pid) ?? null,
    children: n.children.map(join)
  })
  return tree.map(join)
}

/** The findings about one node's things (their subject names that node). */
export const nodeFindings = (detail: EngineDetail, node: string): Finding[] =>
  detail.reports.flatMap((r) => r.findings.filter((f) => f.subject?.node === node))

/** Findings about things of one kind, by the thing's name ('public.orders'). */
export const findingsAbout = (findings: readonly Finding[], kind: SubjectKind): Map<string, Finding[]> => {
  const out = new Map<string, Finding[]>()
  for (const f of findings) {
    if (f.subject?.kind !== kind) continue
    // Appended in place: a copy per finding is quadratic in the findings about one busy subject.
    const own = out.get(f.subject.name)
    if (own) own.push(f)
    else out.set(f.subject.name, [f])
  }
  return out
}

/** A row's tone is the worst severity the rules gave its subject; info findings do not tint it. */
export const toneOf = (findings: readonly Finding[]): 'bad' | 'warn' | undefined => {
  const worst = Math.max(-1, ...findings.map((f) => severityRank[f.severity]))
  return worst >= severityRank.critical ? 'bad' : worst >= severityRank.warning ? 'warn' : undefined
}

export type IndexProblem = 'unused' | 'duplicate' | 'overlap' | 'invalid'

export interface IndexRow extends IndexStat {
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
export const indexProblems = (indexes: readonly IndexStat[], findings: readonly Finding[]): IndexRow[] => {
  const about = findingsAbout(findings, 'index')
  return indexes.map((r) => {
    const name = `${r.schemaname}.${r.indexrelname}`
    const own = about.get(name) ?? []
    const problems = own.map(problemOf).filter((p): p is IndexProblem => p !== null)
    const keep = own.find((f) => f.rule === 'pg.duplicate-index')?.evidence['keep']
    return {
      ...r,
      problems,
      duplicateOf: typeof keep === 'string' ? `${r.schemaname}.${keep}` : null,
      findings: own
    }
  })
}

export interface TableRow extends TableStat {
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
  tables: readonly TableStat[],
  bloat: readonly TopicRow<'table_bloat_estimate'>[],
  findings: readonly Finding[]
): TableRow[] => {
  const bloatBy = new Map(bloat.map((b) => [`${b.schemaname}.${b.tblname}`, b]))
  const about = findingsAbout(findings, 'table')
  return tables.map((t) => {
    const table = `${t.schemaname}.${t.relname}`
    const live = t.n_live_tup
    const dead = t.n_dead_tup
    const b = bloatBy.get(table)
    const vac = [t.last_vacuum_s, t.last_autovacuum_s].filter((v): v is number => v !== null)
    return {
      ...t,
      table,
      dead_ratio: live + dead > 0 ? dead / (live + dead) : null,
      bloat_bytes: b && !b.is_na ? b.bloat_bytes : null,
      bloat_ratio: b && !b.is_na ? b.bloat_ratio : null,
      last_vacuum_any_s: vac.length ? Math.min(...vac) : null,
      findings: about.get(table) ?? []
    }
  })
}

/** The rules that flagged a row, without the engine prefix: "dead-tuples, autovacuum-lag". */
export const flaggedBy = (findings: readonly Finding[]): string =>
  [...new Set(findings.map((f) => f.rule.replace(/^pg\./, '')))].join(', ')

export interface CountRow {
  key: string
  count: number
}

/** Backends grouped by one field (state, user, application), most first. */
export const countBy = (
  rows: readonly Activity[],
  field: 'state' | 'application_name' | 'usename' | 'client_addr'
): CountRow[] => {
  const counts = new Map<string, number>()
  for (const r of rows) {
    const k = r[field] || '(none)'
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  return [...counts.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count)
}

export interface ReplicaView {
  connectionName: string
  /** Host (no port) the replica connects from, as far as we know it from its profile. */
  host: string
  receiver: TopicRow<'pg_stat_wal_receiver'> | null
}

export interface ReplicationJoin {
  joined: { primary: Replication; replica: ReplicaView }[]
  primaryOnly: Replication[]
  replicaOnly: ReplicaView[]
}

/**
 * Pairs the primary's pg_stat_replication rows with replicas' own pg_stat_wal_receiver views. The only
 * address both sides know is the replica's host (client_addr); a pairing is made only when it is
 * unambiguous (one row and one replica for that host), otherwise both stay in their own tables.
 */
export const joinReplication = (
  primaryRows: readonly Replication[],
  replicas: readonly ReplicaView[]
): ReplicationJoin => {
  const rowsByHost = new Map<string, Replication[]>()
  for (const r of primaryRows) {
    const h = r.client_addr || '(local socket)'
    rowsByHost.set(h, [...(rowsByHost.get(h) ?? []), r])
  }
  const replicasByHost = new Map<string, ReplicaView[]>()
  for (const v of replicas) replicasByHost.set(v.host, [...(replicasByHost.get(v.host) ?? []), v])
  const joined: ReplicationJoin['joined'] = []
  const used = new Set<Replication>()
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
export const wraparoundFraction = (age: number | null): number | null =>
  age === null ? null : age / WRAP_LIMIT
