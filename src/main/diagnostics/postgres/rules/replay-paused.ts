/**
 * pg.replay-paused: WAL replay is paused (or a pause was requested) on this replica. It keeps receiving
 * WAL but applies none, so it falls further behind every second.
 * Probe: pg_stat_wal_receiver (pause_state: pg_get_wal_replay_pause_state() on PG 14+,
 * pg_is_wal_replay_paused() before). Checked against PostgreSQL 15. Threshold: any pause.
 */
import { fmtBytes, nodeSubject, pgRule } from '../health-input'

export const RULE = 'pg.replay-paused'

// The WAL receiver is read on a replica only (a primary has none).
export const replayPausedRule = pgRule({
  id: RULE,
  needs: ['pg_settings'],
  evaluate: ({ pg_settings: settings, pg_stat_wal_receiver: r }, context, unmet) => {
    if (!settings.in_recovery) return []
    if (!r) return unmet('pg_stat_wal_receiver')
    if (r.pause_state === null || r.pause_state === 'not paused') return []
    return [
      {
        rule: RULE,
        severity: 'warning',
        title: `WAL replay is ${r.pause_state} on this replica`,
        detail:
          `Someone ran pg_wal_replay_pause() (or a recovery target paused it). ${fmtBytes(r.receive_replay_gap_bytes ?? 0)} received and waiting. ` +
          'Resume with SELECT pg_wal_replay_resume() when whatever needed the pause is done.',
        target: r.sender ? `replica of ${r.sender}` : 'this replica',
        ...nodeSubject(context),
        evidence: { pauseState: r.pause_state, receiveReplayGapBytes: r.receive_replay_gap_bytes },
        units: { receiveReplayGapBytes: 'bytes' }
      }
    ]
  }
})
