/**
 * pg.plan.seq-scan-filter: a (Parallel) Seq Scan that discards more than 10x the rows it returns
 * (the seed's "removed > actual x 10" rule, seed-catalogue §1 pg.plan.filter-rejection) and at least
 * 10,000 rows in total (seq-scan-large's "> 10000", 004:6413-6416). Names the filter columns.
 * Checked against PG 15 fixtures.
 */
import { filterColumns, fmt, nodeFinding, type PlanRule } from './helpers'

export const FILTER_REJECTION_RATIO = 10
export const MIN_REMOVED = 10_000

export const seqScanFilterRule: PlanRule = ({ nodes }) =>
  nodes
    .filter(
      (a) => a.node.nodeType === 'Seq Scan' && a.node.rowsRemovedByFilter !== null && !a.node.neverExecuted
    )
    .map((a) => {
      const loops = Math.max(a.node.actualLoops ?? 1, 1)
      const removed = Math.round((a.node.rowsRemovedByFilter ?? 0) * loops)
      const kept = a.totalRows ?? 0
      if (removed < MIN_REMOVED || removed <= kept * FILTER_REJECTION_RATIO) return null
      const columns = filterColumns(a.node.filter)
      const pct = Math.round((1000 * removed) / Math.max(removed + kept, 1)) / 10
      const rel = a.node.relation ?? 'the table'
      return nodeFinding(
        nodes,
        a,
        'pg.plan.seq-scan-filter',
        'warning',
        `${a.title}: read ${fmt(removed + kept)} rows to keep ${fmt(kept)} (${pct}% discarded)`,
        `The scan discarded ${fmt(removed)} rows by Filter ${a.node.filter ?? ''} and kept ${fmt(kept)}. ` +
          (columns.length > 0
            ? `An index on ${rel} (${columns.join(', ')}) — or a partial index if one value is selective — would read only matching rows; build it with CREATE INDEX CONCURRENTLY. `
            : 'An index on the filtered columns would read only matching rows. ') +
          `If the condition wraps a column in a function or a cast, the index must be on that expression.`,
        {
          rowsRemovedByFilter: removed,
          rowsReturned: kept,
          discardedPct: pct,
          filter: a.node.filter,
          filterColumns: columns
        }
      )
    })
    .filter((f) => f !== null)
