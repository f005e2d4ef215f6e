/** A pgstattuple inspection as the sentences the Tables section shows: figures, and which are exact. */
import type { RelationInspection } from '../../../../shared/pg-inspect'
import { formatBytes, formatCount, formatPercent } from '../../components/format'

const pct = (ratio: number): string => formatPercent(ratio * 100)

export const inspectionLines = (label: string, inspection: RelationInspection): string[] => {
  if (inspection.kind === 'btree') {
    return [
      `${label}: pgstatindex of the ${formatBytes(inspection.bytes)} B-tree index.`,
      `Average leaf density ${pct(inspection.avgLeafDensity)}, leaf fragmentation ${pct(inspection.leafFragmentation)}; ${formatCount(inspection.leafPages)} leaf pages, ${formatCount(inspection.deletedPages)} deleted.`
    ]
  }
  // pgstattuple_approx skips the pages the visibility map marks all-visible (no dead tuples there) and
  // takes their free space from the free space map: only a full read makes every figure exact.
  const full = inspection.scannedPercent >= 100
  const estimated = full
    ? 'exact (every page was read)'
    : `approximate (${formatPercent(inspection.scannedPercent)} of the pages read, the rest from the free space map)`
  return [
    `${label}: pgstattuple_approx of the ${formatBytes(inspection.bytes)} table.`,
    `Dead tuples ${pct(inspection.deadTupleRatio)} of the table (${formatCount(inspection.deadTuples)} tuples), exact.`,
    `Free space ${pct(inspection.freeRatio)}, ${estimated}.`,
    `Live tuples ${formatCount(inspection.liveTuples)}, ${full ? 'exact' : 'approximate'}.`,
    `Dead tuples and free space together: ${pct(inspection.wastedRatio)} of the table, roughly what VACUUM FULL or pg_repack would give back.`
  ]
}
