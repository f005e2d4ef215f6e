/**
 * What the console and EXPLAIN ANALYZE previews know of a write before running it: whether the text is a
 * write at all, and the planner's estimate (EXPLAIN without ANALYZE, inside a read-only transaction).
 */
import { writeEstimate, type WriteEstimate } from '../write-estimate'
import type { PgActionHandle } from './connection'
import { refuseOnReplica } from './read-helpers'

export const WRITE_START = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(insert|update|delete|merge|with)\b/i

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
