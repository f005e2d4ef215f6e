import type { EngineKind, Environment } from '../../../../shared/connection'
import { reportNode, severityRank, type Finding } from '../../../../shared/findings'
import { findingIdentity } from '../../../../shared/history'
import type { OverviewEntry } from '../../../../shared/overview'
import { membersDownText } from '../../../../shared/topology'

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
  /** "1 of 6 members down" when main saw topology members unhealthy; null when all are up. */
  membersDown: string | null
  nodes: NodeGroup[]
}

/** What identifies "the same problem" from one refresh to the next: main's identity, per connection. */
export const findingKey = (connectionId: string, node: string, finding: Finding): string =>
  JSON.stringify([connectionId, findingIdentity(node, finding)])

export const nodeOf = reportNode

/** The keys of every finding of one connection's check. */
export const findingKeysOf = (entry: OverviewEntry): string[] =>
  entry.reports.flatMap((r) => r.findings.map((f) => findingKey(entry.connectionId, nodeOf(r), f)))

/**
 * Records when each finding was first seen (kept across refreshes for the session): the fallback when
 * main's history is off. Pure over the map it is given, so the caller owns its lifetime.
 */
export const rememberFirstSeen = (seen: Map<string, number>, keys: string[], now: number): void => {
  for (const key of keys) if (!seen.has(key)) seen.set(key, now)
}

const rank = (f: IncidentFinding): number => severityRank[f.finding.severity]

/** Production first: at 3 a.m. a development server's old critical is not the incident. */
const ENVIRONMENT_RANK: Record<Environment, number> = { production: 2, staging: 1, development: 0 }

/**
 * How urgent something is, compared left to right: a failure (the screen cannot vouch for that server),
 * then a problem (warning or critical) before an info, then production before staging before development,
 * then severity, then new since the screen opened, then the most recently appeared.
 */
type Urgency = [
  failed: number,
  problem: number,
  environment: number,
  severity: number,
  isNew: number,
  seen: number
]

const NOTHING: Urgency = [0, 0, -1, -1, 0, 0]

const findingUrgency = (f: IncidentFinding, environment: Environment): Urgency => [
  0,
  rank(f) >= severityRank.warning ? 1 : 0,
  ENVIRONMENT_RANK[environment],
  rank(f),
  f.isNew ? 1 : 0,
  f.firstSeen
]

const failureUrgency = (environment: Environment): Urgency => [1, 1, ENVIRONMENT_RANK[environment], 0, 0, 0]

const compareUrgency = (a: Urgency, b: Urgency): number => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (b[i] ?? 0) - (a[i] ?? 0)
  return 0
}

const nodeUrgency = (n: NodeGroup, environment: Environment): Urgency => {
  if (n.error !== null) return failureUrgency(environment)
  const top = n.findings[0]
  return top === undefined ? NOTHING : findingUrgency(top, environment)
}

/**
 * Builds the screen: connections and their nodes ranked by their most urgent item (see `Urgency`),
 * findings within a node by severity, then new, then recency. A finding's first-seen time is main's
 * (the history, which survives a restart), else `seen`'s. `baselineOf(connectionId)` is when the
 * screen got that connection's first answer: findings first seen after it are marked new.
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
          const firstSeen = entry.firstSeen[findingIdentity(node, finding)] ?? seen.get(key) ?? baseline
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
        .sort((a, b) => rank(b) - rank(a) || Number(b.isNew) - Number(a.isNew) || b.firstSeen - a.firstSeen)
      const error =
        report.ok || report.error === null ? null : { code: report.error.code, message: report.error.message }
      return { node, error, findings }
    })
    nodes.sort((a, b) => compareUrgency(nodeUrgency(a, entry.environment), nodeUrgency(b, entry.environment)))
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
      membersDown: membersDownText(entry.membersDown, entry.members),
      nodes
    }
  })
  return groups.sort(
    (a, b) => compareUrgency(groupUrgency(a), groupUrgency(b)) || a.name.localeCompare(b.name)
  )
}

const groupUrgency = (g: ConnectionGroup): Urgency =>
  g.error !== null
    ? failureUrgency(g.environment)
    : (g.nodes.map((n) => nodeUrgency(n, g.environment)).sort(compareUrgency)[0] ?? NOTHING)

/** One line of the top strip: a failed connection or node, or a warning or critical finding. */
export type WorstItem =
  | {
      kind: 'failure'
      key: string
      group: ConnectionGroup
      node: string | null
      error: { code: string; message: string }
    }
  | { kind: 'finding'; key: string; group: ConnectionGroup; item: IncidentFinding }

/** The `n` most urgent things across every connection, for the strip above the groups. */
export const worstAcross = (groups: readonly ConnectionGroup[], n: number): WorstItem[] => {
  const all: { urgency: Urgency; entry: WorstItem }[] = []
  for (const group of groups) {
    if (group.error !== null)
      all.push({
        urgency: failureUrgency(group.environment),
        entry: { kind: 'failure', key: `failed ${group.connectionId}`, group, node: null, error: group.error }
      })
    for (const node of group.nodes) {
      if (node.error !== null)
        all.push({
          urgency: failureUrgency(group.environment),
          entry: {
            kind: 'failure',
            key: `failed ${group.connectionId} ${node.node}`,
            group,
            node: node.node,
            error: node.error
          }
        })
      for (const item of node.findings)
        if (rank(item) >= severityRank.warning)
          all.push({
            urgency: findingUrgency(item, group.environment),
            entry: { kind: 'finding', key: item.key, group, item }
          })
    }
  }
  return all
    .sort((a, b) => compareUrgency(a.urgency, b.urgency))
    .slice(0, n)
    .map((x) => x.entry)
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
