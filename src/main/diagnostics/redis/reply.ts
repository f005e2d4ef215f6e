/**
 * Redis replies as people paste them -> one reply tree. Two shapes: raw RESP2 (parsed by redis-parser,
 * the parser ioredis itself uses) and redis-cli's interactive print (`1) 1) (integer) 5`, quoted strings,
 * `(nil)`, `(error) ...`). The SLOWLOG, CLUSTER SHARDS, LATENCY and MEMORY STATS parsers read this tree.
 * Checked against redis-cli and Redis 7.0.15.
 */
import RedisParser from 'redis-parser'
import { parsed, parseFailure, type ParseFailure, type ParseResult } from '../parse-result'

export interface ReplyErrorValue {
  error: string
}
export type RedisReply = string | number | null | ReplyErrorValue | RedisReply[]

export const isReplyError = (r: RedisReply | undefined): r is ReplyErrorValue =>
  typeof r === 'object' && r !== null && !Array.isArray(r)

/** redis-cli's prompt (`127.0.0.1:6379> `, `127.0.0.1:6379[2]> `, `not connected> `) with the echoed command. */
export const PROMPT = /^\s*(?:[\w.\-[\]:]*:\d+(?:\[\d+\])?|not connected)>\s?/

/** Error replies a server sends instead of data, in every print: `(error) ERR ...`, `-ERR ...`, bare `ERR ...`. */
const SERVER_ERROR =
  /^\s*(?:\(error\)\s*|-)?((?:ERR|WRONGTYPE|NOAUTH|NOPERM|MOVED|ASK|CROSSSLOT|LOADING|BUSY|READONLY|MISCONF|OOM|NOSCRIPT|CLUSTERDOWN|TRYAGAIN|EXECABORT|NOREPLICAS|MASTERDOWN|UNKILLABLE|NOTBUSY)\b.*)$/

const BARE_PROMPT = /^\s*(?:[\w.\-[\]:]*:\d+(?:\[\d+\])?|not connected)>\s*$/

/**
 * Drops redis-cli prompt lines at the start and the bare prompt a copy often ends with. Scans only the
 * head and the tail: a 10,000-entry SLOWLOG is 80,000 lines that need not be split twice.
 */
export const stripPrompt = (text: string): { text: string; droppedLines: number } => {
  let start = 0
  let dropped = 0
  while (start < text.length) {
    const nl = text.indexOf('\n', start)
    const line = nl === -1 ? text.slice(start) : text.slice(start, nl)
    if (line.trim() !== '' && !PROMPT.test(line)) break
    dropped += 1
    start = nl === -1 ? text.length : nl + 1
  }
  let body = start === 0 ? text : text.slice(start)
  // Only a trailing bare prompt goes; blank lines stay because RESP needs its last CRLF.
  const trimmed = body.trimEnd()
  const lastNl = trimmed.lastIndexOf('\n')
  if (BARE_PROMPT.test(trimmed.slice(lastNl + 1))) body = lastNl === -1 ? '' : body.slice(0, lastNl)
  return { text: body, droppedLines: dropped }
}

export const serverErrorIn = (text: string): ParseFailure | null => {
  const { text: body, droppedLines } = stripPrompt(text.slice(0, 4096))
  const first = body.split('\n', 1)[0] ?? ''
  const m = SERVER_ERROR.exec(first.replace(/\r$/, ''))
  return m
    ? parseFailure(
        'SERVER_ERROR',
        `The server replied with an error: ${(m[1] ?? '').trim()}`,
        droppedLines + 1
      )
    : null
}

export const looksLikeResp = (text: string): boolean =>
  /^[*$][-\d]+\r?\n|^[+:-][^\r\n]*\r?\n/.test(text.trimStart().slice(0, 64))

/** A driver's decoded reply (ioredis: strings, numbers, null, arrays, Errors) -> reply tree. */
export const toReply = (v: unknown): RedisReply => {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number') return v
  if (Array.isArray(v)) return v.map(toReply)
  if (v instanceof Error) return { error: v.message }
  return String(v)
}

const lineOfOffset = (text: string, offset: number): number => {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line += 1
  return line
}

const runResp = (text: string): ParseResult<RedisReply> => {
  // redis-parser waits for more input on a bad length line instead of failing: check the first line here.
  if (!/^(?:[*$:]-?\d+\r?\n|[+-][^\r\n]*\r?\n)/.test(text))
    return parseFailure('MALFORMED', 'Not valid RESP: the first line is not a RESP type and length.', 1)
  let reply: RedisReply | undefined
  let fatal: string | null = null
  const parser = new RedisParser({
    returnReply: (r: unknown) => {
      reply ??= toReply(r)
    },
    returnError: (e: Error) => {
      reply ??= { error: e.message }
    },
    returnFatalError: (e: Error) => {
      fatal ??= e.message
    }
  })
  try {
    parser.execute(Buffer.from(text, 'utf8'))
  } catch (e) {
    fatal ??= e instanceof Error ? e.message : String(e)
  }
  if (reply !== undefined) return parsed(reply)
  if (fatal !== null) return parseFailure('MALFORMED', `Not valid RESP: ${String(fatal).slice(0, 120)}`, null)
  return parseFailure(
    'TRUNCATED',
    'The RESP reply stops before its announced length: the copy was cut off.',
    lineOfOffset(text, text.length)
  )
}

/**
 * Raw RESP2 -> reply. A copy that lost its CRs (LF only) is retried with CRLF restored, since bulk lengths
 * count the CR bytes.
 */
export const parseResp = (text: string): ParseResult<RedisReply> => {
  const body = text.trimStart()
  const first = runResp(body)
  if (first.ok || body.includes('\r\n')) return first
  const crlf = runResp(body.replace(/\n/g, '\r\n'))
  return crlf.ok ? crlf : first
}

const unescapeCli = (s: string): string =>
  s.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => {
    if (e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16))
    return e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'a' ? '\x07' : e === 'b' ? '\b' : e
  })

const QUOTED = /^"((?:[^"\\]|\\.)*)"\s*$/
const INTEGER = /^\(integer\)\s+(-?\d+)\s*$/
const DOUBLE = /^\(double\)\s+(\S+)\s*$/
const EMPTY = /^\((?:empty array|empty list or set|empty set|empty hash|empty map)\)\s*$/

// Dispatch on the first character: this runs once per printed value (80,000 times for a 10,000-entry
// SLOWLOG), so the common cases avoid the regexes they cannot match.
const cliScalar = (raw: string, line: number): ParseResult<RedisReply> => {
  const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw
  const first = s.charCodeAt(0)
  if (first === 34 /* " */) {
    // Fast path: no escapes and the only other quote is the last character.
    const close = s.indexOf('"', 1)
    if (close === s.length - 1 && !s.includes('\\')) return parsed(s.slice(1, -1))
    const q = QUOTED.exec(s)
    if (q) {
      const body = q[1] ?? ''
      return parsed(body.includes('\\') ? unescapeCli(body) : body)
    }
    return parseFailure(
      'TRUNCATED',
      `Line ${line}: a quoted string never closes: the copy was cut off.`,
      line
    )
  }
  if (first === 40 /* ( */) {
    const i = INTEGER.exec(s)
    if (i) return parsed(Number(i[1]))
    const d = DOUBLE.exec(s)
    if (d) return parsed(Number(d[1]))
    if (/^\(nil\)\s*$/.test(s)) return parsed(null)
    if (EMPTY.test(s)) return parsed([])
    const err = /^\(error\)\s*(.*)$/.exec(s)
    if (err) return parsed({ error: err[1] ?? '' })
  }
  return parsed(s)
}

const BLANK = /^\s*$/

interface Frame {
  items: RedisReply[]
  col: number
}
/** Set by scanMarker: the element's index and the column of its ')'. */
let markerN = 0
let markerCloseCol = 0

/**
 * An element index `  12) ` at `from`: spaces, digits, ')' and one optional space. Returns where the value
 * starts (and sets markerN / markerCloseCol), or -1. A hand scan with no allocation: it runs once per
 * element, 100,000 times for a 10,000-entry SLOWLOG.
 */
const scanMarker = (line: string, from: number): number => {
  let i = from
  while (line.charCodeAt(i) === 32) i++
  let n = 0
  const digits = i
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) n = n * 10 + (c - 48)
  if (i === digits || line.charCodeAt(i) !== 41 /* ) */) return -1
  markerN = n
  markerCloseCol = i
  i++
  if (line.charCodeAt(i) === 32) i++
  return i
}

/**
 * redis-cli's interactive print -> reply. Indexes are right-aligned, so every element of one array has
 * its `)` in the same column; that column says which (nested) array a line continues.
 */
export const parseCliReply = (text: string): ParseResult<RedisReply> => {
  const { text: body, droppedLines } = stripPrompt(text)
  const lines = body.split('\n')
  const firstLine = lines.find((l) => l.trim() !== '') ?? ''
  if (!/^\s*\d+\) /.test(firstLine)) {
    const nonEmpty = lines.filter((l) => l.trim() !== '')
    if (nonEmpty.length !== 1) return parseFailure('UNRECOGNIZED', 'This is not a redis-cli reply.', null)
    return cliScalar((nonEmpty[0] ?? '').trim(), droppedLines + 1)
  }
  const root: Frame = { items: [], col: -1 }
  const stack: Frame[] = [root]
  for (let index = 0; index < lines.length; index++) {
    const rawLine = lines[index] ?? ''
    const lineNo = droppedLines + index + 1
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine
    if (BLANK.test(line)) continue
    let pos = 0
    let firstMarker = true
    for (;;) {
      const next = scanMarker(line, pos)
      if (next === -1) {
        if (firstMarker)
          return parseFailure(
            'MALFORMED',
            `Line ${lineNo} has no "N)" element index: ${line.slice(0, 60)}`,
            lineNo
          )
        break
      }
      const n = markerN
      const closeCol = markerCloseCol
      if (firstMarker) {
        if (root.col === -1) root.col = closeCol
        while (stack.length > 1 && (stack[stack.length - 1]?.col ?? 0) > closeCol) stack.pop()
        if (stack[stack.length - 1]?.col !== closeCol)
          return parseFailure(
            'MALFORMED',
            `Line ${lineNo}: element index is not aligned with any open array.`,
            lineNo
          )
      } else {
        const nested: Frame = { items: [], col: closeCol }
        stack[stack.length - 1]?.items.push(nested.items)
        stack.push(nested)
      }
      const top = stack[stack.length - 1] as Frame
      if (n !== top.items.length + 1)
        return parseFailure(
          'MALFORMED',
          `Line ${lineNo}: element ${n} follows element ${top.items.length}.`,
          lineNo
        )
      pos = next
      firstMarker = false
      // Another index right after this one opens a nested array (values start with '"' or '(').
      const c = line.charCodeAt(pos)
      if (((c >= 48 && c <= 57) || c === 32) && scanMarker(line, pos) !== -1) continue
      // One slice per value, without trim()'s extra copy: 80,000 values make the garbage collector work.
      let end = line.length
      while (end > pos && line.charCodeAt(end - 1) === 32) end--
      const value = cliScalar(line.slice(pos, end), lineNo)
      if (!value.ok) return value
      top.items.push(value.value)
      break
    }
  }
  return parsed(root.items)
}

/** Either print, decided by the first bytes. */
export const parseReplyText = (text: string): ParseResult<RedisReply> => {
  // Only the head decides; stripping the whole text is left to the parser that needs it.
  const head = stripPrompt(text.slice(0, 4096)).text
  return looksLikeResp(head) ? parseResp(stripPrompt(text).text) : parseCliReply(text)
}

/** Flat [k1, v1, k2, v2] (RESP2 maps) -> entries; null when the shape is not a map. */
export const replyPairs = (r: RedisReply): [string, RedisReply][] | null => {
  if (!Array.isArray(r) || r.length % 2 !== 0) return null
  const out: [string, RedisReply][] = []
  for (let i = 0; i < r.length; i += 2) {
    const k = r[i]
    if (typeof k !== 'string') return null
    out.push([k, r[i + 1] ?? null])
  }
  return out
}
