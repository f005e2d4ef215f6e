import type { AuditEntry } from '../../../../shared/actions'

/** Newest first by time, whatever order the log came in. */
export const newestFirst = (entries: AuditEntry[]): AuditEntry[] =>
  entries
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .sort((a, b) => (Number.isNaN(b.t) ? 0 : b.t) - (Number.isNaN(a.t) ? 0 : a.t) || a.i - b.i)
    .map(({ e }) => e)

/** What the Result column says: an intent that was never followed by an outcome must stand out. */
export const resultLabel = (entry: AuditEntry): string => {
  if (entry.result !== undefined) return entry.result
  return entry.phase === 'intent' ? 'outcome in its own row' : '—'
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** Local time, sortable and narrow: 2026-11-22 19:20:54. Unparseable stamps are shown as stored. */
export const formatAuditTime = (at: string): string => {
  const d = new Date(at)
  if (Number.isNaN(d.getTime())) return at
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}
