/** Error (E) and fatal (F) lines of a MongoDB log grouped by id and message, in bounded memory. */
import { oneLine } from '../postgres/health-input'

/** Distinct groups kept; later new ones are only counted (a log of unique messages stays bounded). */
export const MAX_ERROR_GROUPS = 1_000

export interface ErrorGroup {
  severity: 'E' | 'F'
  id: number | null
  component: string | null
  msg: string
  count: number
  firstLine: number
  lastLine: number
  example: string
}

export class LogErrors {
  readonly groups = new Map<string, ErrorGroup>()
  ungrouped = 0

  add(
    e: { severity: 'E' | 'F'; id: number | null; component: string | null; msg: string },
    line: number,
    attr: string
  ): void {
    const key = `${e.severity} ${e.id ?? ''} ${e.msg}`
    const g = this.groups.get(key)
    if (g) {
      g.count += 1
      g.lastLine = line
      return
    }
    if (this.groups.size >= MAX_ERROR_GROUPS) {
      this.ungrouped += 1
      return
    }
    this.groups.set(key, { ...e, count: 1, firstLine: line, lastLine: line, example: oneLine(attr, 300) })
  }

  /** Fatals first, then by count. */
  ranked(): ErrorGroup[] {
    return [...this.groups.values()].sort((a, b) =>
      a.severity === b.severity ? b.count - a.count : a.severity === 'F' ? -1 : 1
    )
  }
}
