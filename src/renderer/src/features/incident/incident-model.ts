import type { EngineKind, Environment } from '../../../../shared/connection'
import { severityRank, type AnalysisReport, type Finding } from '../../../../shared/findings'
import type { OverviewEntry } from '../../../../shared/overview'

/** One finding placed on the incident screen. */
export interface IncidentFinding {
  key: string
  connectionId: string
  engine: EngineKind
  node: string
  /** The report kind it came from ('pg.health'...): decides which tab opens it. */
  reportKind: string | null
  finding: Finding
  firstSeen: number
  isNew: boolean
}

/** One node of one connection, with its own findings or the reason it could not be read. */
export interface NodeGroup {
  node: string
  error: { code: string; message: string } | null
  findings: IncidentFinding[]
}

export interface ConnectionGroup {
  connectionId: string
  name: string
  engine: EngineKind
  environment: Environment
  state: OverviewEntry['state']
  error: { code: string; message: string } | null
  checkedAt: number
  durationMs: number
  lastOkAt: number | null
  nodes: NodeGroup[]
}

/** What identifies "the same problem" from one refresh to the next. */
export const findingKey = (connectionId: string, node: string, finding: Finding): string =>
  JSON.stringify([connectionId, node, finding.rule, finding.target])

export const nodeOf = (report: AnalysisReport): string => {
  const node = report.summary['node']
  return typeof node === 'string' && node !== '' ? node : report.input
}

/** The keys of every finding of one connection's check. */
export const findingKeysOf = (entry: OverviewEntry): string[] =>
  entry.reports.flatMap((r) => r.findings.map((f) => findingKey(entry.connectionId, nodeOf(r), f)))

/**
 * Records when each finding was first seen (kept across refreshes for the session) and returns the
 * time for each key. Pure over the map it is given, so the caller owns its lifetime.
 */
export const rememberFirstSeen = (seen: Map<string, number>, keys: string[], now: number): void => {
  for (const key of keys) if (!seen.has(key)) seen.set(key, now)
}

const rank = (f: IncidentFinding): number => severityRank[f.finding.severity]

/** Severity first, then the most recently appeared; ties keep the rules' own order. */
const byRankThenRecency = (a: IncidentFinding, b: IncidentFinding): number =>
  rank(b) - rank(a) || b.firstSeen - a.firstSeen

/** A failed connection or node outranks any finding: the screen cannot vouch for it. */
const groupRank = (g: { error: unknown; findings: IncidentFinding[] }): [number, number] => {
  if (g.error !== null) return [severityRank.critical + 1, Number.MAX_SAFE_INTEGER]
  const top = g.findings[0]
  return top === undefined ? [-1, 0] : [rank(top), top.firstSeen]
}

const compareRanks = (a: [number, number], b: [number, number]): number => b[0] - a[0] || b[1] - a[1]

/**
 * Builds the screen: connections and their nodes ranked by their worst finding (failures first),
 * findings within a node by severity then recency. `baselineOf(connectionId)` is when the screen got
 * that connection's first answer: findings first seen after it are marked new.
 */
export const buildGroups = (
  entries: OverviewEntry[],
  seen: ReadonlyMap<string, number>,
  baselineOf: (connectionId: string) => number
): ConnectionGroup[] => {
  const groups = entries.map((entry): ConnectionGroup => {
    const baseline = baselineOf(entry.connectionId)
    const nodes = entry.reports.map((report): NodeGroup => {
      const node = nodeOf(report)
      const findings = report.findings
        .map((finding): IncidentFinding => {
          const key = findingKey(entry.connectionId, node, finding)
          const firstSeen = seen.get(key) ?? baseline
          return {
            key,
            connectionId: entry.connectionId,
            engine: entry.engine,
            node,
            reportKind: report.kind,
            finding,
            firstSeen,
            isNew: firstSeen > baseline
          }
        })
        .sort(byRankThenRecency)
      const error =
        report.ok || report.error === null ? null : { code: report.error.code, message: report.error.message }
      return { node, error, findings }
    })
    nodes.sort((a, b) => compareRanks(groupRank(a), groupRank(b)))
    return {
      connectionId: entry.connectionId,
      name: entry.name,
      engine: entry.engine,
      environment: entry.environment,
      state: entry.state,
      error: entry.error,
      checkedAt: entry.checkedAt,
      durationMs: entry.durationMs,
      lastOkAt: entry.lastOkAt,
      nodes
    }
  })
  const worstOf = (g: ConnectionGroup): [number, number] => {
    if (g.error !== null) return [severityRank.critical + 1, Number.MAX_SAFE_INTEGER]
    return g.nodes.map(groupRank).sort(compareRanks)[0] ?? [-1, 0]
  }
  return groups.sort((a, b) => compareRanks(worstOf(a), worstOf(b)) || a.name.localeCompare(b.name))
}

/** Every finding in screen order: what j/k and the arrows walk through. */
export const flatFindings = (groups: ConnectionGroup[]): IncidentFinding[] =>
  groups.flatMap((g) => g.nodes.flatMap((n) => n.findings))

/** Health findings open the engine's health view; anything else the connection's overview. */
export const tabForFinding = (item: Pick<IncidentFinding, 'engine' | 'reportKind'>): string => {
  if (item.reportKind === null || !item.reportKind.endsWith('.health')) return 'overview'
  return item.engine === 'postgres' ? 'health' : item.engine
}

export const countBySeverity = (groups: ConnectionGroup[]): Record<Finding['severity'], number> => {
  const counts = { critical: 0, warning: 0, info: 0 }
  for (const f of flatFindings(groups)) counts[f.finding.severity] += 1
  return counts
}
