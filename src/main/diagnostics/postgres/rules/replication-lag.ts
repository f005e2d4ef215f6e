/**
 * pg.replication-lag: how far each replica is behind, from either side.
 * - On a primary (probe pg_stat_replication): per replica, bytes from the primary's current WAL position to
 *   sent/write/flush/replay (not sent-to-replay, which hides WAL not yet sent: seed catalogue s8 item 26), and
 *   the server's write/flush/replay_lag times (PG 10+; the server only updates them as replay advances).
 * - On a replica (probe pg_stat_wal_receiver): received-but-not-replayed bytes, and now() -
 *   pg_last_xact_replay_timestamp() only while something is pending: on an idle primary that age grows
 *   although the replica is caught up (s8 item 27). Only commit records move that timestamp, and an idle
 *   primary still writes small records (running-xacts, checkpoints) that sit briefly un-replayed, so the age
 *   counts as delay only while at least 64 KiB is pending; below that the delay is 0.
 * Checked against PostgreSQL 15 (streaming replica). Thresholds: 16 MiB (one WAL segment; the seeds' 1 MB,
 * 003:566, fires on every write burst) or 30 s for warning; 1 GiB or 300 s critical (our judgement: failover
 * would lose minutes of data or replicas serve visibly stale reads).
 */
import type { EvidenceUnit, Finding } from '../../../../shared/findings'
import type { Unmet } from '../../pipeline/engine-diagnostics'
import {
  fmtBytes,
  fmtSeconds,
  GiB,
  MiB,
  nodeSubject,
  pgRule,
  subjectOf,
  type PgContext
} from '../health-input'
import type { PgRecords } from '../records'

export const RULE = 'pg.replication-lag'
export const LAG_BYTES_WARNING = 16 * MiB
export const LAG_BYTES_CRITICAL = GiB
export const LAG_SECONDS_WARNING = 30
export const LAG_SECONDS_CRITICAL = 300
export const TIME_MIN_GAP_BYTES = 64 * 1024

const severityOf = (bytes: number, seconds: number): 'warning' | 'critical' | null =>
  bytes >= LAG_BYTES_CRITICAL || seconds >= LAG_SECONDS_CRITICAL
    ? 'critical'
    : bytes >= LAG_BYTES_WARNING || seconds >= LAG_SECONDS_WARNING
      ? 'warning'
      : null

// Each side reads its own view: pg_stat_replication on a primary, pg_stat_wal_receiver on a replica.
export const replicationLagRule = pgRule({
  id: RULE,
  needs: ['pg_settings'],
  evaluate: (records, context, unmet) =>
    records.pg_settings.in_recovery
      ? replicaSide(records.pg_stat_wal_receiver, context, unmet)
      : primarySide(records.pg_stat_replication, context, unmet)
})

const PRIMARY_UNITS: Record<string, EvidenceUnit> = {
  sentLagBytes: 'bytes',
  writeLagBytes: 'bytes',
  flushLagBytes: 'bytes',
  replayLagBytes: 'bytes',
  writeLagSeconds: 'seconds',
  flushLagSeconds: 'seconds',
  replayLagSeconds: 'seconds',
  lastReplySecondsAgo: 'seconds'
}

const primarySide = (
  repl: PgRecords['pg_stat_replication'] | undefined,
  context: PgContext,
  unmet: Unmet<PgRecords>
): Finding[] => {
  if (!repl) return unmet('pg_stat_replication')
  const out: Finding[] = []
  for (const r of repl) {
    const name = `${r.application_name || 'replica'}${r.client_addr ? ` (${r.client_addr})` : ''}`
    const bytes = r.replay_lag_bytes ?? 0
    const seconds = r.replay_lag_s ?? 0
    const evidence = {
      side: 'primary',
      state: r.state,
      syncState: r.sync_state,
      sentLagBytes: r.sent_lag_bytes,
      writeLagBytes: r.write_lag_bytes,
      flushLagBytes: r.flush_lag_bytes,
      replayLagBytes: r.replay_lag_bytes,
      writeLagSeconds: r.write_lag_s,
      flushLagSeconds: r.flush_lag_s,
      replayLagSeconds: r.replay_lag_s,
      lastReplySecondsAgo: r.reply_age_s
    }
    if (r.state !== 'streaming') {
      out.push({
        rule: RULE,
        severity: 'warning',
        title: `Replica ${name} is ${r.state ?? 'in an unknown state'}, not streaming`,
        detail: `A replica in state "${r.state ?? '?'}" is catching up or starting; it is ${fmtBytes(bytes)} behind in replay.`,
        target: name,
        subject: subjectOf('replica', name, context),
        evidence,
        units: PRIMARY_UNITS
      })
      continue
    }
    const severity = severityOf(bytes, seconds)
    if (!severity) continue
    out.push({
      rule: RULE,
      severity,
      title: `Replica ${name} is ${fmtBytes(bytes)} behind in replay${r.replay_lag_s !== null ? ` (replay_lag ${fmtSeconds(seconds)})` : ''}`,
      detail:
        `From this primary: sent ${fmtBytes(r.sent_lag_bytes ?? 0)}, written ${fmtBytes(r.write_lag_bytes ?? 0)}, flushed ${fmtBytes(r.flush_lag_bytes ?? 0)}, ` +
        `replayed ${fmtBytes(bytes)} behind the current WAL position. ` +
        (r.flush_lag_bytes !== null && r.flush_lag_bytes < LAG_BYTES_WARNING
          ? 'WAL reaches the replica but is not replayed: replay is paused, blocked by a conflicting query (max_standby_streaming_delay), or the replica is slow to apply.'
          : "WAL is not reaching the replica fast enough: network, write volume or the replica's disk.") +
        ' Reads from it are stale; failover to it would lose or wait for this WAL. replay_lag is only refreshed as replay advances.',
      target: name,
      subject: subjectOf('replica', name, context),
      evidence,
      units: PRIMARY_UNITS
    })
  }
  return out
}

const replicaSide = (
  r: PgRecords['pg_stat_wal_receiver'] | undefined,
  context: PgContext,
  unmet: Unmet<PgRecords>
): Finding[] => {
  if (!r) return unmet('pg_stat_wal_receiver')
  const gap = r.receive_replay_gap_bytes ?? 0
  // Nothing (much) pending: caught up, however old its last replayed commit is (idle primary).
  const delay = gap >= TIME_MIN_GAP_BYTES ? (r.replay_ts_age_s ?? 0) : 0
  const severity = severityOf(gap, delay)
  if (!severity) return []
  return [
    {
      rule: RULE,
      severity,
      title: `This replica has ${fmtBytes(gap)} received but not replayed (replay ${fmtSeconds(delay)} behind)`,
      detail:
        `WAL has arrived but replay is ${r.pause_state && r.pause_state !== 'not paused' ? `${r.pause_state} (pg.replay-paused)` : 'behind: a long query conflicting with replay, or slow apply'}. ` +
        `The last replayed commit is ${fmtSeconds(r.replay_ts_age_s ?? 0)} old; queries here see data that old.`,
      target: r.sender ? `replica of ${r.sender}` : 'this replica',
      ...nodeSubject(context),
      evidence: {
        side: 'replica',
        receiveReplayGapBytes: gap,
        replayDelaySeconds: delay,
        lastReplayedCommitAgeSeconds: r.replay_ts_age_s,
        pauseState: r.pause_state,
        receiverStatus: r.receiver_status
      },
      units: {
        receiveReplayGapBytes: 'bytes',
        replayDelaySeconds: 'seconds',
        lastReplayedCommitAgeSeconds: 'seconds'
      }
    }
  ]
}
