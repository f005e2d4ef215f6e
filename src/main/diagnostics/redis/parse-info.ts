/**
 * `INFO` output -> sections of key/value fields. Accepts any section set (one section, default, all,
 * everything), LF or CRLF, redis-cli's prompt line, the reply inside a raw RESP bulk string (`$1234\r\n...`)
 * or quoted by redis-cli, Redis 2.x INFO without section headers, and fields it does not know
 * (KeyDB, Valkey, Dragonfly add their own). Redis 7 field names may contain `|` (`cmdstat_client|list`).
 * Checked against Redis 7.0.15 (test servers) and hand-made 2.6 / 8.0-style inputs (fixtures/README.md).
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import { infoSectionCut, sectionTitle, type InfoLine } from './info-complete'
import { serverErrorIn } from './reply'
import { unwrapTextReply } from './text-reply'

export interface RedisInfo {
  /** Section names in lower case, in input order ('server', 'memory', ...). */
  sections: string[]
  /** Every field, flattened; later duplicates win (they do not occur in real output). */
  fields: Record<string, string>
  /** Fields grouped by section. */
  bySection: Record<string, Record<string, string>>
}

const SECTION_HEADER = /^#\s*(.+?)\s*$/
const FIELD = /^([^:\s]+):(.*)$/

export const parseInfo = (text: string): ParseResult<RedisInfo> => {
  const error = serverErrorIn(text)
  if (error) return error
  const unwrapped = unwrapTextReply(text, 'INFO')
  if (!unwrapped.ok) return unwrapped
  const { body, lineOffset } = unwrapped.value
  const lines = body.split('\n')
  const bySection: Record<string, Record<string, string>> = {}
  const fields: Record<string, string> = {}
  const sections: string[] = []
  let current = 'default'
  let fieldCount = 0
  // The last section's lines and where it ends: a copy that stops inside a section is cut.
  let currentLines: InfoLine[] = []
  let lastLineNo = 0
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim()
    if (line === '') continue
    const lineNo = lineOffset + index + 1
    const header = SECTION_HEADER.exec(line)
    if (header) {
      current = (header[1] ?? '').toLowerCase()
      if (!sections.includes(current)) sections.push(current)
      bySection[current] ??= {}
      currentLines = []
      lastLineNo = lineNo
      continue
    }
    const field = FIELD.exec(line)
    if (!field) {
      // A partial last line of a copy that did not end with a newline is a cut, not garbage.
      const last = index === lines.length - 1 && !/\n\s*$/.test(body)
      if (last && (fieldCount > 0 || sections.length > 0))
        return parseFailure(
          'TRUNCATED',
          `INFO stops in the middle of line ${lineNo}: the copy was cut off.`,
          lineNo
        )
      return parseFailure(
        fieldCount > 0 ? 'MALFORMED' : 'UNRECOGNIZED',
        `INFO line ${lineNo} is not "field:value": ${line.slice(0, 80)}`,
        lineNo
      )
    }
    const [, key = '', value = ''] = field
    ;(bySection[current] ??= {})[key] = value
    fields[key] = value
    fieldCount += 1
    currentLines.push({ key, value })
    lastLineNo = lineNo
  }
  if (fieldCount === 0)
    return sections.length > 0
      ? parseFailure(
          'TRUNCATED',
          `INFO stops after its # ${sections.map(sectionTitle).join(', # ')} header: the copy was cut off.`,
          lastLineNo
        )
      : parseFailure('UNRECOGNIZED', 'No INFO fields found.', null)
  const cut = infoSectionCut(current, currentLines, fields.redis_version ?? fields.valkey_version ?? null)
  if (cut !== null)
    return parseFailure(
      'TRUNCATED',
      `INFO stops at line ${lastLineNo} inside ${current === 'default' ? 'INFO' : `# ${sectionTitle(current)}`}: ${cut}, so the copy was cut off.`,
      lastLineNo
    )
  return parsed({ sections, fields, bySection })
}

/** `db0:keys=1,expires=0,avg_ttl=0` -> { keys: 1, expires: 0, avg_ttl: 0 }; also used for cmdstat_* lines. */
export const parseInfoSubfields = (value: string): Record<string, number | string> => {
  const out: Record<string, number | string> = {}
  for (const pair of value.split(',')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) continue
    const key = pair.slice(0, eq)
    const raw = pair.slice(eq + 1)
    const num = Number(raw)
    out[key] = raw !== '' && Number.isFinite(num) ? num : raw
  }
  return out
}

/** A numeric INFO field, or null when absent or not a number (e.g. `mem_fragmentation_ratio:nan`). */
export const infoNumber = (info: RedisInfo, field: string): number | null => {
  const raw = info.fields[field]
  if (raw === undefined || raw.trim() === '') return null
  const n = Number(raw)
  return Number.isFinite(n) ? n : null
}

/** The server's version, from whichever field this server family uses. */
export const infoVersion = (info: RedisInfo): string | null =>
  info.fields.redis_version ?? info.fields.valkey_version ?? info.fields.dragonfly_version ?? null

export interface CommandStat {
  command: string
  calls: number
  usec: number
  usecPerCall: number
  rejectedCalls: number
  failedCalls: number
}

/** `cmdstat_get:calls=5,usec=10,usec_per_call=2.00,rejected_calls=0,failed_calls=0` (failures: Redis 6.2+). */
export const commandStats = (info: RedisInfo): CommandStat[] =>
  Object.entries(info.fields)
    .filter(([k]) => k.startsWith('cmdstat_'))
    .map(([k, v]) => {
      const s = parseInfoSubfields(v)
      const num = (x: unknown): number => (typeof x === 'number' ? x : 0)
      return {
        command: k.slice('cmdstat_'.length).toUpperCase().replace('|', ' '),
        calls: num(s.calls),
        usec: num(s.usec),
        usecPerCall: num(s.usec_per_call),
        rejectedCalls: num(s.rejected_calls),
        failedCalls: num(s.failed_calls)
      }
    })

/** `errorstat_MOVED:count=3` (Redis 6.2+) -> { MOVED: 3 }. */
export const errorStats = (info: RedisInfo): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(info.fields)) {
    if (!k.startsWith('errorstat_')) continue
    const c = parseInfoSubfields(v).count
    out[k.slice('errorstat_'.length)] = typeof c === 'number' ? c : 0
  }
  return out
}

/** `db0:keys=3,expires=1,avg_ttl=0` lines -> { db0: { keys, expires } }. */
export const keyspace = (info: RedisInfo): Record<string, { keys: number; expires: number }> => {
  const out: Record<string, { keys: number; expires: number }> = {}
  for (const [k, v] of Object.entries(info.fields)) {
    if (!/^db\d+$/.test(k)) continue
    const s = parseInfoSubfields(v)
    out[k] = {
      keys: typeof s.keys === 'number' ? s.keys : 0,
      expires: typeof s.expires === 'number' ? s.expires : 0
    }
  }
  return out
}
