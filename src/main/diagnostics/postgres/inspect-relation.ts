/**
 * Rows of `pgstattuple_approx(regclass)` (tables) or `pgstatindex(regclass)` (B-tree indexes) -> one
 * typed inspection. Checked against pgstattuple 1.5 on PostgreSQL 15. The caller (engines/postgres/probes.ts
 * inspectRelation) chose the function; the `kind` column says which one answered.
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import { parseOneRow } from './rows'
import type { RelationInspection } from '../../../shared/pg-inspect'

const TABLE = {
  kind: 'text',
  table_len: 'num',
  scanned_percent: 'num',
  approx_tuple_count: 'num',
  dead_tuple_count: 'num',
  dead_tuple_percent: 'num',
  approx_free_percent: 'num'
} as const

const BTREE = {
  kind: 'text',
  index_size: 'num',
  leaf_pages: 'num',
  deleted_pages: 'num',
  avg_leaf_density: 'num',
  leaf_fragmentation: 'num'
} as const

export const parseInspection = (
  relation: string,
  bytes: number,
  rows: unknown
): ParseResult<RelationInspection> => {
  const first: unknown = Array.isArray(rows) ? rows[0] : undefined
  const kind =
    typeof first === 'object' && first !== null ? (first as Record<string, unknown>)['kind'] : undefined
  if (kind === 'table') {
    const r = parseOneRow('pgstattuple_approx', TABLE, rows)
    if (!r.ok) return r
    const v = r.value
    return parsed({
      kind: 'table',
      relation,
      bytes: v.table_len || bytes,
      wastedRatio: (v.dead_tuple_percent + v.approx_free_percent) / 100,
      deadTupleRatio: v.dead_tuple_percent / 100,
      freeRatio: v.approx_free_percent / 100,
      scannedPercent: v.scanned_percent,
      liveTuples: v.approx_tuple_count,
      deadTuples: v.dead_tuple_count
    })
  }
  if (kind === 'btree') {
    const r = parseOneRow('pgstatindex', BTREE, rows)
    if (!r.ok) return r
    const v = r.value
    return parsed({
      kind: 'btree',
      relation,
      bytes: v.index_size || bytes,
      // pgstatindex reports NaN density for an index with no leaf pages: treat as full.
      avgLeafDensity: Number.isFinite(v.avg_leaf_density) ? v.avg_leaf_density / 100 : 1,
      leafFragmentation: Number.isFinite(v.leaf_fragmentation) ? v.leaf_fragmentation / 100 : 0,
      leafPages: v.leaf_pages,
      deletedPages: v.deleted_pages
    })
  }
  return parseFailure('UNRECOGNIZED', `Inspection of ${relation} returned no pgstattuple row.`)
}
