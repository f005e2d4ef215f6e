/**
 * pg.replication-slot: slots that retain WAL (or hold back xmin) with nobody consuming them.
 * Probe: pg_replication_slots (wal_status and safe_wal_size PG 13+). Checked against PostgreSQL 15.
 * Threshold: any inactive slot is a warning (it retains WAL without bound until max_slot_wal_keep_size,
 * default unlimited: the classic disk-full outage); critical when it retains 10 GiB or more, or when
 * wal_status is 'unreserved' (about to lose WAL) or 'lost' (the consumer can never resume).
 */
import type { Finding } from '../../../../shared/findings'
import { fmtBytes, GiB, pgRule, subjectOf } from '../health-input'

export const RULE = 'pg.replication-slot'
export const RETAINED_CRITICAL = 10 * GiB

export const replicationSlotRule = pgRule({
  id: RULE,
  needs: ['pg_replication_slots'],
  evaluate: ({ pg_replication_slots: slots }, context) => {
    const out: Finding[] = []
    for (const s of slots) {
      const retained = s.retained_bytes ?? 0
      const atRisk = s.wal_status === 'unreserved' || s.wal_status === 'lost'
      if (s.active && !atRisk) continue
      out.push({
        rule: RULE,
        severity: atRisk || retained >= RETAINED_CRITICAL ? 'critical' : 'warning',
        title: `${s.active ? 'Replication slot' : 'Inactive replication slot'} ${s.slot_name} retains ${fmtBytes(retained)} of WAL${s.wal_status ? ` (wal_status ${s.wal_status})` : ''}`,
        detail:
          (s.wal_status === 'lost'
            ? 'The WAL this slot needed is gone: its consumer can never resume from it. Drop the slot and rebuild the consumer. '
            : 'Nothing consumes this slot, so the server keeps every WAL segment since its restart_lsn and the disk fills. ') +
          `${s.slot_type} slot${s.database ? ` for database ${s.database}` : ''}. If its consumer is gone for good, pg_drop_replication_slot('${s.slot_name}').` +
          (s.xmin_age !== null || s.catalog_xmin_age !== null
            ? ' It also holds back the xmin horizon, so vacuum cannot remove dead rows.'
            : ''),
        target: s.slot_name,
        subject: subjectOf('slot', s.slot_name, context),
        evidence: {
          slotType: s.slot_type,
          active: s.active,
          retainedBytes: s.retained_bytes,
          walStatus: s.wal_status,
          safeWalSize: s.safe_wal_size,
          xminAge: s.xmin_age,
          catalogXminAge: s.catalog_xmin_age
        },
        units: { retainedBytes: 'bytes', safeWalSize: 'bytes', xminAge: 'count', catalogXminAge: 'count' }
      })
    }
    return out
  }
})
