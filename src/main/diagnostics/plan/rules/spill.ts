/**
 * pg.plan.sort-spill and pg.plan.hash-spill: sorts on disk ("Sort Method: external ..." / Disk), hash
 * joins with more than one batch, hash aggregates with Disk Usage (PG 13+). Any spill counts (the seeds
 * give no size threshold, seed-catalogue §1 pg.plan.sort-spill). Checked against PG 15 fixtures and the
 * 9.6 spacing "Sort Method:  external sort  Disk:". work_mem advice follows seed-catalogue §8 #24:
 * raise it for the session, never globally.
 */
import { fmt, nodeFinding, type PlanRule } from './helpers'

const suggestMb = (kb: number | null): number => {
  const mb = Math.ceil(((kb ?? 4096) * 2) / 1024)
  return Math.min(1024, 2 ** Math.ceil(Math.log2(Math.max(mb, 8))))
}

export const spillRule: PlanRule = ({ nodes, summary }) =>
  summary.spills
    .filter((s) => s.kind !== 'other')
    .map((s) => {
      const a = nodes[s.nodeId]
      if (!a) return null
      const workMem = summary.settings['work_mem'] ?? null
      const size = s.diskKb === null ? 'an unknown amount' : `${fmt(s.diskKb)} kB`
      const what =
        s.kind === 'sort'
          ? 'Sort spilled to disk'
          : s.kind === 'hash'
            ? `Hash split into ${fmt(a.node.hashBatches ?? 0)} batches`
            : 'Hash aggregate spilled to disk'
      const fix =
        s.kind === 'sort'
          ? `add an index that returns rows in the ORDER BY order, or SET work_mem = '${suggestMb(s.diskKb)}MB' for this session`
          : `SET work_mem = '${suggestMb(s.diskKb)}MB' (or raise hash_mem_multiplier) for this session, or reduce the rows hashed`
      return nodeFinding(
        nodes,
        a,
        s.kind === 'sort' ? 'pg.plan.sort-spill' : 'pg.plan.hash-spill',
        'warning',
        `${a.title}: ${what} (${size})`,
        `${what}: it wrote ${size} of temporary files because work_mem${workMem ? ` (${workMem})` : ''} was too small. To keep it in memory, ${fix}. ` +
          `Do not raise work_mem server-wide: it applies to every sort and hash node of every connection.`,
        {
          kind: s.kind,
          diskKb: s.diskKb,
          sortMethod: a.node.sortMethod,
          hashBatches: a.node.hashBatches,
          originalHashBatches: a.node.originalHashBatches,
          hashAggBatches: a.node.hashAggBatches,
          workMem
        }
      )
    })
    .filter((f) => f !== null)
