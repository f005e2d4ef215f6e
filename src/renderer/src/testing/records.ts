/**
 * Whole records for the renderer's model tests: a test names only the fields it is about and the rest
 * take a neutral value of their declared kind (shared/records/postgres.ts), so hand-made rows keep the
 * exact shape main sends.
 */
import { SPECS, type ColumnKind, type PgProbeId, type PgProbeRow } from '../../../shared/records/postgres'
import type { ClusterNode } from '../../../shared/records/redis'

const NEUTRAL: Record<ColumnKind, unknown> = {
  text: '',
  'text?': null,
  num: 0,
  'num?': null,
  bool: false,
  'bool?': null,
  ints: [],
  'texts?': null
}

/** One row of a PostgreSQL probe, with the given fields and neutral values for the rest. */
export const pgRow = <P extends PgProbeId>(probe: P, fields: Partial<PgProbeRow<P>>): PgProbeRow<P> => {
  const row: Record<string, unknown> = {}
  for (const [column, kind] of Object.entries(SPECS[probe])) row[column] = NEUTRAL[kind as ColumnKind]
  return { ...row, ...fields } as PgProbeRow<P>
}

/** One CLUSTER NODES record with the given fields. */
export const clusterNode = (
  fields: Partial<ClusterNode> & Pick<ClusterNode, 'id' | 'address'>
): ClusterNode => ({
  busPort: null,
  hostname: null,
  flags: [],
  role: 'unknown',
  masterId: null,
  pingSent: 0,
  pongReceived: 0,
  configEpoch: 0,
  linkState: 'connected',
  slots: [],
  migrating: [],
  importing: [],
  ...fields
})
