/** Human-sized numbers for dense tables: bytes, durations, ratios. Always plain text. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value)
    ? value
    : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
      ? Number(value)
      : null

export const toNumber = num

export const formatBytes = (value: unknown): string => {
  const n = num(value)
  if (n === null) return '—'
  let v = Math.abs(n)
  let unit = 0
  while (v >= 1024 && unit < UNITS.length - 1) {
    v /= 1024
    unit += 1
  }
  const digits = unit === 0 ? 0 : v < 10 ? 2 : v < 100 ? 1 : 0
  return `${n < 0 ? '-' : ''}${v.toFixed(digits)} ${UNITS[unit]}`
}

export const formatMs = (value: unknown): string => {
  const n = num(value)
  if (n === null) return '—'
  if (Math.abs(n) < 1) return `${n.toFixed(3)} ms`
  if (Math.abs(n) < 1000) return `${n.toFixed(n < 10 ? 2 : n < 100 ? 1 : 0)} ms`
  return formatSeconds(n / 1000)
}

export const formatUs = (value: unknown): string => {
  const n = num(value)
  if (n === null) return '—'
  return Math.abs(n) < 1000 ? `${Math.round(n)} µs` : formatMs(n / 1000)
}

export const formatSeconds = (value: unknown): string => {
  const n = num(value)
  if (n === null) return '—'
  const s = Math.abs(n)
  const sign = n < 0 ? '-' : ''
  if (s < 60) return `${sign}${s < 10 ? s.toFixed(1) : Math.round(s)} s`
  if (s < 3600) return `${sign}${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
  if (s < 86_400) return `${sign}${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`
  return `${sign}${Math.floor(s / 86_400)} d ${Math.round((s % 86_400) / 3600)} h`
}

/** "ages in seconds ago" columns: null means never. */
export const formatAge = (value: unknown): string =>
  num(value) === null ? 'never' : `${formatSeconds(value)} ago`

export const formatCount = (value: unknown): string => {
  const n = num(value)
  if (n === null) return '—'
  return Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: 2 })
}

export const formatPercent = (value: unknown, digits = 1): string => {
  const n = num(value)
  return n === null ? '—' : `${n.toFixed(digits)} %`
}

export const formatRatio = (value: unknown): string => {
  const n = num(value)
  return n === null ? '—' : n.toFixed(2)
}
