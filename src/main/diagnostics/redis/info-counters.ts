/**
 * The cumulative INFO counters the Redis rules judge over a window (counter-window.ts), and the
 * server life they belong to: run_id changes on every restart.
 */
import { counted, fmtSeconds, type Counted, type Counters, type CounterWindow } from '../counter-window'
import { commandStats, errorStats, infoNumber, type RedisInfo } from './parse-info'

const INFO_COUNTERS = ['evicted_keys', 'rejected_connections'] as const
/** Calls of every command (INFO commandstats), the base of the redirect share. */
export const CALLS_COUNTER = 'commandstats_calls'
export const errorCounter = (type: string): string => `errorstat_${type}`

export const infoCounters = (info: RedisInfo): Counters => {
  const out: Record<string, number> = {}
  for (const name of INFO_COUNTERS) {
    const n = infoNumber(info, name)
    if (n !== null) out[name] = n
  }
  for (const [type, count] of Object.entries(errorStats(info))) out[errorCounter(type)] = count
  const stats = commandStats(info)
  if (stats.length > 0) out[CALLS_COUNTER] = stats.reduce((a, c) => a + c.calls, 0)
  return out
}

export const infoEpoch = (info: RedisInfo): string | null => info.fields.run_id ?? null

/** A counter of this INFO, judged over the window or, without one, since server start. */
export const countedInInfo = (
  info: RedisInfo,
  window: CounterWindow,
  name: string,
  total: number
): Counted => {
  const uptime = infoNumber(info, 'uptime_in_seconds')
  const since = `since server start${uptime !== null ? ` (uptime ${fmtSeconds(uptime)})` : ''}`
  return counted(window, name, total, since)
}
