/**
 * `MEMORY STATS` (Redis 4.0+) -> flat `name -> number | string` (nested `db.N` maps become
 * `db.0.overhead.hashtable.main`); `MEMORY DOCTOR` -> its verdict and the issues it lists.
 * redis-cli print or raw RESP2. Checked against Redis 7.0.15.
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import {
  isReplyError,
  parseReplyText,
  replyPairs,
  serverErrorIn,
  stripPrompt,
  type RedisReply
} from './reply'

export type MemoryStats = Record<string, number | string>

const flatten = (prefix: string, r: RedisReply, out: MemoryStats): boolean => {
  const pairs = replyPairs(r)
  if (!pairs) return false
  for (const [k, v] of pairs) {
    const key = prefix ? `${prefix}.${k}` : k
    if (Array.isArray(v)) {
      if (!flatten(key, v, out)) return false
    } else if (typeof v === 'number') out[key] = v
    else if (typeof v === 'string') {
      // Ratios come back as bulk strings ("1.0904...").
      const n = Number(v)
      out[key] = v !== '' && Number.isFinite(n) ? n : v
    }
  }
  return true
}

export const parseMemoryStats = (text: string): ParseResult<MemoryStats> => {
  const error = serverErrorIn(text)
  if (error) return error
  const reply = parseReplyText(text)
  if (!reply.ok) return reply
  if (isReplyError(reply.value))
    return parseFailure('SERVER_ERROR', `The server replied with an error: ${reply.value.error}`, 1)
  const out: MemoryStats = {}
  const whole = flatten('', reply.value, out)
  if (out['peak.allocated'] === undefined && out['total.allocated'] === undefined && whole) {
    return parseFailure(
      'UNRECOGNIZED',
      'No peak.allocated or total.allocated: this is not MEMORY STATS output.',
      null
    )
  }
  // Since 4.0 the reply ends with the fragmentation figures: a list without them, or with a name and
  // no value, stopped early.
  if (!whole || out.fragmentation === undefined)
    return parseFailure(
      'TRUNCATED',
      `MEMORY STATS stops before its ${whole ? 'fragmentation field' : 'last value'}: the copy was cut off.`,
      null
    )
  return parsed(out)
}

export interface MemoryDoctorReport {
  verdict: 'empty' | 'healthy' | 'issues'
  issues: string[]
}

/** How each MEMORY DOCTOR report ends (object.c memoryCommand "doctor", 4.0-7.x). */
const DOCTOR_ENDINGS = [
  'as soon as I finished rebooting.',
  'I can only account for what occurs on this base.',
  'I want to help you.'
]

export const parseMemoryDoctor = (text: string): ParseResult<MemoryDoctorReport> => {
  const error = serverErrorIn(text)
  if (error) return error
  const body = stripPrompt(text).text.replace(/^"|"$/g, '')
  if (!/^\s*(Hi Sam|Sam,)/.test(body))
    return parseFailure('UNRECOGNIZED', 'This is not MEMORY DOCTOR output.', null)
  if (!DOCTOR_ENDINGS.some((e) => body.trimEnd().endsWith(e)))
    return parseFailure(
      'TRUNCATED',
      'MEMORY DOCTOR stops before its closing sentence: the copy was cut off.',
      body.trimEnd().split(/\r?\n/).length
    )
  if (/instance is empty or is using very little memory/.test(body))
    return parsed({ verdict: 'empty', issues: [] })
  const issues = body
    .split(/\r?\n|\\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('* '))
    .map((l) => l.slice(2))
  return parsed({ verdict: issues.length > 0 ? 'issues' : 'healthy', issues })
}
