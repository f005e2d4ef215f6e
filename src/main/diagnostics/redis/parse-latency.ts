/**
 * The latency monitor (Redis 2.8.13+, on when `latency-monitor-threshold` > 0):
 * `LATENCY LATEST` -> [event, unix time, latest ms, max ms] per event; `LATENCY HISTORY <event>` ->
 * [unix time, ms] samples; `LATENCY DOCTOR` -> its prose, with the per-event lines pulled out.
 * redis-cli print or raw RESP2. Checked against Redis 7.0.15 (standalone with threshold 1 ms).
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import { isReplyError, parseReplyText, serverErrorIn, stripPrompt, type RedisReply } from './reply'

export interface LatencyEvent {
  event: string
  timestamp: number
  latestMs: number
  maxMs: number
}
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
        i === r.value.length - 1 && i > 0 ? 'TRUNCATED' : 'MALFORMED',
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
  if (!r.ok) return r
  const out: LatencySample[] = []
  for (const [i, e] of r.value.entries()) {
    if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'number' || typeof e[1] !== 'number') {
      return parseFailure('MALFORMED', `LATENCY HISTORY sample ${i + 1} is not [time, ms].`, null)
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
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim()
    const m = DOCTOR_EVENT.exec(line)
    if (m)
      events.push({ event: m[1] ?? '', spikes: Number(m[2]), averageMs: Number(m[3]), worstMs: Number(m[4]) })
    else if (line.startsWith('- ')) advice.push(line.slice(2))
  }
  return parsed({ verdict: events.length > 0 ? 'spikes' : 'none', events, advice })
}
