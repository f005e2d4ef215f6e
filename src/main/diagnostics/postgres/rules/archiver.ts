/**
 * pg.archiver-failing: WAL archiving (archive_mode on) that does not keep up. Until archive_command
 * succeeds for a segment, the server keeps it in pg_wal, so a failing archiver fills the disk and the
 * backups it feeds stop at the last archived segment (PostgreSQL docs, "Continuous Archiving", 26.3.1).
 * Probe: pg_stat_archiver. Checked against PostgreSQL 15 (a cluster of the test's own with a failing
 * archive_command). Thresholds (ours, from those consequences):
 * - the latest attempt failed (last_failed_time after last_archived_time, or never archived): critical;
 * - failures within the poll window although a later segment was archived: warning (intermittent);
 * - archive_mode on with neither archive_command nor archive_library: warning (the docs: WAL accumulates
 *   "in the expectation that a command will soon be provided").
 * Old failures followed by successes, and no window to count in, are not reported. A standby archives
 * only with archive_mode = always.
 */
import { NO_WINDOW } from '../../counter-window'
import { fmtSeconds, nodeSubject, pgRule, type PgContext } from '../health-input'
import type { ArchiverStat } from '../../../../shared/records/postgres'
import type { Finding } from '../../../../shared/findings'

export const RULE = 'pg.archiver-failing'
export const FAILED_COUNTER = 'archiver_failed'

const archiving = (a: ArchiverStat): boolean =>
  a.archive_mode === 'always' || (a.archive_mode === 'on' && !a.in_recovery)

/** The latest attempt failed: nothing archived since, so WAL piles up from that segment on. */
const latestAttemptFailed = (a: ArchiverStat): boolean =>
  a.failed_count > 0 &&
  a.last_failed_age_s !== null &&
  (a.last_archived_age_s === null || a.last_failed_age_s < a.last_archived_age_s)

const ago = (s: number | null): string => (s === null ? 'never' : `${fmtSeconds(s)} ago`)

const evidenceOf = (a: ArchiverStat, failedInWindow: number | null, windowSeconds: number | null) => ({
  evidence: {
    archiveMode: a.archive_mode,
    failedCount: a.failed_count,
    failedInWindow,
    windowSeconds,
    lastFailedWal: a.last_failed_wal,
    lastFailedSecondsAgo: a.last_failed_age_s,
    archivedCount: a.archived_count,
    lastArchivedWal: a.last_archived_wal,
    lastArchivedSecondsAgo: a.last_archived_age_s,
    readySegments: a.ready_segments,
    statsReset: a.stats_reset
  },
  units: {
    failedCount: 'count',
    failedInWindow: 'count',
    windowSeconds: 'seconds',
    archivedCount: 'count',
    lastFailedSecondsAgo: 'seconds',
    lastArchivedSecondsAgo: 'seconds',
    readySegments: 'count'
  } as const
})

const waiting = (a: ArchiverStat): string =>
  a.ready_segments === null ? '' : ` ${a.ready_segments} segment(s) wait in pg_wal/archive_status.`

const judge = (a: ArchiverStat, context: PgContext): Finding | null => {
  const window = context.counters ?? NO_WINDOW
  const failedInWindow = window.delta(FAILED_COUNTER)
  const base = { rule: RULE, target: null, ...nodeSubject(context) }
  const fix =
    'Fix: read the server log for the archive_command error (permissions, a full or unreachable archive), ' +
    'correct the command or the destination, then reload; pg_stat_archiver.archived_count resumes.'
  if (!a.has_archiver) {
    return {
      ...base,
      severity: 'warning',
      title: `archive_mode is ${a.archive_mode} but no archive_command is set: WAL accumulates`,
      detail: `With archiving on and no command, every WAL segment is kept in pg_wal until one is provided.${waiting(a)} Set archive_command (or archive_library) and reload, or turn archive_mode off (restart).`,
      ...evidenceOf(a, failedInWindow, window.seconds)
    }
  }
  if (latestAttemptFailed(a)) {
    return {
      ...base,
      severity: 'critical',
      title: `WAL archiving is failing: ${a.last_failed_wal ?? 'a segment'} failed ${ago(a.last_failed_age_s)}, last success ${ago(a.last_archived_age_s)}`,
      detail: `${a.failed_count} failed attempts since ${a.stats_reset ?? 'statistics began'}. Segments not archived stay in pg_wal until the disk fills, and point-in-time recovery stops at ${a.last_archived_wal ?? 'nothing archived yet'}.${waiting(a)} ${fix}`,
      ...evidenceOf(a, failedInWindow, window.seconds)
    }
  }
  if (failedInWindow !== null && failedInWindow > 0 && window.seconds !== null) {
    return {
      ...base,
      severity: 'warning',
      title: `WAL archiving failed ${failedInWindow} time(s) in the last ${fmtSeconds(window.seconds)}, then succeeded`,
      detail: `The last success (${a.last_archived_wal ?? '?'}, ${ago(a.last_archived_age_s)}) came after the last failure (${ago(a.last_failed_age_s)}): archive_command fails intermittently.${waiting(a)} ${fix}`,
      ...evidenceOf(a, failedInWindow, window.seconds)
    }
  }
  return null
}

export const archiverRule = pgRule({
  id: RULE,
  needs: ['pg_stat_archiver'],
  evaluate: ({ pg_stat_archiver: archiver }, context) => {
    if (!archiving(archiver)) return []
    const finding = judge(archiver, context)
    return finding ? [finding] : []
  }
})
