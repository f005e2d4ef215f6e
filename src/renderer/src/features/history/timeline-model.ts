import type { Severity } from '../../../../shared/findings'
import type { TimelineEvent } from '../../../../shared/history'
import { formatTime } from '../../components/format'

/** The windows the timeline offers: "what changed since yesterday" is the default. */
export const TIMELINE_WINDOWS = [
  { id: 'hour', label: 'Last hour', ms: 3_600_000 },
  { id: 'day', label: 'Since yesterday', ms: 24 * 3_600_000 },
  { id: 'week', label: 'Last 7 days', ms: 7 * 24 * 3_600_000 }
] as const
export type TimelineWindow = (typeof TIMELINE_WINDOWS)[number]['id']

/** One line of the timeline as the view draws it (text only; main decided every finding). */
export interface TimelineRow {
  key: string
  at: number
  kind: TimelineEvent['kind']
  severity: Severity | null
  /** What happened, e.g. "appeared", "cleared", "sampling stopped". */
  what: string
  /** The finding's title, or the reason sampling stopped. */
  text: string
  /** Node, subject, rule, or when a cleared finding was last seen. */
  where: string
}

const WHAT: Record<TimelineEvent['kind'], string> = {
  appeared: 'appeared',
  cleared: 'cleared',
  gap: 'sampling stopped',
  resumed: 'sampling resumed'
}

/** Newest first, as an on-call reader scans it. */
export const timelineRows = (events: readonly TimelineEvent[]): TimelineRow[] =>
  events
    .map((e, i): TimelineRow => {
      const base = { key: `${e.at}-${i}`, at: e.at, kind: e.kind, what: WHAT[e.kind] }
      if (e.kind === 'gap') return { ...base, severity: null, text: e.reason, where: '' }
      if (e.kind === 'resumed') return { ...base, severity: null, text: '', where: '' }
      const subject = e.subject !== null && e.subject !== e.node ? ` · ${e.subject}` : ''
      const lastSeen =
        e.kind === 'cleared' && e.lastSeen !== null ? ` · last seen ${formatTime(e.lastSeen)}` : ''
      return {
        ...base,
        severity: e.severity,
        text: e.title,
        where: `${e.node}${subject} · ${e.rule}${lastSeen}`
      }
    })
    .reverse()

/** The line above the timeline: how many findings appeared and cleared in the window. */
export const changeSummary = (events: readonly TimelineEvent[]): string => {
  const appeared = events.filter((e) => e.kind === 'appeared').length
  const cleared = events.filter((e) => e.kind === 'cleared').length
  const gaps = events.filter((e) => e.kind === 'gap').length
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`
  return `${plural(appeared, 'finding')} appeared, ${cleared} cleared, ${plural(gaps, 'sampling gap')}`
}
