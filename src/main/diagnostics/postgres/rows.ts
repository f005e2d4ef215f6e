/**
 * Rows as node-postgres (or a JSON fixture) hands them over -> typed records, per a small column spec.
 * int8/numeric arrive as strings from pg and as strings or numbers from JSON fixtures: both are accepted.
 * A missing column or a value of the wrong shape is a failure that names the probe, row and column.
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'

import type { ColumnKind, ColumnSpec, RecordOf } from '../../../shared/records/postgres'

export type { ColumnKind, ColumnSpec, RecordOf }

export type RawRow = Record<string, unknown>

const toNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v)
    if (Number.isFinite(n)) return n
  }
  if (typeof v === 'bigint') return Number(v)
  return undefined
}

const readValue = (kind: ColumnKind, v: unknown): { ok: true; value: unknown } | { ok: false } => {
  const nullable = kind.endsWith('?')
  if (v === null || v === undefined) return nullable ? { ok: true, value: null } : { ok: false }
  switch (kind) {
    case 'text':
    case 'text?':
      return typeof v === 'string' ? { ok: true, value: v } : { ok: false }
    case 'num':
    case 'num?': {
      const n = toNumber(v)
      return n === undefined ? { ok: false } : { ok: true, value: n }
    }
    case 'bool':
    case 'bool?':
      return typeof v === 'boolean' ? { ok: true, value: v } : { ok: false }
    case 'ints': {
      if (!Array.isArray(v)) return { ok: false }
      const out: number[] = []
      for (const item of v) {
        const n = toNumber(item)
        if (n === undefined) return { ok: false }
        out.push(n)
      }
      return { ok: true, value: out }
    }
    case 'texts?':
      return Array.isArray(v) && v.every((x) => typeof x === 'string')
        ? { ok: true, value: v }
        : { ok: false }
  }
}

/** Parse every row against the spec; the first bad cell fails the whole probe (partial data misleads). */
export const parseRows = <S extends ColumnSpec>(
  probe: string,
  spec: S,
  rows: unknown
): ParseResult<RecordOf<S>[]> => {
  if (!Array.isArray(rows)) return parseFailure('MALFORMED', `${probe}: expected an array of rows.`)
  const out: RecordOf<S>[] = []
  for (const [index, row] of rows.entries()) {
    if (typeof row !== 'object' || row === null)
      return parseFailure('MALFORMED', `${probe}: row ${index + 1} is not an object.`)
    const rec: Record<string, unknown> = {}
    for (const [column, kind] of Object.entries(spec)) {
      const cell = readValue(kind, (row as RawRow)[column])
      if (!cell.ok) {
        const got = JSON.stringify((row as RawRow)[column]) ?? 'undefined'
        return parseFailure(
          'MALFORMED',
          `${probe}: row ${index + 1}, column ${column}: expected ${kind}, got ${got.slice(0, 60)}.`
        )
      }
      rec[column] = cell.value
    }
    out.push(rec as RecordOf<S>)
  }
  return parsed(out)
}

/** Exactly one row (settings-like probes). */
export const parseOneRow = <S extends ColumnSpec>(
  probe: string,
  spec: S,
  rows: unknown
): ParseResult<RecordOf<S>> => {
  const all = parseRows(probe, spec, rows)
  if (!all.ok) return all
  const [first] = all.value
  if (!first) return parseFailure('TRUNCATED', `${probe}: expected one row, got none.`)
  return parsed(first)
}
