/**
 * The latency monitor (Redis 2.8.13+, on when `latency-monitor-threshold` > 0):
 * `LATENCY LATEST` -> [event, unix time, latest ms, max ms] per event; `LATENCY HISTORY <event>` ->
 * [unix time, ms] samples; `LATENCY DOCTOR` -> its prose, with the per-event lines pulled out.
 * redis-cli print or raw RESP2. Checked against Redis 7.0.15 (standalone with threshold 1 ms).
 */
import { parsed, parseFailure, type ParseFailure, type ParseResult } from '../parse-result'
import { isReplyError, parseReplyText, serverErrorIn, stripPrompt, type RedisReply } from './reply'
import type { LatencyEvent } from '../../../shared/records/redis'

export interface LatencySample {
  timestamp: number
  ms: number
}

const arrayReply = (text: string, what: string): ParseResult<RedisReply[]> => {
  const error = serverErrorIn(text)
  if (error) return error
  const reply = parseReplyText(text)
  if (!reply.ok) return reply
  if (isReplyError(reply.value))
    return parseFailure('SERVER_ERROR', `The server replied with an error: ${reply.value.error}`, 1)
  if (!Array.isArray(reply.value)) return parseFailure('UNRECOGNIZED', `A ${what} reply is an array.`, null)
  return parsed(reply.value)
}

export const parseLatencyLatest = (text: string): ParseResult<LatencyEvent[]> => {
  const r = arrayReply(text, 'LATENCY LATEST')
  if (!r.ok) return r
  return latencyLatestFromReply(r.value)
}

/** The same, from the driver's decoded array. */
export const latencyLatestFromReply = (reply: RedisReply): ParseResult<LatencyEvent[]> => {
  if (!Array.isArray(reply)) return parseFailure('MALFORMED', 'A LATENCY LATEST reply is an array.', null)
  const r = { value: reply }
  const out: LatencyEvent[] = []
  for (const [i, e] of r.value.entries()) {
    if (
      !Array.isArray(e) ||
      typeof e[0] !== 'string' ||
      typeof e[1] !== 'number' ||
      typeof e[2] !== 'number' ||
      typeof e[3] !== 'number'
    ) {
      return parseFailure(
        i === r.value.length - 1 && Array.isArray(e) && e.length < 4 ? 'TRUNCATED' : 'MALFORMED',
        `LATENCY LATEST entry ${i + 1} is not [event, time, latest, max].`,
        null
      )
    }
    out.push({ event: e[0], timestamp: e[1], latestMs: e[2], maxMs: e[3] })
  }
  return parsed(out)
}

export const parseLatencyHistory = (text: string): ParseResult<LatencySample[]> => {
  const r = arrayReply(text, 'LATENCY HISTORY')
  return r.ok ? latencyHistoryFromReply(r.value) : r
}

/** The same, from the driver's decoded array (the Redis page's live LATENCY HISTORY). */
export const latencyHistoryFromReply = (reply: RedisReply): ParseResult<LatencySample[]> => {
  if (!Array.isArray(reply)) return parseFailure('MALFORMED', 'A LATENCY HISTORY reply is an array.', null)
  const out: LatencySample[] = []
  for (const [i, e] of reply.entries()) {
    if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'number' || typeof e[1] !== 'number') {
      const cut = i === reply.length - 1 && Array.isArray(e) && e.length < 2
      return parseFailure(
        cut ? 'TRUNCATED' : 'MALFORMED',
        `LATENCY HISTORY sample ${i + 1} is not [time, ms].`,
        null
      )
    }
    out.push({ timestamp: e[0], ms: e[1] })
  }
  return parsed(out)
}

export interface LatencyDoctorReport {
  /** 'none': no spike observed; 'disabled': the monitor is off; 'spikes': events listed. */
  verdict: 'none' | 'disabled' | 'spikes'
  events: { event: string; spikes: number; averageMs: number; worstMs: number }[]
  advice: string[]
}

const DOCTOR_EVENT =
  /^\d+\.\s+([\w-]+):\s+(\d+)\s+latency spikes? \(average (\d+)ms.*?Worst all time event (\d+)ms/

const doctorCut = (line: number, why: string): ParseFailure =>
  parseFailure('TRUNCATED', `LATENCY DOCTOR stops at line ${line}: ${why}, so the copy was cut off.`, line)

/**
 * What a whole report ends with (latency.c createLatencyReport): the "no spike" sentence, or the events
 * then either "I have a few advices for you:" with its advice lines, or the sentence that it has none.
 * Every one of these ends with a full stop.
 */
const doctorEnding = (body: string, events: number, advice: number): string | null => {
  const text = body.trim()
  if (!text.endsWith('.')) return 'its last sentence has no full stop'
  if (/no latency spike was observed/.test(text)) return null
  if (events === 0) return 'the report lists no event'
  if (/I have a few advices for you:/.test(text)) return advice > 0 ? null : 'the advice list is empty'
  return /not able to suggest any easy fix/.test(text) ? null : 'the advice part is missing'
}

export const parseLatencyDoctor = (text: string): ParseResult<LatencyDoctorReport> => {
  const error = serverErrorIn(text)
  if (error) return error
  const body = stripPrompt(text).text
  if (!/Dave/.test(body.slice(0, 400)))
    return parseFailure('UNRECOGNIZED', 'This is not LATENCY DOCTOR output.', null)
  if (/latency monitoring is disabled/i.test(body))
    return parsed({ verdict: 'disabled', events: [], advice: [] })
  const events: LatencyDoctorReport['events'] = []
  const advice: string[] = []
  const lines = body.split(/\r?\n/)
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim()
    const m = DOCTOR_EVENT.exec(line)
    if (m)
      events.push({ event: m[1] ?? '', spikes: Number(m[2]), averageMs: Number(m[3]), worstMs: Number(m[4]) })
    else if (line.startsWith('- ')) advice.push(line.slice(2))
    else if (/^\d+\.\s/.test(line) && !raw.startsWith(' '))
      return doctorCut(i + 1, 'an event line is not complete')
  }
  const cut = doctorEnding(body, events.length, advice.length)
  if (cut !== null) return doctorCut(lines.length, cut)
  return parsed({ verdict: events.length > 0 ? 'spikes' : 'none', events, advice })
}
