/**
 * topology.member-gone (issue 19, item 4): a node or replica that a connection's sweeps have seen and the
 * latest sweep no longer has is itself a finding, until it is back or the user forgets it: a primary whose
 * replica vanished from pg_stat_replication, a cluster or replica-set member no longer listed. Without
 * this memory a disappearance says nothing, because every rule only judges what is there.
 * Severity: warning; critical in the case that loses redundancy silently (a PostgreSQL primary left with
 * no replica at all).
 */
import type { EngineDetail, NodeDetail } from '../../shared/detail'
import { reportNode, type Finding } from '../../shared/findings'
import { finding } from './finding'

export const MEMBER_GONE_RULE = 'topology.member-gone'

interface Member {
  /** Stable identity across sweeps: "node 127.0.0.1:7001", "replica 10.0.0.5 walreceiver". */
  key: string
  kind: 'node' | 'replica'
  label: string
  /** The node whose report speaks for it (the primary for its replicas, the seed for nodes). */
  reportNode: string
}

interface Remembered extends Member {
  firstSeen: number
  lastSeen: number
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '')

/** Replicas a PostgreSQL primary streams to, by the address and name they connect with. */
const replicasOf = (node: NodeDetail): Member[] => {
  const table = node.topics['pg_stat_replication']
  if (!table?.ok) return []
  return table.rows.map((r) => {
    const label = `${text(r['client_addr']) || 'local socket'}${text(r['application_name']) ? ` (${text(r['application_name'])})` : ''}`
    return { key: `replica ${label}`, kind: 'replica', label, reportNode: node.node }
  })
}

/** Everything the sweep saw: each node it reported on, and the replicas each node streams to. */
export const membersOf = (detail: EngineDetail): Member[] => {
  const seed = detail.reports[0] ? reportNode(detail.reports[0]) : null
  const nodes: Member[] = detail.reports.map((r) => ({
    key: `node ${reportNode(r)}`,
    kind: 'node',
    label: reportNode(r),
    reportNode: seed ?? reportNode(r)
  }))
  return [...nodes, ...detail.nodes.flatMap(replicasOf)]
}

const at = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC'

export class TopologyMemory {
  private readonly seen = new Map<string, Map<string, Remembered>>()

  /** Remembers what this sweep saw and adds a finding for each member seen before and missing now. */
  observe(connectionId: string, detail: EngineDetail, now = Date.now()): EngineDetail {
    const known = this.seen.get(connectionId) ?? new Map<string, Remembered>()
    this.seen.set(connectionId, known)
    // A sweep that could not read its seed says nothing about who is gone.
    if (detail.reports.length === 0 || detail.reports.every((r) => !r.ok)) return detail
    const present = membersOf(detail)
    for (const m of present)
      known.set(m.key, { ...m, firstSeen: known.get(m.key)?.firstSeen ?? now, lastSeen: now })
    const presentKeys = new Set(present.map((m) => m.key))
    const gone = [...known.values()].filter((m) => !presentKeys.has(m.key))
    if (gone.length === 0) return detail
    const replicasLeft = (node: string): number =>
      present.filter((m) => m.kind === 'replica' && m.reportNode === node).length
    const findings = gone.map((m) =>
      this.goneFinding(m, replicasLeft(m.reportNode) === 0 && m.kind === 'replica')
    )
    const reports = detail.reports.map((r) => {
      const mine = findings.filter((f) => f.subject?.node === reportNode(r))
      return mine.length === 0 ? r : { ...r, findings: [...r.findings, ...mine] }
    })
    // A member whose report node is itself gone still reaches the screen, on the first report.
    const placed = new Set(reports.flatMap((r) => r.findings))
    const orphans = findings.filter((f) => !placed.has(f))
    if (orphans.length > 0 && reports[0])
      reports[0] = { ...reports[0], findings: [...reports[0].findings, ...orphans] }
    return { ...detail, reports }
  }

  /** The user's "I know, it is gone for good": stop reporting it (it is remembered anew if it returns). */
  forget(connectionId: string, member: string): boolean {
    return this.seen.get(connectionId)?.delete(member) ?? false
  }

  private goneFinding(m: Remembered, lastReplica: boolean): Finding {
    const what = m.kind === 'replica' ? `Replica ${m.label}` : `Node ${m.label}`
    const where =
      m.kind === 'replica'
        ? `no longer in ${m.reportNode}'s pg_stat_replication`
        : 'no longer answers or is no longer listed'
    return {
      ...finding(
        MEMBER_GONE_RULE,
        lastReplica ? 'critical' : 'warning',
        `${what} is gone (last seen ${at(m.lastSeen)})`,
        `${what} was seen from ${at(m.firstSeen)} to ${at(m.lastSeen)} and is ${where}.` +
          (lastReplica
            ? ` ${m.reportNode} now has no replica: a failure of it loses data written since.`
            : '') +
          ' Find out why (a stopped server, a broken network, a removed member); once it is gone on purpose, forget it.',
        m.label,
        { member: m.key, kind: m.kind, firstSeen: at(m.firstSeen), lastSeen: at(m.lastSeen) }
      ),
      subject: { kind: m.kind, name: m.label, node: m.reportNode },
      forgettable: { member: m.key }
    }
  }
}
