/** Small read-only helpers shared by the previews and post-checks. */
import { AppFailure } from '../../../../shared/errors'
import type { PgActionHandle } from './connection'

/** A nullable numeric column (pg returns bigint and numeric as text). */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

export const refuseOnReplica = async (h: PgActionHandle): Promise<void> => {
  const [row] = await h.query<{ r: boolean }>('select pg_is_in_recovery() as r')
  if (row?.r)
    throw new AppFailure('REFUSED', 'The server is a replica (in recovery): run this on the primary.')
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
