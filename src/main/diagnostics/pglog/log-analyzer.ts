/**
 * The pg.log pipeline, push-based so that the same code reads a pasted string and a multi-GB stream:
 * lines (stderr, jsonlog) or csv records (csvlog) in, one at a time; `finish` gives the report facts.
 * Pure: the caller does the I/O (src/main/log-files) and hands over text.
 */
import { parseFailure, parsed, type ParseResult } from '../parse-result'
import type { Finding } from '../../../shared/findings'
import type { LogEntry } from './entry'
import { compilePrefix, detectPrefix, type PrefixMatcher } from './prefix'
import { StderrReader } from './read-stderr'
import { jsonlogEntry } from './read-jsonlog'
import { csvlogEntry } from './read-csvlog'
import { LogStats } from './log-stats'
import { buildLogReport, type LogReadFacts } from './log-report'
import { UnreadableLines } from './unreadable'

export type LogFormat = LogReadFacts['format']

export interface LogOptions {
  /** The server's log_line_prefix, when known; otherwise it is detected from the first lines. */
  prefix?: string
}

/** Lines looked at to detect the prefix (and held back until it is known). */
const SAMPLE_LINES = 200
const CSV_HEAD = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [^,]*,(?:"[^"]*")?,(?:"[^"]*")?,\d+,/
const JSON_HEAD = /^\{"timestamp":"\d{4}-/

/** What kind of PostgreSQL log `head` (the first KB of it) starts, or null. */
export const detectLogFormat = (head: string): LogFormat | null => {
  const lines = head.split('\n', SAMPLE_LINES + 1).slice(0, SAMPLE_LINES)
  const first = lines.find((l) => l.trim() !== '') ?? ''
  if (JSON_HEAD.test(first)) return 'jsonlog'
  if (CSV_HEAD.test(first)) return 'csvlog'
  // Whole lines only: the last one may be cut by the end of the head.
  const whole = lines.length > 2 ? lines.slice(0, -1) : lines
  const matcher = detectPrefix(whole)
  if (matcher === null) return null
  if (matcher.prefix !== 'generic') return 'stderr'
  return whole.filter((l) => /^\S.*?\b(?:LOG|ERROR|FATAL|STATEMENT): {2}/.test(l)).length >= 2
    ? 'stderr'
    : null
}

export class LogAnalyzer {
  private readonly stats = new LogStats()
  private readonly unreadable = new UnreadableLines()
  private lines = 0
  private matcher: PrefixMatcher | null
  private stderr: StderrReader | null = null
  private held: string[] = []
  private lastLineCut = false

  constructor(
    readonly format: LogFormat,
    options: LogOptions = {}
  ) {
    this.matcher = options.prefix !== undefined ? compilePrefix(options.prefix) : null
  }

  private readonly onEntry = (e: LogEntry): void => this.stats.add(e)

  /** One line of a stderr or jsonlog file (without its newline). */
  pushLine(line: string): void {
    this.lines += 1
    if (this.format === 'jsonlog') this.jsonLine(line)
    else if (this.stderr) this.stderr.push(line, this.lines)
    else {
      this.held.push(line)
      if (this.held.length >= SAMPLE_LINES) this.startStderr()
    }
  }

  private startStderr(): void {
    this.matcher ??= detectPrefix(this.held)
    if (this.matcher === null) return
    this.stderr = new StderrReader(this.matcher, this.onEntry, this.unreadable)
    const held = this.held
    this.held = []
    held.forEach((l, i) => this.stderr?.push(l, this.lines - held.length + i + 1))
  }

  private jsonLine(line: string): void {
    if (line.trim() === '') return
    let entry: LogEntry | null = null
    try {
      entry = jsonlogEntry(JSON.parse(line), this.lines)
    } catch {
      // Counted below: a cut or foreign line.
    }
    if (entry) this.stats.add(entry)
    else this.unreadable.add(this.lines, line)
  }

  /** One csvlog record and the line where it ends. */
  pushCsvRecord(record: readonly string[], line: number): void {
    this.lines = line
    const entry = csvlogEntry(record, line)
    if (entry) this.stats.add(entry)
    else this.unreadable.add(line, record.join(','))
  }

  pushUnreadable(line: number, text: string): void {
    this.unreadable.add(line, text)
  }

  /** Tells that the last line had no newline (stderr/jsonlog) or the last CSV record was cut. */
  markCut(): void {
    this.lastLineCut = true
  }

  finish(): ParseResult<{ summary: Record<string, unknown>; findings: Finding[] }> {
    if (!this.stderr && this.format === 'stderr') this.startStderr()
    if (this.format === 'stderr' && !this.stderr)
      return parseFailure(
        'UNRECOGNIZED',
        'No log_line_prefix fits these lines; give it with --log-line-prefix.',
        1
      )
    this.stderr?.flush()
    let truncatedAtLine: number | null = null
    if (this.lastLineCut) {
      truncatedAtLine = this.lines
      // The cut line of a jsonlog/csvlog file was counted as unreadable: it is the truncation instead.
      if (this.unreadable.first.at(-1)?.line === this.lines) {
        this.unreadable.count -= 1
        this.unreadable.first.pop()
      }
    }
    if (this.stats.entries === 0) {
      const first = this.unreadable.first[0]
      return parseFailure(
        truncatedAtLine !== null && this.unreadable.count === 0 ? 'TRUNCATED' : 'MALFORMED',
        first
          ? `No ${this.format} log entry could be read; line ${first.line} is: ${first.text.slice(0, 80)}`
          : `No ${this.format} log entry could be read.`,
        first?.line ?? truncatedAtLine
      )
    }
    if (this.unreadable.count * 10 > this.lines) {
      const first = this.unreadable.first[0]
      return parseFailure(
        'MALFORMED',
        `${this.unreadable.count} of ${this.lines} lines are not ${this.format} log entries (first at line ${first?.line ?? '?'}: ${first?.text.slice(0, 80) ?? ''}).`,
        first?.line ?? null
      )
    }
    return parsed(
      buildLogReport(this.stats, {
        format: this.format,
        prefix: this.matcher?.prefix ?? null,
        lines: this.lines,
        unreadable: this.unreadable,
        truncatedAtLine
      })
    )
  }
}
