/**
 * Functions that change server state even inside a read-only transaction (signals, sequences, advisory
 * locks, config, large objects, remote calls). A SELECT calling one is not read-only, whatever it looks like.
 */
const SIDE_EFFECTING = new Set([
  'pg_terminate_backend',
  'pg_cancel_backend',
  'pg_reload_conf',
  'pg_rotate_logfile',
  'pg_switch_wal',
  'pg_promote',
  'pg_create_restore_point',
  'pg_wal_replay_pause',
  'pg_wal_replay_resume',
  'pg_stat_reset',
  'pg_stat_reset_shared',
  'pg_stat_statements_reset',
  'pg_create_physical_replication_slot',
  'pg_create_logical_replication_slot',
  'pg_drop_replication_slot',
  'pg_replication_origin_create',
  'pg_replication_origin_drop',
  'pg_file_write',
  'pg_file_unlink',
  'pg_import_system_collations',
  'nextval',
  'setval',
  'set_config',
  'dblink',
  'dblink_exec',
  'dblink_connect',
  'lo_import',
  'lo_export',
  'lo_unlink',
  'lo_create',
  'lo_from_bytea',
  'txid_current',
  'pg_current_xact_id',
  'pg_notify',
  'pg_logical_emit_message',
  'pg_log_backend_memory_contexts',
  'pg_file_rename'
])

const SIDE_EFFECTING_PREFIXES = [
  'pg_advisory_',
  'pg_try_advisory_',
  'dblink',
  'lo_',
  'pg_stat_reset',
  'pg_create_',
  'pg_drop_replication_slot',
  'pg_copy_',
  'pg_replication_slot_advance'
]

export const isSideEffectingFunction = (name: string): boolean => {
  const lower = name.toLowerCase()
  return SIDE_EFFECTING.has(lower) || SIDE_EFFECTING_PREFIXES.some((p) => lower.startsWith(p))
}
