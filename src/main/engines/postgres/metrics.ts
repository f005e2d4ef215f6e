import type { NodeMetrics } from '../../../shared/metrics'
import type { PgSession } from '../types'

// One statement; CASE keeps primary-only functions from running on a replica (they raise there).
// pg_stat_statements is read through to_regclass so a missing extension gives nulls, not an error.
const SAMPLE_SQL = `
select (select sum(xact_commit + xact_rollback) from pg_stat_database)::float8 as xact_total,
       (select count(*) from pg_stat_activity where backend_type = 'client backend')::float8 as connections,
       case when pg_is_in_recovery()
            then pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::float8
            else (select max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn))::float8 from pg_stat_replication) end as lag_bytes,
       case when pg_is_in_recovery() and pg_last_wal_receive_lsn() <> pg_last_wal_replay_lsn()
            then extract(epoch from now() - pg_last_xact_replay_timestamp())::float8
            when pg_is_in_recovery() then 0::float8
            else (select extract(epoch from max(replay_lag))::float8 from pg_stat_replication) end as lag_seconds,
       to_regclass('pg_stat_statements') is not null as has_statements`

const STATEMENTS_SQL = `
select coalesce(sum(total_exec_time), 0)::float8 as time_ms,
       coalesce(sum(calls) filter (where mean_exec_time > 100), 0)::float8 as slow_calls
  from pg_stat_statements`

interface SampleRow extends Record<string, unknown> {
  xact_total: number | null
  connections: number | null
  lag_bytes: number | null
  lag_seconds: number | null
  has_statements: boolean
}

export const samplePostgres = async (session: PgSession): Promise<NodeMetrics[]> => {
  const [row] = await session.query<SampleRow>(SAMPLE_SQL)
  let statements: { time_ms: number; slow_calls: number } | undefined
  if (row?.has_statements) {
    // PG 12 and older name it total_time; such servers simply report nulls here.
    statements = (
      await session.query<{ time_ms: number; slow_calls: number }>(STATEMENTS_SQL).catch(() => [])
    )[0]
  }
  return [
    {
      node: session.address,
      values: {
        xactTotal: row?.xact_total ?? null,
        statementTimeMsTotal: statements?.time_ms ?? null,
        slowCallsTotal: statements?.slow_calls ?? null,
        replicationLagBytes: row?.lag_bytes ?? null,
        replicationLagSeconds: row?.lag_seconds ?? null,
        connections: row?.connections ?? null
      }
    }
  ]
}
