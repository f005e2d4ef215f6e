/** Pure shaping of Redis records (INFO fields, SLOWLOG entries, CLUSTER NODES) and findings for the Redis page. */
import type { TopologyNode } from '../../../../shared/connection'
import { severityRank, type Finding, type Severity } from '../../../../shared/findings'
import type { TopicRow } from '../../../../shared/topics'

export const SLOT_COUNT = 16384

const n = (v: unknown): number | null => {
  const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(x) ? x : null
}

/** The info topic's {field, value} rows as one lookup. */
export const infoMap = (rows: readonly TopicRow<'info'>[]): Map<string, string> =>
  new Map(rows.map((r) => [r.field, r.value]))

/** The config topic's { parameter, value } rows as a map. */
export const configMap = (rows: readonly TopicRow<'config'>[]): Map<string, string> =>
  new Map(rows.map((r) => [r.parameter, r.value]))

export const infoNumber = (info: Map<string, string>, key: string): number | null => n(info.get(key))

export type Tone = 'bad' | 'warn' | undefined

const TONE: Record<Severity, Tone> = { critical: 'bad', warning: 'warn', info: undefined }

/**
 * The tone of a fact as the rule judged it on this node: its worst finding's severity (the rule's own
 * floors and edges apply), none when the rule found nothing. Never recomputed from the numbers here.
 */
export const ruleTone = (findings: readonly Finding[], rule: string, node: string): Tone => {
  const worst = worstSeverity(findings.filter((f) => f.rule === rule && f.subject?.node === node))
  return worst === null ? undefined : TONE[worst]
}

const worstSeverity = (findings: readonly Finding[]): Severity | null =>
  findings.reduce<Severity | null>(
    (a, f) => (a === null || severityRank[f.severity] > severityRank[a] ? f.severity : a),
    null
  )

/** The rule that judges cluster nodes (diagnostics/redis/rules/cluster-state.ts). */
const CLUSTER_RULE = 'redis.cluster-state'

/** The command line of a slowlog entry, as text (arguments joined; the server already cut long ones). */
export const commandLine = (e: TopicRow<'slowlog'>): string =>
  e.args.length > 0 ? e.args.join(' ') : e.command

export type SlotRange = [number, number]

/** '0-5460' / '5461' strings or [from, to] pairs into ranges clamped to 0..16383. */
export const parseSlotRanges = (slots: readonly unknown[]): SlotRange[] => {
  const out: SlotRange[] = []
  for (const r of slots) {
    let from: number | null = null
    let to: number | null = null
    if (Array.isArray(r)) {
      from = n(r[0])
      to = n(r[1] ?? r[0])
    } else if (typeof r === 'string') {
      const m = /^(\d+)(?:-(\d+))?$/.exec(r.trim())
      if (m) {
        from = Number(m[1])
        to = Number(m[2] ?? m[1])
      }
    }
    if (from === null || to === null) continue
    const lo = Math.max(0, Math.min(from, to))
    const hi = Math.min(SLOT_COUNT - 1, Math.max(from, to))
    out.push([lo, hi])
  }
  return out.sort((a, b) => a[0] - b[0])
}

export const slotCount = (ranges: readonly SlotRange[]): number =>
  ranges.reduce((a, [lo, hi]) => a + hi - lo + 1, 0)

export const formatRanges = (ranges: readonly SlotRange[]): string =>
  ranges.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`)).join(', ')

export interface ClusterNodeView {
  address: string
  id: string
  role: 'master' | 'replica' | 'unknown'
  masterAddress: string | null
  /** The node's state as the server reports it (its fail / fail? / noaddr flags, or the link state). */
  state: string
  ranges: SlotRange[]
  /** What redis.cluster-state decided about this node (without CLUSTER NODES: main's topology health). */
  health: 'failed' | 'degraded' | 'ok'
}

const HEALTH: Record<Severity, ClusterNodeView['health']> = {
  critical: 'failed',
  warning: 'degraded',
  info: 'ok'
}

const stateOf = (flags: readonly string[], linkState: string): string =>
  flags.includes('fail')
    ? 'FAILED'
    : flags.includes('fail?')
      ? 'suspected (fail?)'
      : flags.includes('noaddr')
        ? 'no address'
        : linkState || 'unknown'

/**
 * One card per node: CLUSTER NODES (flags, link state, slot pairs) when read, the connection's topology
 * otherwise. A node's health is the worst severity of the cluster rule's findings about it: the rule
 * decides what a flag means, not this page.
 */
export const clusterNodes = (
  nodesTopic: readonly TopicRow<'cluster_nodes'>[],
  topology: readonly TopologyNode[],
  findings: readonly Finding[]
): ClusterNodeView[] => {
  const byId = new Map(nodesTopic.map((r) => [r.id, r]))
  if (nodesTopic.length > 0) {
    return nodesTopic
      .map((r) => {
        const master = r.masterId ? byId.get(r.masterId) : undefined
        const address = r.address
        const worst = worstSeverity(
          findings.filter(
            (f) => f.rule === CLUSTER_RULE && f.subject?.kind === 'node' && f.subject.name === address
          )
        )
        return {
          address,
          id: r.id,
          role: r.role,
          masterAddress: master ? master.address : null,
          state: stateOf(r.flags, r.linkState),
          ranges: parseSlotRanges(r.slots),
          health: worst === null ? 'ok' : HEALTH[worst]
        }
      })
      .sort((a, b) => a.address.localeCompare(b.address))
  }
  return topology
    .map((t): ClusterNodeView => ({
      address: t.address,
      id: t.detail ?? '',
      role:
        t.role === 'cluster-master' || t.role === 'master'
          ? 'master'
          : t.role === 'cluster-replica'
            ? 'replica'
            : 'unknown',
      masterAddress: null,
      state: t.state,
      ranges: parseSlotRanges(t.slots ?? []),
      health: t.state === 'fail' ? 'failed' : t.healthy ? 'ok' : 'degraded'
    }))
    .sort((a, b) => a.address.localeCompare(b.address))
}
