/**
 * Cumulative server counters (evicted keys, OOM errors, rejected connections, deadlocks, temp files...)
 * only reset with the server, so a rule judging the total keeps alarming long after an episode ended.
 * `CounterHistory` keeps each node's previous sample and gives the rules the window since it: what
 * changed between the last poll of the same server life and this one. With no window (first poll,
 * pasted output, a restart, a server whose identity is unknown) a rule may only inform, and says the
 * count is since server start.
 */
import type { Severity } from '../../shared/findings'
import { formatSeconds } from '../../shared/format'

export type Counters = Readonly<Record<string, number>>

export interface CounterWindow {
  /** Seconds since the previous sample of the same server life; null: no window. */
  readonly seconds: number | null
  /**
   * How much the counter grew over the window; null with no window or when this sample lacks it
   * (then the rule has nothing to count either).
   * A counter the previous sample did not list counts from 0 (errorstats list only errors seen).
   */
  delta(name: string): number | null
}

export const NO_WINDOW: CounterWindow = { seconds: null, delta: () => null }

interface Sample {
  epoch: string
  at: number
  counters: Counters
}

const windowBetween = (before: Sample, after: Sample): CounterWindow => ({
  seconds: (after.at - before.at) / 1000,
  delta: (name) => {
    const now = after.counters[name]
    if (now === undefined) return null
    const then = before.counters[name] ?? 0
    // Lower than before in the same server life: the statistics were reset (CONFIG RESETSTAT,
    // pg_stat_reset) between the samples, so everything counted now happened inside the window.
    return now >= then ? now - then : now
  }
})

/** The previous counter sample of every node, in memory only. */
export class CounterHistory {
  private readonly last = new Map<string, Sample>()

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Record this poll's counters of `node` and return the window since its previous poll. `epoch`
   * names the server life (Redis run_id, PostgreSQL postmaster start time): a different one means a
   * restart, and null means the life is unknown, so no window can be trusted.
   */
  observe(node: string, epoch: string | null, counters: Counters): CounterWindow {
    const previous = this.last.get(node)
    if (epoch === null) {
      this.last.delete(node)
      return NO_WINDOW
    }
    const sample = { epoch, at: this.now(), counters }
    this.last.set(node, sample)
    return previous && previous.epoch === epoch && sample.at > previous.at
      ? windowBetween(previous, sample)
      : NO_WINDOW
  }
}

/** Durations read as on screen (shared/format.ts): "12 min 50 s". */
export const fmtSeconds = (s: number): string => formatSeconds(s)

/** What a rule judges of one counter: its growth over the window, or its total with no window. */
export interface Counted {
  count: number
  windowed: boolean
  /** "in the last 30 s", or the caller's "since ..." when there is no window. */
  span: string
}

export const counted = (window: CounterWindow, name: string, total: number, since: string): Counted =>
  window.seconds !== null
    ? { count: window.delta(name) ?? 0, windowed: true, span: `in the last ${fmtSeconds(window.seconds)}` }
    : { count: total, windowed: false, span: since }

/** A count since server start proves nothing about now: without a window a rule only informs. */
export const windowedSeverity = (c: Counted, severity: Severity): Severity => (c.windowed ? severity : 'info')
