/**
 * The cumulative statistics counters the PostgreSQL rules judge over a window (counter-window.ts),
 * and the server life they belong to: pg_postmaster_start_time() changes on every restart.
 */
import { counted, type Counted, type Counters, type CounterWindow } from '../counter-window'
import type { PgProbeResults } from './health-input'
import { FAILED_COUNTER } from './rules/archiver'
import { sequenceCounter } from './rules/sequence-exhaustion'

export const pgCounters = (probes: PgProbeResults): Counters => {
  const out: Record<string, number> = {}
  const db = probes.pg_stat_database
  if (db?.ok) {
    out.temp_files = db.value.temp_files
    out.temp_bytes = db.value.temp_bytes
    out.deadlocks = db.value.deadlocks
  }
  const cp = probes.checkpoints
  if (cp?.ok) {
    out.checkpoints_timed = cp.value.timed
    out.checkpoints_requested = cp.value.requested
  }
  const archiver = probes.pg_stat_archiver
  if (archiver?.ok) out[FAILED_COUNTER] = archiver.value.failed_count
  // A sequence's last value is a counter too: its growth over the window is the rate it runs out at.
  const sequences = probes.sequences
  if (sequences?.ok)
    for (const s of sequences.value) if (s.last_value !== null) out[sequenceCounter(s)] = s.last_value
  return out
}

/** pg_stat_database counts per database: two databases of one server keep apart histories. */
export const pgCounterNode = (address: string, probes: PgProbeResults): string =>
  `${address}/${probes.pg_settings?.ok ? probes.pg_settings.value.current_database : ''}`

export const pgEpoch = (probes: PgProbeResults): string | null =>
  probes.pg_settings?.ok ? probes.pg_settings.value.postmaster_start : null

/** A counter judged over the window or, without one, since its statistics were reset. */
export const countedSinceReset = (
  window: CounterWindow,
  name: string,
  total: number,
  statsReset: string | null
): Counted =>
  counted(
    window,
    name,
    total,
    `since ${statsReset ? `statistics reset at ${statsReset}` : 'statistics began'}`
  )
