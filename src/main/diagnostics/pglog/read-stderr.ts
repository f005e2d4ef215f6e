/**
 * stderr log lines -> entries. PostgreSQL writes a message and its DETAIL/HINT/CONTEXT/STATEMENT lines
 * in one write, each with the prefix, and indents every further line of a field with a tab, so an
 * entry is: a severity line, its tab-indented lines, then the labelled lines of the same process.
 */
import { SECONDARY_FIELDS, MAIN_SEVERITIES, type LogEntry, type SecondaryLabel } from './entry'
import type { LineMatch, PrefixMatcher } from './prefix'
import type { UnreadableLines } from './unreadable'

export class StderrReader {
  private current: LogEntry | null = null
  /** The field that tab-indented lines continue. */
  private open: 'message' | 'detail' | 'hint' | 'context' | 'statement' | null = null

  constructor(
    private readonly matcher: PrefixMatcher,
    private readonly onEntry: (entry: LogEntry) => void,
    private readonly unreadable: UnreadableLines
  ) {}

  push(line: string, n: number): void {
    const current = this.current
    if (line.charCodeAt(0) === 9) {
      if (current && this.open) current[this.open] = `${current[this.open] ?? ''}\n${line.slice(1)}`
      else this.unreadable.add(n, line)
      return
    }
    const m = this.matcher.match(line)
    if (m === null) {
      if (line !== '') this.unreadable.add(n, line)
      return
    }
    if (!MAIN_SEVERITIES.test(m.label)) {
      this.secondary(m, n, line)
      return
    }
    this.flush()
    this.current = {
      line: n,
      time: m.time,
      pid: m.pid,
      user: m.user,
      database: m.database,
      application: m.application,
      severity: m.label,
      sqlState: m.sqlState,
      message: m.text,
      detail: null,
      hint: null,
      context: null,
      statement: null
    }
    this.open = 'message'
  }

  private secondary(m: LineMatch, n: number, line: string): void {
    const current = this.current
    if (!current || (current.pid !== null && m.pid !== null && m.pid !== current.pid)) {
      this.unreadable.add(n, line)
      return
    }
    const field = SECONDARY_FIELDS[m.label as SecondaryLabel]
    this.open = field
    if (field === null) return
    current[field] = current[field] === null ? m.text : `${current[field]}\n${m.text}`
  }

  /** The entry being read, handed over (at a new entry, and at the end). */
  flush(): void {
    if (this.current) this.onEntry(this.current)
    this.current = null
    this.open = null
  }
}
