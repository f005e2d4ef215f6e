/**
 * The app's history (issue 19, item 8): metric samples and finding episodes kept in the data dir, so that
 * a finding's first-seen time and "what changed since yesterday" survive a restart.
 */
import type { Finding, Severity } from './findings'

/**
 * What makes two findings "the same problem" from one sweep to the next, and across restarts: the node,
 * the rule and the subject (its kind and name; the target when the rule names no subject).
 */
export const findingIdentity = (node: string, finding: Finding): string =>
  JSON.stringify([node, finding.rule, finding.subject?.kind ?? null, finding.subject?.name ?? finding.target])

/** One line of a connection's incident timeline. */
export type TimelineEvent =
  | {
      kind: 'appeared' | 'cleared'
      at: number
      node: string
      rule: string
      severity: Severity
      title: string
      /** The finding's subject name (or target), when it has one. */
      subject: string | null
      /** For 'cleared': the last sweep that still saw it (it went away between then and `at`). */
      lastSeen: number | null
    }
  /** Sampling stopped (the server down, a failed sample, the app not running) and, later, resumed. */
  | { kind: 'gap'; at: number; reason: string }
  | { kind: 'resumed'; at: number }

export type HistoryStatus =
  | { available: true; retentionMs: number; maxBytes: number; bytes: number }
  /** The store could not be opened or stopped working: the app runs on without history. */
  | { available: false; reason: string }

/** What `history.timeline` answers. */
export interface HistoryTimeline {
  history: HistoryStatus
  since: number
  /** Oldest first; at most MAX_TIMELINE_EVENTS, the most recent ones. */
  events: TimelineEvent[]
  /** Older events in the window were left out. */
  truncated: boolean
}

export const MAX_TIMELINE_EVENTS = 1000
