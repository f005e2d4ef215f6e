/**
 * Each health probe's rows -> its typed records (the column specs and record types are in
 * shared/records/postgres.ts, which the renderer reads too).
 */
import type { ParseResult } from '../parse-result'
import {
  SPECS,
  type ActivityRow,
  type CheckpointStat,
  type ColumnSpec,
  type DatabaseAge,
  type DatabaseStat,
  type IndexBloat,
  type IndexStat,
  type IoStat,
  type NotValidConstraint,
  type OwnedSequence,
  type PgProbeId,
  type PgSettings,
  type ReplicationSlot,
  type ReplicationStat,
  type StatementStat,
  type TableBloat,
  type TableStat,
  type TableWithoutPrimaryKey,
  type UnindexedForeignKey,
  type WalReceiver,
  type WalStat,
  type ArchiverStat,
  type LockRow,
  type DatabaseSize,
  type ProgressRow,
  type ChangedSetting,
  type SslConnection
} from '../../../shared/records/postgres'
import { parseOneRow, parseRows } from './rows'

/** Probes that return one row describe the server; the rest return one row per object. */
const SINGLE_ROW = new Set<PgProbeId>([
  'pg_settings',
  'pg_stat_wal_receiver',
  'pg_stat_database',
  'checkpoints',
  'pg_stat_wal',
  'pg_stat_io',
  'pg_stat_archiver'
])

export interface PgRecords {
  pg_settings: PgSettings
  pg_stat_user_tables: TableStat[]
  table_bloat_estimate: TableBloat[]
  index_bloat_estimate: IndexBloat[]
  pg_stat_user_indexes: IndexStat[]
  pg_database: DatabaseAge[]
  pg_stat_replication: ReplicationStat[]
  pg_replication_slots: ReplicationSlot[]
  pg_stat_wal_receiver: WalReceiver
  pg_stat_statements: StatementStat[]
  pg_stat_activity: ActivityRow[]
  pg_stat_database: DatabaseStat
  checkpoints: CheckpointStat
  pg_stat_wal: WalStat
  pg_stat_io: IoStat
  sequences: OwnedSequence[]
  not_valid_constraints: NotValidConstraint[]
  unindexed_foreign_keys: UnindexedForeignKey[]
  tables_without_primary_key: TableWithoutPrimaryKey[]
  pg_stat_archiver: ArchiverStat
  pg_locks: LockRow[]
  database_sizes: DatabaseSize[]
  progress: ProgressRow[]
  changed_settings: ChangedSetting[]
  pg_stat_ssl: SslConnection[]
}

/** Raw rows of one probe -> its typed record(s). */
export const parseProbe = <P extends PgProbeId>(probe: P, rows: unknown): ParseResult<PgRecords[P]> => {
  const spec: ColumnSpec = SPECS[probe]
  return (
    SINGLE_ROW.has(probe) ? parseOneRow(probe, spec, rows) : parseRows(probe, spec, rows)
  ) as ParseResult<PgRecords[P]>
}
