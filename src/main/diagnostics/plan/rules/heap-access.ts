/**
 * pg.plan.heap-fetches: an Index Only Scan that still visits the heap for >= 10% of its rows (and
 * >= 100 fetches): the visibility map is stale, so the index-only scan is not index-only.
 * pg.plan.lossy-bitmap: a Bitmap Heap Scan with lossy blocks: the bitmap did not fit in work_mem, so
 * whole pages are rechecked. Thresholds are ours (the seeds have none). Checked against PG 15 fixtures.
 */
import { fmt, nodeFinding, type PlanRule } from './helpers'

export const HEAP_FETCH_SHARE = 0.1
const MIN_FETCHES = 100

export const heapAccessRule: PlanRule = ({ nodes }) =>
  nodes.flatMap((a) => {
    const n = a.node
    if (
      n.nodeType === 'Index Only Scan' &&
      n.heapFetches !== null &&
      n.heapFetches >= MIN_FETCHES &&
      n.heapFetches >= HEAP_FETCH_SHARE * Math.max(a.totalRows ?? 0, 1)
    ) {
      return [
        nodeFinding(
          nodes,
          a,
          'pg.plan.heap-fetches',
          'warning',
          `${a.title}: ${fmt(n.heapFetches)} heap fetches for ${fmt(a.totalRows ?? 0)} rows`,
          `The index-only scan had to read the table for ${fmt(n.heapFetches)} of ${fmt(a.totalRows ?? 0)} rows because those pages are not marked all-visible. ` +
            `VACUUM ${n.relation ?? 'the table'} (a tier-2 action in this console) sets the visibility map; if it recurs, autovacuum is not keeping up on this table.`,
          { heapFetches: n.heapFetches, rows: a.totalRows }
        )
      ]
    }
    if (n.nodeType === 'Bitmap Heap Scan' && (n.lossyHeapBlocks ?? 0) > 0) {
      return [
        nodeFinding(
          nodes,
          a,
          'pg.plan.lossy-bitmap',
          'warning',
          `${a.title}: ${fmt(n.lossyHeapBlocks ?? 0)} lossy heap blocks`,
          `The bitmap did not fit in work_mem, so ${fmt(n.lossyHeapBlocks ?? 0)} of ${fmt((n.lossyHeapBlocks ?? 0) + (n.exactHeapBlocks ?? 0))} heap blocks were kept as whole pages and every row on them ` +
            `was rechecked (${fmt(a.rowsRemoved ?? 0)} rows removed by recheck). Raise work_mem for this session, or make the condition more selective.`,
          {
            lossyHeapBlocks: n.lossyHeapBlocks,
            exactHeapBlocks: n.exactHeapBlocks,
            rowsRemovedByIndexRecheck: a.rowsRemoved
          }
        )
      ]
    }
    return []
  })
