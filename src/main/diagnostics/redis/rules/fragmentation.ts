/**
 * Rule `redis.fragmentation`. Probe: `INFO memory` (+ `CONFIG GET activedefrag` when available).
 * Checked against Redis 7.0.15; fields exist since 2.4 (`mem_fragmentation_bytes` since 5.0, computed here
 * when absent). Thresholds: seed-catalogue §4 "ratio > 1.5 = problem"; the ratio alone misleads on small
 * instances (an empty 7.0 reads ~7 because RSS includes the allocator's fixed overhead), so a high ratio
 * warns only when RSS exceeds used memory by more than 100 MB. Ratio < 1 is not proof of swap: a single
 * 200 MB string read 0.77-0.92 on a host with no swap (allocator rounding, pages not yet touched), and
 * INFO has no swap field (swap shows only on the host, e.g. VmSwap in /proc/<pid>/status), so RSS below
 * used memory is an info.
 * An INFO from a node of a cluster (redis_mode:cluster, cluster_enabled:1) is that node's memory only: the
 * finding says so and is about that node (each node fragments on its own; the live check reads them all).
 * Dragonfly has no activedefrag setting (it defragments by itself), so the advice names its own.
 */
import type { Finding, FindingSubject } from '../../../../shared/findings'
import { infoServer, type RedisInfo } from '../parse-info'
import { redisRule } from '../records'
import { described, fmtBytes, GB, MB, finding, notEvaluated, numbers, onNode } from './util'

export const FRAG_RULE = 'redis.fragmentation'
export const FRAG_HIGH_RATIO = 1.5
export const FRAG_MIN_WASTE_BYTES = 100 * MB
export const RSS_BELOW_MIN_BYTES = 10 * MB

const isClusterNode = (info: RedisInfo): boolean =>
  info.fields.redis_mode === 'cluster' || info.fields.cluster_enabled === '1'

/** The node an INFO comes from: the check's node, else (pasted) what the INFO says of itself. */
const clusterNodeName = (info: RedisInfo, node: string | null): string =>
  node ?? (info.fields.tcp_port ? `the node on port ${info.fields.tcp_port}` : 'this node')

/** Why one cluster node's ratio is not the cluster's, in the finding's words; '' off a cluster. */
const oneNodeView = (info: RedisInfo, node: string | null): string =>
  isClusterNode(info)
    ? ` This INFO comes from one node of a cluster (${clusterNodeName(info, node)}): the ratio is that node's own; every node fragments on its own, so read each node's INFO before judging the cluster.`
    : ''

const fragmentationRule = (
  info: RedisInfo,
  node: string | null,
  config: Record<string, string> | null = null
): Finding[] => {
  const { values, missing } = numbers(info, ['used_memory', 'used_memory_rss'] as const)
  const used = values.used_memory
  const rss = values.used_memory_rss
  if (used === null || rss === null || used === 0) {
    return info.sections.length > 0 && !info.sections.includes('memory') && !info.sections.includes('default')
      ? []
      : [
          notEvaluated(
            FRAG_RULE,
            `INFO has no ${missing.join(', ') || 'usable used_memory'}: run INFO memory.`,
            node
          )
        ]
  }
  const ratio =
    numbers(info, ['mem_fragmentation_ratio'] as const).values.mem_fragmentation_ratio ?? rss / used
  const gap = rss - used
  const defrag =
    config?.activedefrag ??
    (info.fields.active_defrag_running !== undefined
      ? info.fields.active_defrag_running === '0'
        ? 'idle'
        : 'running'
      : null)
  const allocator = info.fields.mem_allocator ?? null
  const evidence = {
    usedMemoryBytes: used,
    usedMemoryRssBytes: rss,
    fragmentationRatio: ratio,
    gapBytes: gap,
    activedefrag: defrag,
    allocator
  }
  if (ratio > FRAG_HIGH_RATIO && gap > FRAG_MIN_WASTE_BYTES) {
    const defragText =
      infoServer(info) === 'dragonfly'
        ? 'Dragonfly has no activedefrag setting: it defragments by itself past its mem_defrag_threshold; a restart after a replica takes over returns the memory.'
        : defrag === 'yes'
          ? 'Active defragmentation is on; if the ratio stays high, check active-defrag-threshold-lower and the cycle limits.'
          : allocator !== null && !allocator.startsWith('jemalloc')
            ? `Active defragmentation needs jemalloc; this server uses ${allocator}. A restart (after a replica takes over) returns the memory.`
            : 'Consider CONFIG SET activedefrag yes (Redis 4.0+, jemalloc builds; it uses CPU up to active-defrag-cycle-max).'
    return [
      finding(
        FRAG_RULE,
        ratio >= 2.5 && gap >= GB ? 'critical' : 'warning',
        `Memory fragmentation ${ratio.toFixed(2)}${isClusterNode(info) ? ` on ${clusterNodeName(info, node)}` : ''}: ${fmtBytes(gap)} of RSS is not data`,
        `RSS is ${fmtBytes(rss)} for ${fmtBytes(used)} of data (ratio ${ratio.toFixed(2)}, above ${FRAG_HIGH_RATIO}).${oneNodeView(info, node)} ${defragText} MEMORY DOCTOR gives the server's own view.`,
        node,
        { ...evidence, ...(isClusterNode(info) ? { scope: 'one cluster node' } : {}) }
      )
    ]
  }
  if (ratio < 1 && used - rss > RSS_BELOW_MIN_BYTES) {
    return [
      finding(
        FRAG_RULE,
        'info',
        `RSS below used memory: fragmentation ratio ${ratio.toFixed(2)}`,
        `RSS (${fmtBytes(rss)}) is ${fmtBytes(used - rss)} smaller than used memory (${fmtBytes(used)}).${oneNodeView(info, node)} Allocator rounding and pages not touched yet give this transiently; it means swap only if the host swaps Redis pages out (VmSwap in /proc/<redis pid>/status). If it does, every access to a swapped page stalls the single thread: give the host more RAM, lower maxmemory, or disable swap for Redis hosts.`,
        node,
        evidence
      )
    ]
  }
  return []
}

export const fragmentation = redisRule({
  id: FRAG_RULE,
  needs: ['info'],
  evaluate: ({ info, config }, { node }) =>
    described(
      fragmentationRule(info, node, config ?? null),
      {
        usedMemoryBytes: 'bytes',
        usedMemoryRssBytes: 'bytes',
        fragmentationRatio: 'ratio',
        gapBytes: 'bytes'
      },
      // A cluster node's INFO is about that node, named even when pasted.
      (): FindingSubject | undefined =>
        node !== null || isClusterNode(info)
          ? { kind: 'node', name: clusterNodeName(info, node), ...(node === null ? {} : { node }) }
          : undefined
    )
})
/** `MEMORY STATS` pasted: the same thresholds over the server's own fragmentation numbers. */
export const memoryStatsFragmentation = redisRule({
  id: FRAG_RULE,
  needs: ['memory_stats'],
  evaluate: ({ memory_stats: s }, { node }) => {
    const num = (k: string): number | null => (typeof s[k] === 'number' ? s[k] : null)
    const frag = num('fragmentation')
    const fragBytes = num('fragmentation.bytes')
    if (frag === null || fragBytes === null || frag <= FRAG_HIGH_RATIO || fragBytes <= FRAG_MIN_WASTE_BYTES)
      return []
    return onNode(
      [
        finding(
          FRAG_RULE,
          'warning',
          `Memory fragmentation ${frag.toFixed(2)}: ${fmtBytes(fragBytes)} of RSS is not data`,
          'MEMORY STATS reports fragmentation above 1.5 with more than 100 MB wasted. Consider activedefrag yes (jemalloc builds).',
          null,
          { fragmentation: frag, fragmentationBytes: fragBytes }
        )
      ],
      node,
      { fragmentation: 'ratio', fragmentationBytes: 'bytes' }
    )
  }
})
