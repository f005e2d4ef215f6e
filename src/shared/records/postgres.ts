/**
 * The typed records of every PostgreSQL health probe, as the rules read them and as they cross to the
 * renderer (topics of shared/topics.ts). Column names are the probe's output aliases (the SQL is in
 * main's engines/postgres/probes.ts); ages are seconds (`*_s`) or transaction counts (`*_age`), sizes
 * are bytes. Every probe emits the same columns whatever the server version, so one spec per probe
 * suffices; a column a version cannot provide comes back null. Main's rows.ts parses rows against these
 * specs; the renderer imports only the types.
 */

export type ColumnKind = 'text' | 'text?' | 'num' | 'num?' | 'bool' | 'bool?' | 'ints' | 'texts?'

export type ValueOf<K extends ColumnKind> = K extends 'text'
  ? string
  : K extends 'text?'
    ? string | null
    : K extends 'num'
      ? number
      : K extends 'num?'
        ? number | null
        : K extends 'bool'
          ? boolean
          : K extends 'bool?'
            ? boolean | null
            : K extends 'ints'
              ? number[]
              : string[] | null

export type ColumnSpec = Record<string, ColumnKind>
export type RecordOf<S extends ColumnSpec> = { [C in keyof S]: ValueOf<S[C]> }

export const PG_PROBE_IDS = [
  'pg_settings',
  'pg_stat_user_tables',
  'table_bloat_estimate',
  'index_bloat_estimate',
  'pg_stat_user_indexes',
  'pg_database',
  'pg_stat_replication',
  'pg_replication_slots',
  'pg_stat_wal_receiver',
  'pg_stat_statements',
  'pg_stat_activity',
  'pg_stat_database',
  'checkpoints',
  'pg_stat_wal',
  'pg_stat_io',
  'sequences',
  'not_valid_constraints',
  'unindexed_foreign_keys',
  'tables_without_primary_key',
  'pg_stat_archiver',
  'pg_locks',
  'database_sizes',
  'progress',
  'changed_settings',
  'pg_stat_ssl'
] as const
export type PgProbeId = (typeof PG_PROBE_IDS)[number]

export const SPECS = {
  pg_settings: {
    server_version_num: 'num',
    server_version: 'text',
    in_recovery: 'bool',
    current_database: 'text',
    max_connections: 'num',
    autovacuum: 'bool',
    track_counts: 'bool',
    autovacuum_vacuum_threshold: 'num',
    autovacuum_vacuum_scale_factor: 'num',
    autovacuum_freeze_max_age: 'num',
    autovacuum_multixact_freeze_max_age: 'num',
    block_size: 'num',
    shared_preload_libraries: 'text',
    has_pg_stat_statements: 'bool',
    has_pgstattuple: 'bool',
    stats_reset: 'text?',
    postmaster_start: 'text?'
  },
  pg_stat_user_tables: {
    schemaname: 'text',
    relname: 'text',
    n_live_tup: 'num',
    n_dead_tup: 'num',
    n_mod_since_analyze: 'num?',
    reltuples: 'num',
    relpages: 'num',
    /** pg_table_size: heap, TOAST, free-space and visibility maps, as on disk now. */
    table_bytes: 'num',
    /** pg_indexes_size; null in fixtures recorded before it was read. */
    indexes_bytes: 'num?',
    seq_scan: 'num',
    seq_tup_read: 'num',
    idx_scan: 'num?',
    last_vacuum_s: 'num?',
    last_autovacuum_s: 'num?',
    last_analyze_s: 'num?',
    last_autoanalyze_s: 'num?',
    autovacuum_enabled: 'bool?',
    av_vacuum_threshold: 'num?',
    av_vacuum_scale_factor: 'num?',
    xid_age: 'num',
    mxid_age: 'num?'
  },
  table_bloat_estimate: {
    schemaname: 'text',
    tblname: 'text',
    real_bytes: 'num',
    bloat_bytes: 'num',
    bloat_ratio: 'num',
    is_na: 'bool'
  },
  index_bloat_estimate: {
    schemaname: 'text',
    tblname: 'text',
    idxname: 'text',
    real_bytes: 'num',
    bloat_bytes: 'num',
    bloat_ratio: 'num',
    is_na: 'bool'
  },
  pg_stat_user_indexes: {
    schemaname: 'text',
    relname: 'text',
    indexrelname: 'text',
    idx_scan: 'num',
    index_bytes: 'num',
    table_bytes: 'num',
    table_reltuples: 'num',
    is_unique: 'bool',
    is_primary: 'bool',
    constraint_backed: 'bool',
    is_valid: 'bool',
    is_ready: 'bool',
    amname: 'text',
    indkey: 'text',
    indclass: 'text',
    key_columns: 'num',
    expressions: 'text?',
    predicate: 'text?',
    /** Only for never-scanned non-unique or invalid indexes (deparsing 20k indexes costs 300 ms). */
    indexdef: 'text?'
  },
  pg_database: {
    datname: 'text',
    datallowconn: 'bool',
    xid_age: 'num',
    mxid_age: 'num?'
  },
  pg_stat_replication: {
    pid: 'num',
    application_name: 'text',
    client_addr: 'text?',
    state: 'text?',
    sync_state: 'text?',
    sent_lag_bytes: 'num?',
    write_lag_bytes: 'num?',
    flush_lag_bytes: 'num?',
    replay_lag_bytes: 'num?',
    write_lag_s: 'num?',
    flush_lag_s: 'num?',
    replay_lag_s: 'num?',
    reply_age_s: 'num?'
  },
  pg_replication_slots: {
    slot_name: 'text',
    slot_type: 'text',
    database: 'text?',
    active: 'bool',
    retained_bytes: 'num?',
    wal_status: 'text?',
    safe_wal_size: 'num?',
    xmin_age: 'num?',
    catalog_xmin_age: 'num?'
  },
  pg_stat_wal_receiver: {
    in_recovery: 'bool',
    receiver_status: 'text?',
    sender: 'text?',
    receive_replay_gap_bytes: 'num?',
    replay_ts_age_s: 'num?',
    last_msg_age_s: 'num?',
    pause_state: 'text?'
  },
  pg_stat_statements: {
    queryid: 'text?',
    query: 'text',
    username: 'text?',
    calls: 'num',
    total_ms: 'num',
    mean_ms: 'num',
    rows: 'num',
    shared_blks_hit: 'num',
    shared_blks_read: 'num',
    temp_blks_written: 'num'
  },
  pg_stat_activity: {
    pid: 'num',
    is_self: 'bool',
    datname: 'text?',
    usename: 'text?',
    application_name: 'text?',
    client_addr: 'text?',
    backend_type: 'text?',
    state: 'text?',
    wait_event_type: 'text?',
    wait_event: 'text?',
    xact_age_s: 'num?',
    query_age_s: 'num?',
    state_age_s: 'num?',
    backend_xmin_age: 'num?',
    blocked_by: 'ints',
    query: 'text?'
  },
  pg_stat_database: {
    datname: 'text',
    blks_hit: 'num',
    blks_read: 'num',
    temp_files: 'num',
    temp_bytes: 'num',
    deadlocks: 'num',
    xact_commit: 'num',
    xact_rollback: 'num',
    stats_reset: 'text?'
  },
  checkpoints: {
    timed: 'num',
    requested: 'num',
    stats_reset: 'text?'
  },
  pg_stat_wal: {
    wal_records: 'num',
    wal_fpi: 'num',
    wal_bytes: 'num',
    wal_buffers_full: 'num',
    stats_reset: 'text?'
  },
  pg_stat_io: {
    reads: 'num',
    writes: 'num',
    extends: 'num',
    fsyncs: 'num'
  },
  sequences: {
    schemaname: 'text',
    sequencename: 'text',
    table_schema: 'text',
    table_name: 'text',
    column_name: 'text',
    column_type: 'text',
    is_identity: 'bool',
    readable: 'bool',
    last_value: 'num?',
    increment_by: 'num',
    sequence_min: 'num',
    sequence_max: 'num',
    cycle: 'bool',
    type_max: 'num'
  },
  not_valid_constraints: {
    schemaname: 'text',
    relname: 'text',
    conname: 'text',
    contype: 'text',
    definition: 'text'
  },
  unindexed_foreign_keys: {
    schemaname: 'text',
    relname: 'text',
    conname: 'text',
    ref_schema: 'text',
    ref_table: 'text',
    columns: 'texts?',
    reltuples: 'num'
  },
  tables_without_primary_key: {
    schemaname: 'text',
    relname: 'text',
    replica_identity: 'text',
    reltuples: 'num',
    has_unique_index: 'bool',
    publications: 'texts?'
  },
  pg_stat_archiver: {
    in_recovery: 'bool',
    archive_mode: 'text',
    /** archive_command, or archive_library on PG 15+, is set: an empty one with archiving on piles up WAL. */
    has_archiver: 'bool',
    archived_count: 'num',
    failed_count: 'num',
    last_archived_wal: 'text?',
    last_archived_age_s: 'num?',
    last_failed_wal: 'text?',
    last_failed_age_s: 'num?',
    /** Segments waiting in pg_wal/archive_status (.ready); null before PG 12 or without pg_monitor. */
    ready_segments: 'num?',
    stats_reset: 'text?'
  },
  pg_locks: {
    pid: 'num',
    locktype: 'text',
    mode: 'text',
    granted: 'bool',
    /** schema.table in this database; 'oid N' for a relation of another database. */
    relation: 'text?',
    database: 'text?',
    usename: 'text?',
    application_name: 'text?',
    state: 'text?',
    xact_age_s: 'num?',
    /** Since when an ungranted lock is waited for (pg_locks.waitstart, PG 14+). */
    wait_age_s: 'num?',
    query: 'text?',
    /** Locks listed before the limit: more than the rows means the list was cut. */
    total_locks: 'num'
  },
  database_sizes: {
    datname: 'text',
    datallowconn: 'bool',
    is_template: 'bool',
    /** pg_database_size; null when the role may not connect to it (and is not pg_read_all_stats). */
    size_bytes: 'num?'
  },
  progress: {
    command: 'text',
    pid: 'num',
    datname: 'text?',
    relation: 'text?',
    phase: 'text',
    done: 'num?',
    total: 'num?',
    /** What done/total count in this phase: blocks, tuples, lockers (waiting for old snapshots). */
    unit: 'text?',
    /** done / total, null when the phase has no total. */
    done_ratio: 'num?',
    /** CREATE INDEX CONCURRENTLY waiting for this backend's transaction to end. */
    waiting_for_pid: 'num?',
    elapsed_s: 'num?',
    query: 'text?'
  },
  changed_settings: {
    name: 'text',
    /** As SHOW prints it, with its unit ("128MB"). */
    value: 'text',
    setting: 'text',
    unit: 'text?',
    source: 'text',
    context: 'text',
    category: 'text',
    boot_val: 'text?',
    pending_restart: 'bool'
  },
  pg_stat_ssl: {
    pid: 'num',
    usename: 'text?',
    application_name: 'text?',
    client_addr: 'text',
    ssl: 'bool',
    ssl_version: 'text?',
    cipher: 'text?',
    bits: 'num?',
    /** The server's ssl setting: whether it offers encryption at all. */
    server_ssl: 'bool'
  }
} as const satisfies Record<PgProbeId, ColumnSpec>

export type PgSettings = RecordOf<(typeof SPECS)['pg_settings']>
export type TableStat = RecordOf<(typeof SPECS)['pg_stat_user_tables']>
export type TableBloat = RecordOf<(typeof SPECS)['table_bloat_estimate']>
export type IndexBloat = RecordOf<(typeof SPECS)['index_bloat_estimate']>
export type IndexStat = RecordOf<(typeof SPECS)['pg_stat_user_indexes']>
export type DatabaseAge = RecordOf<(typeof SPECS)['pg_database']>
export type ReplicationStat = RecordOf<(typeof SPECS)['pg_stat_replication']>
export type ReplicationSlot = RecordOf<(typeof SPECS)['pg_replication_slots']>
export type WalReceiver = RecordOf<(typeof SPECS)['pg_stat_wal_receiver']>
export type StatementStat = RecordOf<(typeof SPECS)['pg_stat_statements']>
export type ActivityRow = RecordOf<(typeof SPECS)['pg_stat_activity']>
export type DatabaseStat = RecordOf<(typeof SPECS)['pg_stat_database']>
export type CheckpointStat = RecordOf<(typeof SPECS)['checkpoints']>
export type WalStat = RecordOf<(typeof SPECS)['pg_stat_wal']>
export type IoStat = RecordOf<(typeof SPECS)['pg_stat_io']>
export type OwnedSequence = RecordOf<(typeof SPECS)['sequences']>
export type NotValidConstraint = RecordOf<(typeof SPECS)['not_valid_constraints']>
export type UnindexedForeignKey = RecordOf<(typeof SPECS)['unindexed_foreign_keys']>
export type TableWithoutPrimaryKey = RecordOf<(typeof SPECS)['tables_without_primary_key']>
export type ArchiverStat = RecordOf<(typeof SPECS)['pg_stat_archiver']>
export type LockRow = RecordOf<(typeof SPECS)['pg_locks']>
export type DatabaseSize = RecordOf<(typeof SPECS)['database_sizes']>
export type ProgressRow = RecordOf<(typeof SPECS)['progress']>
export type ChangedSetting = RecordOf<(typeof SPECS)['changed_settings']>
export type SslConnection = RecordOf<(typeof SPECS)['pg_stat_ssl']>

/** A statement whose cost grew between two pg_stat_statements snapshots (topic statement_deltas). */
export interface StatementDelta {
  queryid: string
  query: string
  windowSeconds: number
  calls: number
  totalMs: number
  meanMs: number
  /** Mean over all calls before the window; null when the statement is new in the window. */
  previousMeanMs: number | null
}

/** A blocker and the sessions waiting on it directly (topic blocking_tree); a session waiting on two blockers is under both. */
export interface BlockNode {
  pid: number
  children: BlockNode[]
}

/** How many of dbconsole's own statements the statement lists leave out (topic own_statements). */
export interface OwnStatementsNote {
  left_out: number
  note: string
}

/** One row of a PostgreSQL probe's records (a single-row probe such as pg_settings gives one). */
export type PgProbeRow<P extends PgProbeId> = RecordOf<(typeof SPECS)[P]>

/** The PostgreSQL page's topics: one per probe, and what the check derives from them. */
export type PgTopics = { [P in PgProbeId]: PgProbeRow<P> } & {
  own_statements: OwnStatementsNote
  statement_deltas: StatementDelta
  blocking_tree: BlockNode
}
