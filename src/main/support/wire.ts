import type { Wire } from '../../shared/topics'

/**
 * A value as JSON would carry it (Dates as ISO strings), so the renderer gets the same records over IPC
 * (whose structured clone keeps Dates) as over HTTP (JSON), and its types (shared/topics.ts) hold for both.
 */
export const toWire = <T>(value: T): Wire<T> => {
  // An invalid Date has no ISO form (toISOString throws): it says so as text instead.
  if (value instanceof Date)
    return (Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()) as Wire<T>
  if (Array.isArray(value)) return value.map(toWire) as Wire<T>
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = toWire(v)
    return out as Wire<T>
  }
  return value as Wire<T>
}
