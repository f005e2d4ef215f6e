/**
 * Every number dbconsole shows, one rule per quantity: bytes, durations, counts, percentages, ratios,
 * times. The renderer formats evidence by its unit with these, and the rules in main word their titles
 * with the same functions, so a finding and its row read alike. Always plain text; `—` for a value that
 * is not a number.
 */

const IDENTIFIER_KEY = /(pid|id|port|oid|version|ts|epoch)$/i
const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

/** A finite number, or a numeric string (INFO values arrive as text); anything else is null. */
export const toNumber = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value)
    ? value
    : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
      ? Number(value)
      : null

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

/** Binary units, three significant digits: "0 B", "1.50 KiB", "2.51 MiB". */
export const formatBytes = (value: unknown): string => {
  const n = toNumber(value)
  if (n === null) return '—'
  let v = Math.abs(n)
  let unit = 0
  while (v >= 1024 && unit < BYTE_UNITS.length - 1) {
    v /= 1024
    unit += 1
  }
  const digits = unit === 0 ? 0 : v < 10 ? 2 : v < 100 ? 1 : 0
  return `${n < 0 ? '-' : ''}${v.toFixed(digits)} ${BYTE_UNITS[unit]}`
}

/** "5 min", "1 min 1 s": two units, the smaller left out when it is zero. */
const twoUnits = (whole: number, big: number, bigName: string, small: number, smallName: string): string => {
  const rest = Math.floor((whole % big) / small)
  return `${Math.floor(whole / big)} ${bigName}${rest > 0 ? ` ${rest} ${smallName}` : ''}`
}

/**
 * A duration in seconds, the one rule for every duration: three significant digits below 10 s
 * ("2.21 s"), whole seconds below a minute ("12 s"), then two units ("1 min 1 s", "12 min 50 s",
 * "5 min", "1 d 1 h"), rounded to the smaller unit.
 */
export const formatSeconds = (value: unknown): string => {
  const n = toNumber(value)
  if (n === null) return '—'
  const s = Math.abs(n)
  const sign = n < 0 ? '-' : ''
  if (s < 59.5) return `${sign}${s < 10 ? s.toFixed(2) : Math.round(s)} s`
  if (s < 3570) return `${sign}${twoUnits(Math.round(s), 60, 'min', 1, 's')}`
  if (s < 86_370) return `${sign}${twoUnits(Math.round(s / 60) * 60, 3600, 'h', 60, 'min')}`
  return `${sign}${twoUnits(Math.round(s / 3600) * 3600, 86_400, 'd', 3600, 'h')}`
}

/** A duration in milliseconds: "0.004 ms", "12.3 ms", "250 ms", then as seconds ("1.23 s"). Never scientific. */
export const formatMs = (value: unknown): string => {
  const n = toNumber(value)
  if (n === null) return '—'
  const a = Math.abs(n)
  if (a >= 1000) return formatSeconds(n / 1000)
  return `${n.toFixed(a < 1 ? 3 : a < 10 ? 2 : a < 100 ? 1 : 0)} ms`
}

/** A duration in microseconds (SLOWLOG): "20 µs" below a millisecond, then as milliseconds. */
export const formatUs = (value: unknown): string => {
  const n = toNumber(value)
  if (n === null) return '—'
  return Math.abs(n) < 1000 ? `${Math.round(n)} µs` : formatMs(n / 1000)
}

/** "ages in seconds ago" columns: null means never. */
export const formatAge = (value: unknown): string =>
  toNumber(value) === null ? 'never' : `${formatSeconds(value)} ago`

/** "1,234"; fractions (PG 18 fractional rows, averages) keep two digits: "0.25". */
export const formatCount = (value: unknown): string => {
  const n = toNumber(value)
  if (n === null) return '—'
  return Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: 2 })
}

/** Counts in a narrow column: exact below 100,000, then "200k", "1.2M", "3.4G" (a tooltip keeps the exact number). */
export const formatCompact = (value: unknown): string => {
  const n = toNumber(value)
  if (n === null || Math.abs(n) < 100_000) return formatCount(n)
  if (Math.abs(n) < 1_000_000) return `${Math.round(n / 1000)}k`
  if (Math.abs(n) < 1_000_000_000) return `${(n / 1_000_000).toFixed(1)}M`
  return `${(n / 1_000_000_000).toFixed(1)}G`
}

/** A value already in percent: "12.3 %". */
export const formatPercent = (value: unknown, digits = 1): string => {
  const n = toNumber(value)
  return n === null ? '—' : `${n.toFixed(digits)} %`
}

/** A share as a fraction of 1 (dead tuples of all, done of total): 0.123 -> "12.3 %". */
export const formatShare = (value: unknown): string => {
  const n = toNumber(value)
  return n === null ? '—' : formatPercent(n * 100)
}

/** A dimensionless ratio (fragmentation): "1.25". */
export const formatRatio = (value: unknown): string => {
  const n = toNumber(value)
  return n === null ? '—' : n.toFixed(2)
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

/** Units of findings' evidence (shared/findings EVIDENCE_UNITS), spelled here so shared/format imports nothing. */
export type MeasureUnit = 'bytes' | 'kib' | 'ms' | 'us' | 'seconds' | 'ratio' | 'count'

/**
 * An evidence value read by its unit: "12 min 51 s" for 770690 ms, "9.95 MiB" for bytes. A ratio stays a
 * plain number ("1.25": fragmentation is a ratio too, not a share). Values that are not numbers, and
 * fields without a unit, read as formatValue does.
 */
export const formatMeasure = (value: unknown, unit: MeasureUnit | undefined, key = ''): string => {
  if (unit === undefined || toNumber(value) === null) return formatValue(value, key)
  switch (unit) {
    case 'bytes':
      return formatBytes(value)
    case 'kib':
      return formatBytes((toNumber(value) ?? 0) * 1024)
    case 'ms':
      return formatMs(value)
    case 'us':
      return formatUs(value)
    case 'seconds':
      return formatSeconds(value)
    case 'ratio':
      return formatRatio(value)
    case 'count':
      return formatCount(value)
  }
}
