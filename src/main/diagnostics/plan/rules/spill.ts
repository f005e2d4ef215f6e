/**
 * pg.plan.sort-spill, pg.plan.hash-spill and pg.plan.tuplestore-spill: sorts on disk ("Sort Method:
 * external ..." / Disk), hash joins with more than one batch, hash aggregates with Disk Usage (PG 13+),
 * tuplestores on disk (PG 18 "Storage: Disk  Maximum Storage: NkB" of Material, CTE Scan, WindowAgg,
 * Function Scan: the tuplestore outgrew work_mem and went to a temporary file). Any spill counts (the
 * seeds give no size threshold, seed-catalogue §1 pg.plan.sort-spill). Checked against PG 15 fixtures,
 * the 9.6 spacing "Sort Method:  external sort  Disk:" and a hand-made PG 18 plan. work_mem advice follows seed-catalogue §8 #24:
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
            : s.kind === 'tuplestore'
              ? 'Tuplestore spilled to disk'
              : 'Hash aggregate spilled to disk'
      const fix =
        s.kind === 'sort'
          ? `add an index that returns rows in the ORDER BY order, or SET work_mem = '${suggestMb(s.diskKb)}MB' for this session`
          : s.kind === 'tuplestore'
            ? `SET work_mem = '${suggestMb(s.diskKb)}MB' for this session, or store fewer or narrower rows`
            : `SET work_mem = '${suggestMb(s.diskKb)}MB' (or raise hash_mem_multiplier) for this session, or reduce the rows hashed`
      return nodeFinding(
        nodes,
        a,
        s.kind === 'sort'
          ? 'pg.plan.sort-spill'
          : s.kind === 'tuplestore'
            ? 'pg.plan.tuplestore-spill'
            : 'pg.plan.hash-spill',
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
          storageType: a.node.storageType,
          workMem
        }
      )
    })
    .filter((f) => f !== null)
