/**
 * What the console and EXPLAIN ANALYZE previews know of a write before running it: whether the text is a
 * write at all, and the planner's estimate (EXPLAIN without ANALYZE, inside a read-only transaction).
 */
import type { ActionPermission } from '../../../../shared/actions'
import { permitted } from '../../action-kit'
import { writeEstimate, type WriteEstimate } from '../write-estimate'
import type { PgActionHandle } from './connection'
import { refuseOnReplica } from './read-helpers'

export const WRITE_START = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(insert|update|delete|merge|with)\b/i

/**
 * The permission of a write whose estimate the preview read: EXPLAIN starts the executor, which checks the
 * privileges on every table, column and function of the statement, so a role that lacks one fails the
 * preview itself (prepare reports "permission denied for ...", before any typing).
 */
export const explainedWritePermission = (): ActionPermission =>
  permitted(
    "EXPLAIN of this statement, run in the preview, passed the server's privilege checks on its tables, columns and functions; what its triggers run is checked when they fire."
  )

/** The planner's estimate of the rows the write will touch, without running it. */
export const estimateWrite = async (
  h: PgActionHandle,
  body: string,
  options: { primaryOnly: boolean }
): Promise<WriteEstimate> => {
  const plan = await h.readOnly(async () => {
    if (options.primaryOnly) await refuseOnReplica(h)
    const [row] = await h.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${body}`)
    return row?.['QUERY PLAN']
  })
  return writeEstimate(plan)
}
