/**
 * PgBouncer's admin console records (SHOW POOLS, DATABASES, STATS, CLIENTS, SERVERS, CONFIG): one column
 * spec per probe, which main's parser (diagnostics/pgbouncer/records.ts) reads rows against, and the
 * topics the PgBouncer sections of the PostgreSQL page show. Only the columns the rules and the page read
 * are required; columns a version adds later are optional.
 */
import type { ColumnSpec, RecordOf } from './postgres'

export const POOL_COLUMNS = {
  database: 'text',
  user: 'text',
  cl_active: 'num',
  cl_waiting: 'num',
  sv_active: 'num',
  sv_idle: 'num',
  sv_used: 'num',
  sv_tested: 'num',
  sv_login: 'num',
  maxwait: 'num',
  maxwait_us: 'num?',
  pool_mode: 'text?'
} as const satisfies ColumnSpec

export const DATABASE_COLUMNS = {
  name: 'text',
  host: 'text?',
  port: 'num?',
  database: 'text',
  pool_size: 'num',
  reserve_pool: 'num',
  pool_mode: 'text?',
  current_connections: 'num',
  paused: 'num',
  disabled: 'num'
} as const satisfies ColumnSpec

export const CONFIG_ROW_COLUMNS = { key: 'text', value: 'text?' } as const satisfies ColumnSpec

export const STAT_COLUMNS = {
  database: 'text',
  total_xact_count: 'num',
  total_query_count: 'num',
  total_wait_time: 'num',
  avg_xact_time: 'num',
  avg_query_time: 'num',
  avg_wait_time: 'num'
} as const satisfies ColumnSpec

export const CONNECTION_COLUMNS = {
  type: 'text',
  user: 'text',
  database: 'text',
  state: 'text',
  addr: 'text?',
  port: 'num?',
  connect_time: 'text',
  request_time: 'text',
  wait: 'num?',
  wait_us: 'num?',
  application_name: 'text?'
} as const satisfies ColumnSpec

export type PgBouncerPool = RecordOf<typeof POOL_COLUMNS>
export type PgBouncerDatabase = RecordOf<typeof DATABASE_COLUMNS>
export type PgBouncerStat = RecordOf<typeof STAT_COLUMNS>
export type PgBouncerConnection = RecordOf<typeof CONNECTION_COLUMNS>

/** One SHOW CONFIG setting (topic pgbouncer_config). */
export type PgBouncerSetting = RecordOf<typeof CONFIG_ROW_COLUMNS>

/** The PgBouncer sections' topics: each probe's rows under `pgbouncer_<probe>`. */
export interface PgBouncerTopics {
  pgbouncer_pools: PgBouncerPool
  pgbouncer_databases: PgBouncerDatabase
  pgbouncer_config: PgBouncerSetting
  pgbouncer_stats: PgBouncerStat
  pgbouncer_clients: PgBouncerConnection
  pgbouncer_servers: PgBouncerConnection
}
