/**
 * PgBouncer's admin console (`SHOW POOLS`, `SHOW DATABASES`, `SHOW CONFIG`, `SHOW STATS`, `SHOW CLIENTS`,
 * `SHOW SERVERS`) as typed records: one column spec per probe, parsed by the PostgreSQL row parser (the
 * console answers in the PostgreSQL protocol; counters come as text, sizes as integers). Only the
 * columns the rules and the page read are required; columns a version adds later are optional.
 * Checked against PgBouncer 1.18 (fixtures/), the column lists of its docs for 1.8 and later.
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import {
  CONFIG_ROW_COLUMNS,
  CONNECTION_COLUMNS,
  DATABASE_COLUMNS,
  POOL_COLUMNS,
  STAT_COLUMNS,
  type PgBouncerConnection,
  type PgBouncerDatabase,
  type PgBouncerPool,
  type PgBouncerStat
} from '../../../shared/records/pgbouncer'
import { parseRows } from '../postgres/rows'

export const PGBOUNCER_PROBE_IDS = ['pools', 'databases', 'config', 'stats', 'clients', 'servers'] as const
export type PgBouncerProbeId = (typeof PGBOUNCER_PROBE_IDS)[number]

/** The admin command of each probe: a fixed list, the only commands dbconsole sends the console. */
export const PGBOUNCER_COMMANDS: Record<PgBouncerProbeId, string> = {
  pools: 'SHOW POOLS',
  databases: 'SHOW DATABASES',
  config: 'SHOW CONFIG',
  stats: 'SHOW STATS',
  clients: 'SHOW CLIENTS',
  servers: 'SHOW SERVERS'
}

/** SHOW CONFIG as key -> value. */
export type PgBouncerConfig = ReadonlyMap<string, string | null>

export interface PgBouncerRecords {
  pools: PgBouncerPool[]
  databases: PgBouncerDatabase[]
  config: PgBouncerConfig
  stats: PgBouncerStat[]
  clients: PgBouncerConnection[]
  servers: PgBouncerConnection[]
}

const parseConfig = (rows: unknown): ParseResult<PgBouncerConfig> => {
  const all = parseRows('SHOW CONFIG', CONFIG_ROW_COLUMNS, rows)
  if (!all.ok) return all
  // An empty SHOW CONFIG is a cut answer: the console always lists its settings.
  if (all.value.length === 0) return parseFailure('TRUNCATED', 'SHOW CONFIG: no settings in the answer.')
  return parsed(new Map(all.value.map((r) => [r.key, r.value])))
}

export const PGBOUNCER_PARSERS: {
  [K in PgBouncerProbeId]: (rows: unknown) => ParseResult<PgBouncerRecords[K]>
} = {
  pools: (rows) => parseRows('SHOW POOLS', POOL_COLUMNS, rows),
  databases: (rows) => parseRows('SHOW DATABASES', DATABASE_COLUMNS, rows),
  config: parseConfig,
  stats: (rows) => parseRows('SHOW STATS', STAT_COLUMNS, rows),
  clients: (rows) => parseRows('SHOW CLIENTS', CONNECTION_COLUMNS, rows),
  servers: (rows) => parseRows('SHOW SERVERS', CONNECTION_COLUMNS, rows)
}

/** The console's own pseudo-database: its pool is dbconsole's admin connection, not a workload. */
export const ADMIN_DATABASE = 'pgbouncer'

/** A number setting of SHOW CONFIG, null when absent or not a number. */
export const configNumber = (config: PgBouncerConfig, key: string): number | null => {
  const raw = config.get(key)
  if (raw === undefined || raw === null || raw.trim() === '') return null
  const n = Number(raw)
  return Number.isFinite(n) ? n : null
}
