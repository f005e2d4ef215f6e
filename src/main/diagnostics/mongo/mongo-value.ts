import type { MongoDoc, MongoValue } from '../../../shared/records/mongo'

export const isDoc = (v: unknown): v is MongoDoc =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date)
export const asDoc = (v: unknown): MongoDoc | null => (isDoc(v) ? v : null)
export const asArray = (v: unknown): MongoValue[] | null => (Array.isArray(v) ? (v as MongoValue[]) : null)
export const asNumber = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null
export const asString = (v: unknown): string | null => (typeof v === 'string' ? v : null)
export const asDate = (v: unknown): Date | null =>
  v instanceof Date && !Number.isNaN(v.getTime()) ? v : null
export const docs = (v: unknown): MongoDoc[] => (Array.isArray(v) ? v.filter(isDoc) : [])

/** A Timestamp folded to `{ t, i }` (seconds, increment), or null. */
export const asTimestamp = (v: unknown): { t: number; i: number } | null => {
  const d = asDoc(v)
  const t = asNumber(d?.t)
  const i = asNumber(d?.i)
  return t !== null && i !== null ? { t, i } : null
}

/** Dotted path lookup without throwing: get(doc, 'wiredTiger.cache.maximum bytes configured') does not split on spaces. */
export const get = (v: unknown, ...path: string[]): MongoValue | undefined => {
  let cur: unknown = v
  for (const key of path) {
    if (!isDoc(cur)) return undefined
    cur = cur[key]
  }
  return cur as MongoValue | undefined
}

export const num = (v: unknown, ...path: string[]): number | null => asNumber(get(v, ...path))
export const str = (v: unknown, ...path: string[]): string | null => asString(get(v, ...path))

/** Short one-line rendering of a value for titles and evidence (server data: treated as text only). */
export const brief = (v: unknown, max = 160): string => {
  let s: string
  try {
    s = JSON.stringify(v, (_k, x: unknown) => (x instanceof Date ? x.toISOString() : x)) ?? String(v)
  } catch {
    s = String(v)
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}
