/**
 * Rule `redis.cluster-state` (cluster health from one node's view). Probes: `CLUSTER NODES` (slot
 * coverage, failed / pfail nodes, replicas per master, migrating/importing slots, slot balance),
 * `CLUSTER INFO` (cluster_state) and, when known, keys per master (INFO keyspace of each node).
 * Checked against Redis 7.0.15 (3-master test cluster, healthy and with a master killed).
 * Thresholds: 16384 slots must all be served (seed-catalogue §4 redis.cluster-slots); a master without
 * a replica cannot fail over; slot or key counts more than 1.5x / 2x apart across masters are
 * "unbalanced shards" (the seed says "check for unbalanced shards" without a number: 1.5x and 2x are our
 * choice, wide enough that a hash-slot split of 5461/5462/5461 never warns).
 */
import type { Finding } from '../../../../shared/findings'
import type { ClusterInfo } from '../parse-cluster-info'
import type { ClusterNode } from '../../../../shared/records/redis'
import { CLUSTER_SLOTS, formatSlotRanges } from '../parse-cluster-nodes'
import { redisRule } from '../records'
import { described, finding, slotRanges, type Units } from './util'

export const CLUSTER_RULE = 'redis.cluster-state'
export const SLOT_SKEW = 1.5
export const KEY_SKEW = 2
export const KEY_SKEW_MIN_KEYS = 10_000

const label = (n: ClusterNode): string => n.address || n.id.slice(0, 8)
const slotCount = (n: ClusterNode): number => n.slots.reduce((a, [s, e]) => a + e - s + 1, 0)

/** Slots not owned by a master that is up (flag `fail` excluded; `fail?` still counts as owning). */
export const uncoveredSlots = (nodes: ClusterNode[]): number[] => {
  const covered = new Uint8Array(CLUSTER_SLOTS)
  for (const n of nodes) {
    if (n.role !== 'master' || n.flags.includes('fail')) continue
    for (const [s, e] of n.slots) covered.fill(1, s, e + 1)
  }
  const out: number[] = []
  for (let i = 0; i < CLUSTER_SLOTS; i++) if (covered[i] === 0) out.push(i)
  return out
}

const shortList = (ranges: string[]): string =>
  ranges.length > 12
    ? `${ranges.slice(0, 12).join(', ')} and ${ranges.length - 12} more ranges`
    : ranges.join(', ')

const clusterStateRule = (
  nodes: ClusterNode[],
  info: ClusterInfo | null,
  keysByNode: Record<string, number> | null = null
): Finding[] => {
  const out: Finding[] = []
  const uncovered = uncoveredSlots(nodes)
  const ranges = slotRanges(uncovered)
  // A failed master left with no slots was failed over (or replaced): it serves nothing any more.
  const failedMasters = nodes.filter(
    (n) => n.role === 'master' && n.flags.includes('fail') && n.slots.length > 0
  )
  // CLUSTER INFO may count slots in fail before this node's CLUSTER NODES shows their master failed.
  const infoSlotsFail = info?.slotsFail ?? 0
  if ((info && (info.state !== 'ok' || infoSlotsFail > 0)) || uncovered.length > 0) {
    const notServed = Math.max(uncovered.length, infoSlotsFail)
    const lost = failedMasters.map((n) => `${label(n)} (${formatSlotRanges(n.slots).join(', ')})`)
    // cluster-require-full-coverage no keeps the state ok while some slots are down.
    const partial =
      info?.state === 'ok' && notServed > 0
        ? ' cluster_state stays ok because cluster-require-full-coverage is no: the other slots keep serving, so clients see errors only for these keys.'
        : ''
    out.push(
      finding(
        CLUSTER_RULE,
        'critical',
        `${info ? `cluster_state:${info.state}: ` : ''}${notServed} slots not served${ranges.length > 0 ? ` (${shortList(ranges)})` : ''}`,
        `${uncovered.length > 0 ? `Slots ${shortList(ranges)} have no working master, so every key in them fails with CLUSTERDOWN.` : infoSlotsFail > 0 ? `CLUSTER INFO counts ${infoSlotsFail} slots in fail that CLUSTER NODES still shows served: the failure has not reached this node's node list yet.` : 'The cluster reports itself down.'}${lost.length > 0 ? ` Failed masters: ${lost.join('; ')}.` : ''}${partial} Bring the master back or fail over to a replica (CLUSTER FAILOVER on the replica); with no replica, reassign the slots (redis-cli --cluster fix) and restore the data.`,
        'cluster',
        {
          state: info?.state ?? null,
          uncoveredSlots: uncovered.length,
          uncoveredRanges: ranges,
          failedMasters: failedMasters.map(label),
          slotsFail: info?.slotsFail ?? null,
          slotsPfail: info?.slotsPfail ?? null
        }
      )
    )
  }
  for (const n of nodes) {
    const noaddr = n.flags.includes('noaddr')
    if (n.flags.includes('fail') && n.role === 'master' && n.slots.length === 0) {
      // After a failover the old master stays listed, failed and slotless, until it is forgotten.
      out.push(
        finding(
          CLUSTER_RULE,
          'warning',
          `Failed master ${label(n)} no longer serves slots${noaddr ? ' and has no address (noaddr)' : ''}`,
          `${n.address ? `${label(n)} (id ${n.id.slice(0, 8)})` : `Node ${label(n)}`} is marked fail and owns no slots: a replica took them over, or they were moved away.${noaddr ? ' Its address is gone (noaddr): another node now answers on the address it had, so it cannot come back as itself.' : ''} If it is gone for good, run CLUSTER FORGET ${n.id} on every node within 60 seconds (redis-cli --cluster call <node> CLUSTER FORGET ${n.id}); if it returns, it rejoins as a replica.`,
          label(n),
          { id: n.id, role: n.role, flags: n.flags }
        )
      )
    } else if (n.flags.includes('fail')) {
      out.push(
        finding(
          CLUSTER_RULE,
          'critical',
          `Node ${label(n)} is marked fail`,
          `The majority of masters agree ${label(n)} (${n.role}, id ${n.id.slice(0, 8)}) is unreachable.${n.role === 'master' && n.slots.length > 0 ? ` It owned slots ${formatSlotRanges(n.slots).join(', ')}.` : ''}${noaddr ? ' Its address is gone (noaddr): another node now answers on the address it had.' : ''}`,
          label(n),
          { id: n.id, role: n.role, flags: n.flags }
        )
      )
    } else if (n.flags.includes('fail?')) {
      out.push(
        finding(
          CLUSTER_RULE,
          'warning',
          `Node ${label(n)} is suspected down (pfail)`,
          `This node cannot reach ${label(n)}; the cluster has not yet agreed it failed.`,
          label(n),
          { id: n.id, role: n.role, flags: n.flags }
        )
      )
    } else if (
      n.flags.includes('noaddr') ||
      n.flags.includes('handshake') ||
      (n.linkState === 'disconnected' && !n.flags.includes('myself'))
    ) {
      out.push(
        finding(
          CLUSTER_RULE,
          'warning',
          `Node ${label(n)} is ${n.flags.includes('noaddr') ? 'without address' : n.flags.includes('handshake') ? 'in handshake' : 'disconnected'}`,
          `Flags ${n.flags.join(',')}, link ${n.linkState}.`,
          label(n),
          { id: n.id, flags: n.flags, linkState: n.linkState }
        )
      )
    }
  }
  const masters = nodes.filter((n) => n.role === 'master' && n.slots.length > 0 && !n.flags.includes('fail'))
  const lonely = masters.filter(
    (m) => !nodes.some((r) => r.role === 'replica' && r.masterId === m.id && !r.flags.includes('fail'))
  )
  if (lonely.length > 0) {
    out.push(
      finding(
        CLUSTER_RULE,
        'warning',
        `${lonely.length} of ${masters.length} masters have no working replica`,
        `Masters ${lonely.map(label).join(', ')} cannot fail over: if one goes down its slots stop being served. Add a replica per master (cluster-replicas 1).`,
        'cluster',
        { masters: lonely.map(label) }
      )
    )
  }
  const migrating = nodes.flatMap((n) =>
    n.migrating.map((m) => ({ node: label(n), slot: m.slot, peer: m.to }))
  )
  const importing = nodes.flatMap((n) =>
    n.importing.map((m) => ({ node: label(n), slot: m.slot, peer: m.from }))
  )
  if (migrating.length + importing.length > 0) {
    out.push(
      finding(
        CLUSTER_RULE,
        'warning',
        `${migrating.length} slots migrating, ${importing.length} importing`,
        `A resharding is in progress or was left half-done; clients get ASK redirects for keys in these slots (${[...new Set([...migrating, ...importing].map((m) => m.slot))].slice(0, 20).join(', ')}). If nothing is moving, finish it with redis-cli --cluster fix.`,
        'cluster',
        { migrating, importing }
      )
    )
  }
  if (masters.length > 1) {
    const counts = masters.map((m) => ({ node: label(m), slots: slotCount(m) }))
    const min = Math.min(...counts.map((c) => c.slots))
    const max = Math.max(...counts.map((c) => c.slots))
    if (min === 0 || max / min > SLOT_SKEW) {
      out.push(
        finding(
          CLUSTER_RULE,
          'warning',
          `Slots unevenly spread: ${min} to ${max} per master`,
          `Masters with more slots carry more keys and load. Rebalance with redis-cli --cluster rebalance.`,
          'cluster',
          { slotsByMaster: counts }
        )
      )
    }
  }
  if (keysByNode) {
    const entries = Object.entries(keysByNode)
    const total = entries.reduce((a, [, k]) => a + k, 0)
    if (entries.length > 1 && total >= KEY_SKEW_MIN_KEYS) {
      const mean = total / entries.length
      const [worst, worstKeys] = entries.reduce((a, b) => (b[1] > a[1] ? b : a))
      if (worstKeys / mean > KEY_SKEW) {
        out.push(
          finding(
            CLUSTER_RULE,
            'warning',
            `${worst} holds ${worstKeys} of ${total} keys`,
            `Keys are unevenly spread (${(worstKeys / mean).toFixed(1)}x the mean): a hash tag that puts many keys in one slot, or a few huge slots.`,
            worst,
            { keysByNode }
          )
        )
      }
    }
  }
  return out
}

/** `CLUSTER INFO` alone (pasted): the cluster's own counters, without the node list. */
const clusterInfoRule = (info: ClusterInfo): Finding[] => {
  const out: Finding[] = []
  const evidence = {
    state: info.state,
    slotsAssigned: info.slotsAssigned,
    slotsOk: info.slotsOk,
    slotsPfail: info.slotsPfail,
    slotsFail: info.slotsFail
  }
  if (info.state !== 'ok') {
    out.push(
      finding(
        CLUSTER_RULE,
        'critical',
        `cluster_state:${info.state}`,
        `The cluster refuses commands: ${info.slotsFail ?? '?'} slots in fail, ${CLUSTER_SLOTS - (info.slotsAssigned ?? CLUSTER_SLOTS)} unassigned. CLUSTER NODES names the failed masters and their slots.`,
        'cluster',
        evidence
      )
    )
  } else if (info.slotsAssigned !== null && info.slotsAssigned < CLUSTER_SLOTS) {
    out.push(
      finding(
        CLUSTER_RULE,
        'critical',
        `${CLUSTER_SLOTS - info.slotsAssigned} slots unassigned`,
        'Keys in unassigned slots cannot be stored (cluster-require-full-coverage no keeps the rest up).',
        'cluster',
        evidence
      )
    )
  }
  if (info.state === 'ok' && (info.slotsFail ?? 0) > 0) {
    out.push(
      finding(
        CLUSTER_RULE,
        'critical',
        `${info.slotsFail} slots in fail while cluster_state is ok`,
        `cluster_state stays ok because cluster-require-full-coverage is no, but the masters of ${info.slotsFail} slots are down: every key in them fails with CLUSTERDOWN while the other slots keep serving. CLUSTER NODES names the failed masters; fail over to a replica or bring them back.`,
        'cluster',
        evidence
      )
    )
  }
  if (info.state === 'ok' && (info.slotsPfail ?? 0) > 0) {
    out.push(
      finding(
        CLUSTER_RULE,
        'warning',
        `${info.slotsPfail} slots on nodes suspected down (pfail)`,
        'A node is unreachable from this one; if the majority agrees, its slots go to fail.',
        'cluster',
        evidence
      )
    )
  }
  return out
}

const CLUSTER_UNITS: Units = {
  uncoveredSlots: 'count',
  slotsFail: 'count',
  slotsPfail: 'count',
  slotsAssigned: 'count',
  slotsOk: 'count'
}

/** Findings are about the cluster, or about the node they name (a failed node, the one holding most keys). */
const aboutCluster = (findings: Finding[]): Finding[] =>
  described(findings, CLUSTER_UNITS, (f) =>
    f.target === null || f.target === 'cluster'
      ? { kind: 'cluster', name: 'cluster' }
      : { kind: 'node', name: f.target, node: f.target }
  )

/** The cross-node step: the seed's CLUSTER NODES (and CLUSTER INFO, keys per master, when known). */
export const clusterState = redisRule({
  id: CLUSTER_RULE,
  needs: ['cluster_nodes'],
  evaluate: (r) =>
    aboutCluster(clusterStateRule(r.cluster_nodes, r.cluster_info ?? null, r.keys_by_master ?? null))
})

/** CLUSTER INFO without CLUSTER NODES (pasted alone, or CLUSTER NODES unreadable): its own counters. */
export const clusterInfoState = redisRule({
  id: CLUSTER_RULE,
  needs: ['cluster_info'],
  evaluate: (r) => (r.cluster_nodes ? [] : aboutCluster(clusterInfoRule(r.cluster_info)))
})
/** `CLUSTER SHARDS` pasted (7.0+): every node whose health is not online; a master's shard stops serving. */
export const clusterShardsState = redisRule({
  id: CLUSTER_RULE,
  needs: ['cluster_shards'],
  evaluate: ({ cluster_shards: shards }) =>
    aboutCluster(
      shards
        .flatMap((s) => s.nodes)
        .filter((n) => n.health !== 'online')
        .map((n) =>
          finding(
            CLUSTER_RULE,
            n.role === 'master' ? 'critical' : 'warning',
            `${n.role} ${n.address} is ${n.health}`,
            `CLUSTER SHARDS reports health "${n.health}" for ${n.address} (${n.id.slice(0, 8)}).`,
            n.address,
            { id: n.id, role: n.role, health: n.health }
          )
        )
    )
})
