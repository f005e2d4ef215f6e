/**
 * The mongo.log pipeline: MongoDB 4.4+ structured log lines (one relaxed Extended JSON document per
 * line: t, s, c, id, ctx, msg, attr; MongoDB manual "Log Messages"), pushed one at a time so the same
 * code reads a paste and a multi-GB stream. "Slow query" lines are grouped by shape with the profile's
 * grouping; E/F lines are counted by id and message. Pure: the caller (src/main/log-files) does the I/O.
 */
import type { Finding } from '../../../shared/findings'
import type { MongoDoc, ShapeGroup } from '../../../shared/records/mongo'
import { asDoc, asNumber, asString } from '../mongo/mongo-value'
import { addToShapeGroup } from '../mongo/profile-shapes'
import { parseFailure, parsed, type ParseResult } from '../parse-result'
import { DurationHistogram } from '../pglog/duration-histogram'
import { UnreadableLines } from '../pglog/unreadable'
import { LogErrors } from './log-errors'
import { buildMongoLogReport } from './mongo-log-report'
import { commandText, slowOpEntry } from './slow-op'

const HEAD = /^\{"t":\{"\$date":"\d{4}-\d\d-\d\dT/

/** True when the first non-blank line of `head` is a structured (4.4+) log line. */
export const isMongoJsonLog = (head: string): boolean => {
  const first = head.split('\n', 50).find((l) => l.trim() !== '') ?? ''
  return HEAD.test(first)
}

/** Shapes kept; slow operations of later new shapes are only counted (bounded memory). */
export const MAX_SHAPES = 10_000

export interface WorstRun {
  line: number
  time: string | null
  durationMillis: number
  appName: string | null
  command: string
}

export interface LoggedShape {
  group: ShapeGroup
  durations: DurationHistogram
  worst: WorstRun
}

export class MongoLogAnalyzer {
  readonly shapes = new Map<string, LoggedShape>()
  private readonly groups = new Map<string, ShapeGroup>()
  readonly errors = new LogErrors()
  readonly unreadable = new UnreadableLines()
  lines = 0
  entries = 0
  slowOperations = 0
  unrankedSlowOperations = 0
  firstTime: string | null = null
  lastTime: string | null = null
  private lastLineCut = false

  pushLine(line: string): void {
    this.lines += 1
    if (line.trim() === '') return
    let doc: unknown
    try {
      doc = JSON.parse(line)
    } catch {
      // Counted below: a cut or foreign line.
    }
    const d = asDoc(doc)
    const time = asString(asDoc(d?.t)?.$date)
    const severity = asString(d?.s)
    const msg = asString(d?.msg)
    if (!d || time === null || severity === null || msg === null) {
      this.unreadable.add(this.lines, line)
      return
    }
    this.entries += 1
    this.firstTime ??= time
    this.lastTime = time
    const attr: MongoDoc = asDoc(d.attr) ?? {}
    if (severity === 'E' || severity === 'F')
      this.errors.add(
        { severity, id: asNumber(d.id), component: asString(d.c), msg },
        this.lines,
        JSON.stringify(attr)
      )
    if (msg === 'Slow query') this.slowOp(attr, time)
  }

  private slowOp(attr: MongoDoc, time: string): void {
    const entry = slowOpEntry(attr)
    if (!entry) {
      this.unreadable.add(this.lines, `Slow query without ns or durationMillis: ${JSON.stringify(attr)}`)
      return
    }
    this.slowOperations += 1
    let shape = this.shapes.get(entry.shape)
    if (!shape) {
      if (this.shapes.size >= MAX_SHAPES) {
        this.unrankedSlowOperations += 1
        return
      }
      shape = {
        group: addToShapeGroup(this.groups, entry),
        durations: new DurationHistogram(),
        worst: { line: 0, time: null, durationMillis: -1, appName: null, command: '' }
      }
      this.shapes.set(entry.shape, shape)
    } else addToShapeGroup(this.groups, entry)
    shape.durations.add(entry.millis)
    if (entry.millis > shape.worst.durationMillis)
      shape.worst = {
        line: this.lines,
        time,
        durationMillis: entry.millis,
        appName: entry.appName,
        command: commandText(attr)
      }
  }

  /** Tells that the last line had no newline: it was cut. */
  markCut(): void {
    this.lastLineCut = true
  }

  finish(): ParseResult<{ summary: Record<string, unknown>; findings: Finding[] }> {
    let truncatedAtLine: number | null = null
    if (this.lastLineCut) {
      truncatedAtLine = this.lines
      // The cut last line was counted as unreadable: it is the truncation instead.
      if (this.unreadable.first.at(-1)?.line === this.lines) {
        this.unreadable.count -= 1
        this.unreadable.first.pop()
      }
    }
    const first = this.unreadable.first[0]
    if (this.entries === 0)
      return parseFailure(
        truncatedAtLine !== null && this.unreadable.count === 0 ? 'TRUNCATED' : 'MALFORMED',
        first
          ? `No MongoDB log entry could be read; line ${first.line} is: ${first.text.slice(0, 80)}`
          : 'No MongoDB log entry could be read.',
        first?.line ?? truncatedAtLine
      )
    if (this.unreadable.count * 10 > this.lines)
      return parseFailure(
        'MALFORMED',
        `${this.unreadable.count} of ${this.lines} lines are not MongoDB log entries (first at line ${first?.line ?? '?'}: ${first?.text.slice(0, 80) ?? ''}).`,
        first?.line ?? null
      )
    return parsed(buildMongoLogReport(this, truncatedAtLine))
  }
}
