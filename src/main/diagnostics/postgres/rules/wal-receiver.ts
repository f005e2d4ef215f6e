/**
 * pg.wal-receiver: on a replica, the WAL receiver is not streaming, or has heard nothing from the primary
 * for a while. Probe: pg_stat_wal_receiver. Checked against PostgreSQL 15.
 * Threshold: status other than 'streaming' (warning; the replica may be restoring from archive), or no
 * message for 60 s (warning: wal_sender_timeout defaults to 60 s, so a live primary would have spoken).
 */
import { fmtSeconds, nodeSubject, pgRule } from '../health-input'

export const RULE = 'pg.wal-receiver'
export const SILENCE_WARNING_S = 60

// The WAL receiver is read on a replica only (a primary has none).
export const walReceiverRule = pgRule({
  id: RULE,
  needs: ['pg_settings'],
  evaluate: ({ pg_settings: settings, pg_stat_wal_receiver: r }, context, unmet) => {
    if (!settings.in_recovery) return []
    if (!r) return unmet('pg_stat_wal_receiver')
    if (r.receiver_status !== 'streaming') {
      return [
        {
          rule: RULE,
          severity: 'warning',
          title:
            r.receiver_status === null
              ? 'No WAL receiver is running on this replica'
              : `WAL receiver is ${r.receiver_status}`,
          detail:
            "The replica is not streaming from its primary: it replays only what arrives from a WAL archive, if any. Check primary_conninfo, the network, and the primary's log.",
          target: 'this replica',
          ...nodeSubject(context),
          evidence: { receiverStatus: r.receiver_status, sender: r.sender }
        }
      ]
    }
    if ((r.last_msg_age_s ?? 0) >= SILENCE_WARNING_S) {
      return [
        {
          rule: RULE,
          severity: 'warning',
          title: `No message from the primary for ${fmtSeconds(r.last_msg_age_s ?? 0)}`,
          detail:
            'The connection says streaming but nothing arrived recently: the primary may be unreachable or hung.',
          target: r.sender ?? 'this replica',
          ...nodeSubject(context),
          evidence: {
            receiverStatus: r.receiver_status,
            lastMessageSecondsAgo: r.last_msg_age_s,
            sender: r.sender
          },
          units: { lastMessageSecondsAgo: 'seconds' }
        }
      ]
    }
    return []
  }
})
