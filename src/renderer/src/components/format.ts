const IDENTIFIER_KEY = /(pid|id|port|oid|version|ts|epoch)$/i

/** Renders any server-provided value as plain text for display (never as markup). Identifiers are not digit-grouped. */
export const formatValue = (value: unknown, key = ''): string => {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return value
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return String(Number(value.toFixed(4)))
    return IDENTIFIER_KEY.test(key) ? String(value) : value.toLocaleString('en-US')
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}

export const formatTime = (ms: number | null): string =>
  ms === null ? 'never' : new Date(ms).toLocaleString()

/** "3 s ago", "4 min ago"... for the last successful round trip. */
export const formatAgo = (ms: number | null, now: number = Date.now()): string => {
  if (ms === null) return 'never'
  const secs = Math.max(0, Math.round((now - ms) / 1000))
  if (secs < 60) return `${secs} s ago`
  if (secs < 3600) return `${Math.round(secs / 60)} min ago`
  return `${Math.round(secs / 3600)} h ago`
}
