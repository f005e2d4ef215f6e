/**
 * `redis-cli slowlog get` written to a pipe or a file (redis-cli's default raw format when stdout is not a
 * terminal): every value on its own line, no `1)` indexes, no quotes, no array lengths. An entry is id,
 * unix time, duration, its arguments (as many lines as there are), then the client address and name
 * (Redis 4.0+); the address line followed by the next entry's three integers, or by the end, closes it.
 * Checked against Redis 7.0.15 (fixtures/slowlog-get-piped--*). Arguments holding a newline print as
 * several lines and so read as several arguments; pre-4.0 entries (no address) cannot be delimited.
 */
import { parseFailure, type ParseResult } from '../parse-result'
import type { RedisReply } from './reply'

const INT = /^-?\d+$/
const UNIX_TIME = /^\d{9,11}$/
/** `ip:port`, `[ipv6]:port`, or a unix socket `path:0` (networking.c genClientAddrString). */
const ADDRESS = /^(?:\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]+|\/\S*):\d+$/

/** Cheap recognition: id, unix time, duration on the first three lines, then a command name (or the end). */
export const looksPipedSlowlog = (head: string): boolean =>
  /^\d+\r?\n\d{9,11}\r?\n\d+(?:\r?\n[A-Za-z]|\s*$)/.test(head.trimStart())

const startsEntry = (lines: readonly string[], i: number): boolean =>
  INT.test(lines[i] ?? '') && UNIX_TIME.test(lines[i + 1] ?? '') && INT.test(lines[i + 2] ?? '')

/** The piped print -> the reply tree SLOWLOG GET returns, for slowlogFromReply to read. */
export const parsePipedSlowlog = (body: string, lineOffset: number): ParseResult<RedisReply> => {
  const lines = body.replace(/\r\n/g, '\n').split('\n')
  // The print ends each value with a newline; a blank line before it is an empty client name.
  if (lines[lines.length - 1] === '') lines.pop()
  const entries: RedisReply[] = []
  const cut = (line: number, why: string): ParseResult<RedisReply> =>
    parseFailure(
      'TRUNCATED',
      `SLOWLOG stops at line ${line + lineOffset}: ${why}, so the copy was cut off.`,
      line + lineOffset
    )
  for (let i = 0; i < lines.length;) {
    if (!startsEntry(lines, i)) {
      if (i + 3 > lines.length && lines.slice(i).every((l) => INT.test(l)))
        return cut(lines.length, 'an entry has no arguments yet')
      return parseFailure(
        'MALFORMED',
        `Line ${i + 1 + lineOffset} should start a SLOWLOG entry (id, unix time, duration).`,
        i + 1 + lineOffset
      )
    }
    let address = -1
    for (let j = i + 4; j < lines.length; j++) {
      if (ADDRESS.test(lines[j] ?? '') && (j + 2 >= lines.length || startsEntry(lines, j + 2))) {
        address = j
        break
      }
    }
    if (address === -1)
      return cut(lines.length, `entry ${entries.length + 1} has no client address after its arguments`)
    if (address + 1 >= lines.length)
      return cut(lines.length, `entry ${entries.length + 1} has no client name line after its address`)
    entries.push([
      Number(lines[i]),
      Number(lines[i + 1]),
      Number(lines[i + 2]),
      lines.slice(i + 3, address),
      lines[address] ?? '',
      lines[address + 1] ?? ''
    ])
    i = address + 2
  }
  return { ok: true, value: entries }
}
