/** The version gates live in the probes' SQL: check each version picks the right names. */
import { describe, expect, it } from 'vitest'
import { PG_PROBES } from './probes'

const sql = (id: keyof typeof PG_PROBES, v: number) => PG_PROBES[id].sql(v)

describe('probe SQL by server_version_num', () => {
  it('PG 10 wal/lsn names vs 9.6 xlog/location', () => {
    expect(sql('pg_stat_replication', 100000)).toContain(
      'pg_wal_lsn_diff(case when pg_is_in_recovery() then pg_last_wal_receive_lsn() else pg_current_wal_lsn() end, replay_lsn)'
    )
    const old = sql('pg_stat_replication', 90600)
    expect(old).toContain('pg_xlog_location_diff')
    expect(old).toContain('replay_location')
    expect(old).not.toContain('_lsn')
    expect(sql('pg_stat_wal_receiver', 90600)).toContain('pg_is_xlog_replay_paused()')
  })
  it('PG 13 total_exec_time vs total_time', () => {
    expect(sql('pg_stat_statements', 130000)).toContain('total_exec_time::float8 as total_ms')
    expect(sql('pg_stat_statements', 120000)).toContain('total_time::float8 as total_ms')
    expect(sql('pg_stat_statements', 120000)).toContain('mean_time::float8 as mean_ms')
  })
  it('PG 14 replay pause state vs pg_is_wal_replay_paused', () => {
    expect(sql('pg_stat_wal_receiver', 140000)).toContain('pg_get_wal_replay_pause_state()')
    expect(sql('pg_stat_wal_receiver', 130000)).toContain('pg_is_wal_replay_paused()')
  })
  it('PG 13 slot wal_status, PG 12 reply_time, PG 11 indnkeyatts', () => {
    expect(sql('pg_replication_slots', 130000)).toContain('wal_status as wal_status')
    expect(sql('pg_replication_slots', 120000)).toContain('null::text as wal_status')
    expect(sql('pg_stat_replication', 120000)).toContain('reply_time')
    expect(sql('pg_stat_replication', 110000)).not.toContain('reply_time')
    expect(sql('pg_stat_user_indexes', 110000)).toContain('i.indnkeyatts')
    expect(sql('pg_stat_user_indexes', 100000)).toContain('i.indnatts')
  })
  it('PG 17 pg_stat_checkpointer vs pg_stat_bgwriter', () => {
    expect(sql('checkpoints', 170000)).toBe(
      'select num_timed as timed, num_requested as requested, stats_reset::text from pg_stat_checkpointer'
    )
    expect(sql('checkpoints', 160000)).toBe(
      'select checkpoints_timed as timed, checkpoints_req as requested, stats_reset::text from pg_stat_bgwriter'
    )
  })
  it('PG 14 pg_stat_wal and PG 16 pg_stat_io are skipped, with the reason, on older servers', () => {
    expect(PG_PROBES.pg_stat_wal.skip({ version: 130000, inRecovery: false })).toBe(
      'needs PostgreSQL 14 or later (server is 13).'
    )
    expect(PG_PROBES.pg_stat_io.skip({ version: 150020, inRecovery: false })).toBe(
      'needs PostgreSQL 16 or later (server is 15).'
    )
    expect(PG_PROBES.pg_stat_io.skip({ version: 160000, inRecovery: false })).toBe(null)
    expect(PG_PROBES.pg_stat_wal_receiver.skip({ version: 150020, inRecovery: false })).toBe(
      'only meaningful on a replica.'
    )
    expect(PG_PROBES.pg_stat_wal_receiver.skip({ version: 150020, inRecovery: true })).toBe(null)
  })
  it('server views: progress of CREATE INDEX and CLUSTER from PG 12, ANALYZE from 13; lock waitstart from 14; archive backlog from 12, archive_library from 15', () => {
    expect(sql('progress', 110000)).toContain('pg_stat_progress_vacuum')
    expect(sql('progress', 110000)).not.toContain('pg_stat_progress_create_index')
    expect(sql('progress', 120000)).toContain('pg_stat_progress_cluster')
    expect(sql('progress', 120000)).not.toContain('pg_stat_progress_analyze')
    expect(sql('progress', 130000)).toContain('pg_stat_progress_analyze')
    expect(sql('pg_locks', 140000)).toContain('l.waitstart')
    expect(sql('pg_locks', 130000)).toContain('null::float8 as wait_age_s')
    expect(sql('pg_stat_archiver', 120000)).toContain('pg_ls_archive_statusdir()')
    expect(sql('pg_stat_archiver', 110000)).toContain('null::bigint as ready_segments')
    expect(sql('pg_stat_archiver', 150000)).toContain("name = 'archive_library'")
    expect(sql('pg_stat_archiver', 140000)).not.toContain('archive_library')
    expect(sql('database_sizes', 90600)).not.toContain('pg_read_all_stats')
    expect(sql('changed_settings', 90600)).not.toContain('pg_read_all_settings')
  })
  it('nothing writes: every probe is a single select / with', () => {
    for (const probe of Object.values(PG_PROBES)) {
      for (const v of [90600, 120000, 150000, 170000]) {
        const text = probe.sql(v).trim().toLowerCase()
        expect(text.startsWith('select') || text.startsWith('with'), probe.id).toBe(true)
        expect(text, probe.id).not.toMatch(/;\s*\S/)
        expect(text, probe.id).not.toMatch(
          /\b(insert\s+into|update\s+\w+\s+set|delete\s+from|alter\s+\w|drop\s+\w|vacuum\s|truncate\s|pgstat(tuple|index)\w*\s*\()/
        )
      }
    }
  })
})
