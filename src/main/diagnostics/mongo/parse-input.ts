/**
 * Text a DBA pasted -> one plain value. Accepts JSON, relaxed and canonical Extended JSON (bson's EJSON),
 * and legacy mongo / mongosh shell text (`ISODate(...)`, `NumberLong(...)`, `Timestamp(a, b)`,
 * `Timestamp({ t, i })`, `ObjectId(...)`, `BinData(...)`, unquoted keys, single quotes) through
 * @mongodb-js/shell-bson-parser, which builds an AST and evaluates only literal BSON constructors
 * (never `eval`). A leading shell prompt line (`rs0:PRIMARY> rs.status()`, `shop> db.x.find()`) and
 * the legacy shell's one-document-per-line `find()` output are accepted too.
 */
import {
  EJSON,
  type Binary,
  type BSONRegExp,
  type Code,
  type Decimal128,
  type Double,
  type Int32,
  type Long,
  type ObjectId,
  type Timestamp
} from 'bson'
import parseShell from '@mongodb-js/shell-bson-parser'
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import type { MongoDoc, MongoValue } from '../../../shared/records/mongo'

const PROMPT =
  /^\s*(?:[\w.:\-[\] ]*>|[\w-]+ \[[^\]]*\] [\w-]+>)|^\s*(?:db|rs|sh)\.|^\s*Type "it" for more|^\s*(?:MongoDB shell|connecting to:|Using )/

const EJSON_WRAPPERS = [
  '$date',
  '$numberLong',
  '$numberInt',
  '$numberDouble',
  '$numberDecimal',
  '$oid',
  '$timestamp',
  '$binary',
  '$uuid',
  '$regularExpression',
  '$minKey',
  '$maxKey',
  '$undefined'
]

/** Folds bson classes and leftover Extended JSON wrappers into plain values (see mongo-value.ts). */
export const toPlain = (v: unknown, depth = 0): MongoValue => {
  if (depth > 400) throw new RangeError('nested too deeply')
  if (v === null || v === undefined) return null
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v
  // Match on _bsontype, not instanceof: the shell parser may bring its own copy of bson.
  const bsonType =
    typeof v === 'object' && '_bsontype' in v ? String((v as { _bsontype: unknown })._bsontype) : null
  if (bsonType !== null) {
    switch (bsonType) {
      case 'Long':
        return (v as Long).toNumber()
      case 'Int32':
      case 'Double':
        return (v as Int32 | Double).valueOf()
      case 'Decimal128':
        return Number((v as Decimal128).toString())
      case 'Timestamp':
        return { t: (v as Timestamp).t, i: (v as Timestamp).i }
      case 'ObjectId':
      case 'ObjectID':
        return (v as ObjectId).toHexString()
      case 'Binary':
        return (v as Binary).toString('base64')
      case 'BSONRegExp':
        return `/${(v as BSONRegExp).pattern}/${(v as BSONRegExp).options}`
      case 'Code':
        return (v as Code).code
      case 'MinKey':
        return '$minKey'
      case 'MaxKey':
        return '$maxKey'
      default:
        return String(v)
    }
  }
  if (v instanceof RegExp) return String(v)
  if (Array.isArray(v)) return v.map((x) => toPlain(x, depth + 1))
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    const keys = Object.keys(o)
    const only = keys.length === 1 || (keys.length === 2 && '$binary' in o) ? keys[0] : undefined
    if (only !== undefined && EJSON_WRAPPERS.includes(only)) {
      const folded = foldWrapper(o)
      if (folded !== undefined) return folded
    }
    const out: MongoDoc = {}
    for (const key of keys) out[key] = toPlain(o[key], depth + 1)
    return out
  }
  return String(v)
}

/** Extended JSON wrappers EJSON.deserialize refused (a bad `$date` string, legacy forms): best effort. */
const foldWrapper = (o: Record<string, unknown>): MongoValue | undefined => {
  if ('$date' in o) {
    const raw = o.$date
    const inner =
      raw && typeof raw === 'object' && '$numberLong' in raw
        ? Number((raw as { $numberLong: unknown }).$numberLong)
        : raw
    const d = typeof inner === 'string' || typeof inner === 'number' ? new Date(inner) : null
    return d && !Number.isNaN(d.getTime()) ? d : null
  }
  for (const k of ['$numberLong', '$numberInt', '$numberDouble', '$numberDecimal']) {
    if (k in o) {
      const n = Number(o[k])
      return Number.isFinite(n) ? n : null
    }
  }
  if ('$oid' in o) return String(o.$oid)
  if ('$timestamp' in o) {
    const ts = o.$timestamp as { t?: unknown; i?: unknown } | null
    return { t: Number(ts?.t ?? 0), i: Number(ts?.i ?? 0) }
  }
  return undefined
}

interface Located {
  body: string
  /** Lines dropped before `body`, added back to error lines. */
  lineOffset: number
}

/** Drops shell prompt / echo lines around the output. */
const locate = (text: string): Located => {
  const lines = text.split('\n')
  let start = 0
  while (start < lines.length - 1 && PROMPT.test(lines[start] ?? '') && !/^\s*[[{]/.test(lines[start] ?? ''))
    start++
  let end = lines.length
  while (end > start + 1 && (PROMPT.test(lines[end - 1] ?? '') || (lines[end - 1] ?? '').trim() === '')) end--
  return { body: lines.slice(start, end).join('\n'), lineOffset: start }
}

const lineAt = (text: string, pos: number): number => {
  let line = 1
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

const jsonErrorPos = (message: string): number | null => {
  const m = /position (\d+)/.exec(message)
  return m ? Number(m[1]) : null
}

/** A bracket that never closed means the copy stopped half-way. */
const unbalanced = (text: string): boolean => {
  let depth = 0
  let quote: string | null = null
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = null
    } else if (c === '"' || c === "'") quote = c
    else if (c === '{' || c === '[' || c === '(') depth++
    else if (c === '}' || c === ']' || c === ')') depth--
  }
  return depth > 0 || quote !== null
}

const tryShell = (
  body: string
): { ok: true; value: unknown } | { ok: false; line: number | null; atEnd: boolean; message: string } => {
  try {
    const value: unknown = parseShell(body, { mode: 'strict', allowComments: true })
    // The parser answers '' (rather than throwing) when the text holds code it refuses to evaluate.
    if (value === '' && !/^\s*(['"`])\1\s*$/.test(body))
      return {
        ok: false,
        line: null,
        atEnd: false,
        message: 'it contains expressions or calls that are not BSON values'
      }
    return { ok: true, value }
  } catch (err) {
    const e = err as { loc?: { line?: number }; raisedAt?: number; message?: string }
    // The parser wraps the input as "(\n" + input + "\n)": its line 2 is our line 1.
    const line = typeof e.loc?.line === 'number' ? Math.max(1, e.loc.line - 1) : null
    const atEnd = typeof e.raisedAt === 'number' && e.raisedAt >= body.length + 1
    const message = String(e.message ?? err).replace(/ in \([\s\S]*$/, '')
    return { ok: false, line, atEnd, message }
  }
}

/** One value from JSON / Extended JSON / shell text, or a failure naming the line. */
export const parseMongoText = (text: string): ParseResult<MongoValue> => {
  const { body, lineOffset } = locate(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'))
  if (body.trim() === '') return parseFailure('UNRECOGNIZED', 'The input is empty.')
  try {
    let jsonError: string | null = null
    try {
      const raw: unknown = JSON.parse(body)
      let value: unknown
      try {
        value = EJSON.deserialize(raw as object, { relaxed: false })
      } catch {
        value = raw // a malformed wrapper: fold what can be folded below
      }
      return parsed(toPlain(value))
    } catch (err) {
      if (err instanceof RangeError) throw err
      jsonError = (err as Error).message
    }
    const shell = tryShell(body)
    if (shell.ok) return parsed(toPlain(shell.value))
    // Legacy shell find(): documents one after another, not in an array.
    if (/\}\s*\n\{/.test(body)) {
      const joined = tryShell(`[${body.replace(/\}\s*\n(?=\{)/g, '},\n')}]`)
      if (joined.ok) return parsed(toPlain(joined.value))
    }
    if (shell.atEnd || unbalanced(body)) {
      return parseFailure(
        'TRUNCATED',
        'The input ends before its last document closes: it looks cut off; paste the whole output.',
        lineOffset + lineAt(body, body.length)
      )
    }
    const jsonPos = jsonErrorPos(jsonError ?? '')
    const line = shell.line ?? (jsonPos !== null ? lineAt(body, jsonPos) : null)
    return parseFailure(
      'MALFORMED',
      `This is not valid JSON, Extended JSON or mongo shell output: ${shell.message}.`,
      line === null ? null : line + lineOffset
    )
  } catch (err) {
    if (err instanceof RangeError)
      return parseFailure('TOO_LARGE', 'The input is nested too deeply to analyse.')
    return parseFailure(
      'MALFORMED',
      `This is not valid JSON, Extended JSON or mongo shell output: ${(err as Error).message}.`
    )
  }
}
