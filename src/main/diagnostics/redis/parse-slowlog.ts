/**
 * `SLOWLOG GET` -> entries. 4 fields per entry before Redis 4.0 (id, unix time, duration µs, args),
 * 6 after (+ client address, client name). As redis-cli prints it (with or without the prompt line), as
 * raw RESP2, or piped (`redis-cli slowlog get > file`: parse-slowlog-piped.ts). The server cuts long
 * entries: more than 32 args end with `... (N more arguments)`, args over 128 bytes end with
 * `... (N more bytes)`; both are decoded here.
 * Checked against Redis 7.0.15 and hand-made 3.2-style 4-field entries (fixtures/README.md).
 */
import { parsed, parseFailure, type ParseFailure, type ParseResult } from '../parse-result'
import { looksPipedSlowlog, parsePipedSlowlog } from './parse-slowlog-piped'
import { isReplyError, parseReplyText, serverErrorIn, stripPrompt, type RedisReply } from './reply'
import type { SlowlogEntry } from '../../../shared/records/redis'

const MORE_ARGS = /^\.\.\. \((\d+) more arguments\)$/
const MORE_BYTES = /^(.*)\.\.\. \((\d+) more bytes\)$/s

const toEntry = (r: RedisReply, index: number): ParseResult<SlowlogEntry> => {
  const where = `SLOWLOG entry ${index + 1}` // built only for messages; V8 keeps it a cheap rope
  if (!Array.isArray(r)) return parseFailure('MALFORMED', `${where} is not an array.`, null)
  const [id, ts, dur, argv, addr, name] = r
  if (typeof id !== 'number' || typeof ts !== 'number' || typeof dur !== 'number') {
    return parseFailure(
      'MALFORMED',
      `${where} does not start with id, timestamp and duration integers.`,
      null
    )
  }
  if (!Array.isArray(argv)) return parseFailure('MALFORMED', `${where} has no argument list.`, null)
  if (r.length !== 4 && r.length !== 6)
    return parseFailure(
      'MALFORMED',
      `${where} has ${r.length} fields; SLOWLOG entries have 4 (before 4.0) or 6.`,
      null
    )
  const args: string[] = []
  let moreArguments = 0
  let cutArgs = 0
  for (const a of argv) {
    const s = typeof a === 'number' ? String(a) : typeof a === 'string' ? a : null
    if (s === null) return parseFailure('MALFORMED', `${where} has an argument that is not a string.`, null)
    // Both markers end with ')': most args skip the two regexes (10,000 entries carry ~40,000 args).
    if (s.endsWith(')')) {
      const more = MORE_ARGS.exec(s)
      if (more) {
        moreArguments += Number(more[1])
        continue
      }
      if (MORE_BYTES.test(s)) cutArgs += 1
    }
    args.push(s)
  }
  return parsed({
    id,
    timestamp: ts,
    durationUs: dur,
    args,
    command: (args[0] ?? '').toUpperCase(),
    moreArguments,
    cutArgs,
    clientAddress: typeof addr === 'string' ? addr : null,
    clientName: typeof name === 'string' ? name : null
  })
}

export const parseSlowlog = (text: string): ParseResult<SlowlogEntry[]> => {
  const error = serverErrorIn(text)
  if (error) return error
  const { text: body, droppedLines } = stripPrompt(text)
  const reply = looksPipedSlowlog(body.slice(0, 200))
    ? parsePipedSlowlog(body, droppedLines)
    : parseReplyText(text)
  if (!reply.ok) return reply
  return slowlogFromReply(reply.value)
}

/** The same, from a reply already decoded (the driver's array on a live connection). */
export const slowlogFromReply = (r: RedisReply): ParseResult<SlowlogEntry[]> => {
  if (isReplyError(r)) return parseFailure('SERVER_ERROR', `The server replied with an error: ${r.error}`, 1)
  if (!Array.isArray(r))
    return parseFailure('UNRECOGNIZED', 'A SLOWLOG GET reply is an array of entries.', null)
  const entries: SlowlogEntry[] = []
  // Every entry of one reply has the same field count (one server): the last one short of it was cut.
  const width = Array.isArray(r[0]) ? r[0].length : 0
  for (const [i, item] of r.entries()) {
    const last = i === r.length - 1
    if (last && Array.isArray(item) && i > 0 && item.length < width) return cutEntry(i, item.length)
    const e = toEntry(item, i)
    if (!e.ok) {
      // The last entry short of fields is where a copy stopped.
      if (last && Array.isArray(item) && (item.length < 4 || item.length === 5))
        return cutEntry(i, item.length)
      return e
    }
    entries.push(e.value)
  }
  return parsed(entries)
}

const cutEntry = (index: number, fields: number): ParseFailure =>
  parseFailure(
    'TRUNCATED',
    `SLOWLOG entry ${index + 1} stops after ${fields} fields: the copy was cut off.`,
    null
  )

/** Cheap recognition for `analyze`: an array whose first entry is id, timestamp, duration, args. */
export const detectSlowlog = (text: string): 0 | 1 | 2 => {
  const head = text.slice(0, 2000)
  if (/^\s*(?:\S+>\s*)?slowlog get/im.test(head)) return 2
  if (
    /^1\) 1\) \(integer\) \d+\r?\n\s+2\) \(integer\) \d+\r?\n\s+3\) \(integer\) \d+\r?\n\s+4\) /.test(
      head.trimStart()
    )
  )
    return 2
  if (/^\*\d+\r?\n\*[46]\r?\n:\d+\r?\n:\d+\r?\n:\d+\r?\n\*\d+\r?\n/.test(head.trimStart())) return 2
  return looksPipedSlowlog(head) ? 2 : 0
}
