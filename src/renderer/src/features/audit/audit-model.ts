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
  return entry.phase === 'intent' ? 'see outcome' : '—'
}
