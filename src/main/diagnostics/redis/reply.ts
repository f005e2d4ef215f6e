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

/** The host:port part of redis-cli's prompt, with its `[db]` and, inside MULTI, `(TX)`. */
export const PROMPT_TEXT = String.raw`(?:[\w.\-[\]:]*:\d+(?:\[\d+\])?(?:\(TX\))?|not connected)`
/** redis-cli's prompt (`127.0.0.1:6379> `, `127.0.0.1:6379[2]> `, `not connected> `) with the echoed command. */
export const PROMPT = new RegExp(String.raw`^\s*${PROMPT_TEXT}>\s?`)

/** Error replies a server sends instead of data, in every print: `(error) ERR ...`, `-ERR ...`, bare `ERR ...`. */
const SERVER_ERROR =
  /^\s*(?:\(error\)\s*|-)?((?:ERR|WRONGTYPE|NOAUTH|NOPERM|MOVED|ASK|CROSSSLOT|LOADING|BUSY|READONLY|MISCONF|OOM|NOSCRIPT|CLUSTERDOWN|TRYAGAIN|EXECABORT|NOREPLICAS|MASTERDOWN|UNKILLABLE|NOTBUSY)\b.*)$/

const BARE_PROMPT = new RegExp(String.raw`^\s*${PROMPT_TEXT}>\s*$`)

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

const DOUBLE = /^\(double\)\s+(\S+)$/
const EMPTY = /^\((?:empty array|empty list or set|empty set|empty hash|empty map)\)$/
const INTEGER_TAG = '(integer) '

/** `(integer) N` read in place: digits only, or undefined. Runs 30,000 times for a 10,000-entry SLOWLOG. */
const integerAt = (text: string, start: number, end: number): number | undefined => {
  let i = start + INTEGER_TAG.length
  while (text.charCodeAt(i) === 32 && i < end) i++
  const negative = text.charCodeAt(i) === 45 /* - */
  if (negative) i++
  if (i === end || end - i > 15)
    return text.startsWith(INTEGER_TAG, start) ? integerSlow(text, start, end) : undefined
  let n = 0
  for (; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return undefined
    n = n * 10 + (c - 48)
  }
  return negative ? -n : n
}
// Past 15 digits a running total can round differently from Number(): let Number() read those.
const integerSlow = (text: string, start: number, end: number): number | undefined => {
  const m = /^\(integer\)\s+(-?\d+)$/.exec(text.slice(start, end))
  return m ? Number(m[1]) : undefined
}

/** Marks a quoted string that never closes (a copy cut off) among the values cliScalar returns. */
const UNCLOSED: unique symbol = Symbol('unclosed quote')

/** What redis-cli's one-letter escapes stand for (sdscatrepr); any other escaped character is itself. */
const CLI_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b' }
const isHexAt = (text: string, i: number): boolean => /[0-9a-fA-F]/.test(text.charAt(i))
const isLineTerminator = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029

/**
 * The quoted value text[start, end) with its escapes decoded (`\"`, `\n`, `\xff`...), or UNCLOSED when
 * its closing quote is not the last character. One pass, building from the unescaped runs: a regex
 * replace with a callback per escape was the slowest part of reading a SLOWLOG full of binary keys.
 */
const unquoteEscaped = (text: string, start: number, end: number): string | typeof UNCLOSED => {
  let out = ''
  let run = start + 1
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === 34 /* " */) return i === end - 1 ? out + text.slice(run, i) : UNCLOSED
    if (c !== 92 /* backslash */) continue
    if (i + 1 >= end || isLineTerminator(text.charCodeAt(i + 1))) return UNCLOSED
    out += text.slice(run, i)
    const e = text.charAt(i + 1)
    if (e === 'x' && isHexAt(text, i + 2) && isHexAt(text, i + 3)) {
      out += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16))
      i += 3
    } else {
      out += CLI_ESCAPES[e] ?? e
      i += 1
    }
    run = i + 1
  }
  return UNCLOSED
}

/**
 * One printed value, text[start, end) with no trailing blanks -> reply value. Dispatches on the first
 * character and slices once: this runs once per printed value (80,000 times for a 10,000-entry SLOWLOG),
 * and every extra string or match array is work for the garbage collector.
 */
const cliScalar = (text: string, start: number, end: number): RedisReply | typeof UNCLOSED => {
  const first = text.charCodeAt(start)
  if (first === 34 /* " */) {
    // Fast path: no escapes and the only other quote is the last character.
    // (Searches stay inside the value: an indexOf over the rest of an 80,000-line paste would be quadratic.)
    let close = start + 1
    while (close < end && text.charCodeAt(close) !== 34 && text.charCodeAt(close) !== 92 /* backslash */)
      close++
    if (close === end - 1 && text.charCodeAt(close) === 34) return text.slice(start + 1, end - 1)
    return unquoteEscaped(text, start, end)
  }
  if (first === 40 /* ( */) {
    if (text.startsWith(INTEGER_TAG, start)) {
      const n = integerAt(text, start, end)
      if (n !== undefined) return n
    }
    const s = text.slice(start, end)
    const d = DOUBLE.exec(s)
    if (d) return Number(d[1])
    if (/^\(nil\)$/.test(s)) return null
    if (EMPTY.test(s)) return []
    const err = /^\(error\)\s*(.*)$/.exec(s)
    if (err) return { error: err[1] ?? '' }
    return s
  }
  return text.slice(start, end)
}

const unclosedQuote = (line: number): ParseFailure =>
  parseFailure('TRUNCATED', `Line ${line}: a quoted string never closes: the copy was cut off.`, line)

interface Frame {
  items: RedisReply[]
  col: number
  /**
   * Spaces before its first index: redis-cli right-aligns indexes to the widest one, so ` 1)` opens an
   * array of 10 or more elements, `  1)` one of 100 or more. Fewer elements means the copy stopped early.
   */
  pad: number
}
/** Set by scanMarker: the element's index and the columns of its first digit and of its ')'. */
let markerN = 0
let markerCloseCol = 0
let markerDigitsCol = 0

/**
 * An element index `  12) ` at `from`: spaces, digits, ')' and one optional space. Returns where the value
 * starts (and sets markerN / markerCloseCol, relative to `lineStart`), or -1. A hand scan with no
 * allocation: it runs once per element, 100,000 times for a 10,000-entry SLOWLOG.
 */
const scanMarker = (text: string, lineStart: number, from: number): number => {
  let i = from
  while (text.charCodeAt(i) === 32) i++
  let n = 0
  const digits = i
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) n = n * 10 + (c - 48)
  if (i === digits || text.charCodeAt(i) !== 41 /* ) */) return -1
  markerN = n
  markerDigitsCol = digits - lineStart
  markerCloseCol = i - lineStart
  i++
  if (text.charCodeAt(i) === 32) i++
  return i
}

const isBlankChar = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 11 || c === 12

/** The first line with something on it (for deciding the shape). */
const firstFilledLine = (text: string): string => {
  let start = 0
  while (start < text.length) {
    const nl = text.indexOf('\n', start)
    const line = text.slice(start, nl === -1 ? text.length : nl)
    if (line.trim() !== '') return line
    start = nl === -1 ? text.length : nl + 1
  }
  return ''
}

/** A last line that is the start of an index (`1`, ` 12`) or of redis-cli's next prompt (`127.0.0.`). */
const CUT_INDEX_OR_PROMPT = /^\s*\d*$|^[\w.\-[\]]+(?::\d*)?$/

const cutAt = (line: number, what: string): ParseFailure =>
  parseFailure('TRUNCATED', `Line ${line} ${what}: the copy was cut off.`, line)

/** A reply that is one value, not an array: `(integer) 3`, `"OK"`, `(nil)`, `(error) ...`. */
const cliSingleValue = (body: string, droppedLines: number): ParseResult<RedisReply> => {
  const filled = body.split('\n').filter((l) => l.trim() !== '')
  if (filled.length !== 1) return parseFailure('UNRECOGNIZED', 'This is not a redis-cli reply.', null)
  const value = (filled[0] ?? '').trim()
  if (/^\d+\)?$/.test(value)) return cutAt(droppedLines + 1, 'stops inside an element index')
  const v = cliScalar(value, 0, value.length)
  return v === UNCLOSED ? unclosedQuote(droppedLines + 1) : parsed(v)
}

/** A `(...)` value redis-cli prints whole: `(integer) 5`, `(nil)`, `(double) 1.5`, `(error) ...`, `(empty array)`. */
const WHOLE_TAG = /^\((?:integer\)\s+-?\d|nil\)$|double\)\s+\S|error\)|empty [a-z ]+\)$)/

/** Arrays whose indexes were padded for more elements than they hold (see Frame.pad). */
const shortFrame = (frames: readonly Frame[]): Frame | undefined =>
  frames.find((f) => f.pad > 0 && f.items.length < 10 ** f.pad)

/**
 * redis-cli's interactive print -> reply. Indexes are right-aligned, so every element of one array has
 * its `)` in the same column; that column says which (nested) array a line continues. Walks the text by
 * offsets, without splitting it into lines: a 10,000-entry SLOWLOG is 80,000 of them. A copy that stops
 * early shows as a last line cut in its index or value, or as an array padded for more elements.
 */
export const parseCliReply = (text: string): ParseResult<RedisReply> => {
  const { text: body, droppedLines } = stripPrompt(text)
  if (!/^\s*\d+\) /.test(firstFilledLine(body))) return cliSingleValue(body, droppedLines)
  const root: Frame = { items: [], col: -1, pad: 0 }
  const stack: Frame[] = [root]
  const frames: Frame[] = [root]
  let lineNo = droppedLines
  // Past this offset there is only blank space: a line that ends there is the last one.
  const filledEnd = body.trimEnd().length
  for (let lineStart = 0; lineStart < body.length;) {
    const nl = body.indexOf('\n', lineStart)
    const next = nl === -1 ? body.length : nl + 1
    // The last line with nothing after it: where a cut copy stops.
    const lastLine = nl === -1 || next >= filledEnd
    lineNo += 1
    let end = nl === -1 ? body.length : nl
    while (end > lineStart && isBlankChar(body.charCodeAt(end - 1))) end--
    const start = lineStart
    lineStart = next
    if (end === start) continue
    let pos = start
    let firstMarker = true
    for (;;) {
      const valueStart = scanMarker(body, start, pos)
      if (valueStart === -1 || valueStart > end + 1) {
        if (firstMarker && lastLine && CUT_INDEX_OR_PROMPT.test(body.slice(start, end)))
          return cutAt(lineNo, 'stops inside an element index or the prompt after the reply')
        if (firstMarker)
          return parseFailure(
            'MALFORMED',
            `Line ${lineNo} has no "N)" element index: ${body.slice(start, Math.min(end, start + 60))}`,
            lineNo
          )
        break
      }
      const n = markerN
      const closeCol = markerCloseCol
      if (firstMarker) {
        if (root.col === -1) {
          root.col = closeCol
          root.pad = markerDigitsCol
        }
        while (stack.length > 1 && (stack[stack.length - 1]?.col ?? 0) > closeCol) stack.pop()
        if (stack[stack.length - 1]?.col !== closeCol)
          return parseFailure(
            'MALFORMED',
            `Line ${lineNo}: element index is not aligned with any open array.`,
            lineNo
          )
      } else {
        const nested: Frame = { items: [], col: closeCol, pad: markerDigitsCol - (pos - start) }
        stack[stack.length - 1]?.items.push(nested.items)
        stack.push(nested)
        frames.push(nested)
      }
      const top = stack[stack.length - 1] as Frame
      if (n !== top.items.length + 1)
        return parseFailure(
          'MALFORMED',
          `Line ${lineNo}: element ${n} follows element ${top.items.length}.`,
          lineNo
        )
      pos = Math.min(valueStart, end)
      firstMarker = false
      // Another index right after this one opens a nested array (values start with '"' or '(').
      const c = body.charCodeAt(pos)
      if (pos < end && ((c >= 48 && c <= 57) || c === 32) && scanMarker(body, start, pos) !== -1) continue
      if (pos >= end && lastLine) return cutAt(lineNo, 'stops after an element index, before its value')
      const value = cliScalar(body, pos, end)
      if (value === UNCLOSED) return unclosedQuote(lineNo)
      if (lastLine && c === 40 /* ( */ && !WHOLE_TAG.test(body.slice(pos, end)))
        return cutAt(lineNo, 'stops inside a (type) tag')
      // redis-cli quotes strings and tags numbers: bare digits are a nested index cut before its ')'.
      if (lastLine && c !== 34 /* " */ && typeof value === 'string' && /^\d+$/.test(value))
        return cutAt(lineNo, 'stops inside an element index')
      top.items.push(value)
      break
    }
  }
  const short = shortFrame(frames)
  if (short) {
    const open = stack.includes(short)
    return parseFailure(
      open ? 'TRUNCATED' : 'MALFORMED',
      `An array's indexes are padded for ${10 ** short.pad} or more elements and it has ${short.items.length}${open ? ': the copy was cut off' : ''}.`,
      open ? lineNo : null
    )
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
