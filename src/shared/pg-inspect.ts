/**
 * `pg.inspectRelation`: pgstattuple_approx (tables) or pgstatindex (B-tree indexes) on ONE relation, on
 * demand, where the health sweep only estimates bloat. The input schema (validated in main) and the
 * typed answer, shared with the renderer as types.
 */
import { z } from 'zod'
import { pgIdent } from './actions'
import { profileIdSchema } from './connection'

export const inspectRelationInput = z
  .object({
    connectionId: profileIdSchema,
    schema: pgIdent.default('public'),
    /** A table or materialized view (pgstattuple_approx), or a B-tree index (pgstatindex). */
    table: pgIdent,
    /** Inspect a relation above the size cap anyway (it reads the relation). */
    confirmLarge: z.boolean().optional()
  })
  .strict()

export type RelationInspection =
  | {
      kind: 'table'
      relation: string
      bytes: number
      /** Share of the table that is dead tuples plus free space: what VACUUM FULL / pg_repack would give back, roughly. */
      wastedRatio: number
      /** Exact: pgstattuple_approx reads every page the visibility map does not mark all-visible. */
      deadTupleRatio: number
      /** Exact on the pages read, estimated from the free space map on the others. */
      freeRatio: number
      /** Share of the table's pages read; 100 makes every figure exact. */
      scannedPercent: number
      liveTuples: number
      deadTuples: number
    }
  | {
      kind: 'btree'
      relation: string
      bytes: number
      avgLeafDensity: number
      leafFragmentation: number
      leafPages: number
      deletedPages: number
    }

export type InspectResult =
  | { ok: true; inspection: RelationInspection }
  | {
      ok: false
      reason: 'NOT_FOUND' | 'TOO_LARGE' | 'EXTENSION_MISSING' | 'UNSUPPORTED_KIND' | 'SERVER_ERROR'
      message: string
      bytes?: number
    }
