/**
 * log_line_prefix -> a matcher for stderr log lines. Every escape of PostgreSQL 15's log_line_prefix
 * (including padding such as %-10u and %q, after which the rest is only printed by sessions) becomes a
 * capture group; the line must then go on with `SEVERITY:  message`, which is what anchors the lazy
 * groups. When no prefix is given it is detected from the lines: the known prefixes (PostgreSQL's
 * default, the common Debian/pgBadger/RDS ones) are tried on a sample and the one matching most lines
 * wins; failing that a generic matcher takes whatever precedes the severity and picks out a timestamp,
 * a [pid] and user@db from it.
 */
import { MAIN_SEVERITIES, SECONDARY_FIELDS } from './entry'

export interface PrefixFields {
  time: string | null
  pid: number | null
  user: string | null
  database: string | null
  application: string | null
  sqlState: string | null
}

export interface LineMatch extends PrefixFields {
  /** LOG/ERROR/... or a secondary label (DETAIL, STATEMENT...). */
  label: string
  text: string
}

export interface PrefixMatcher {
  /** The log_line_prefix it stands for, or 'generic' for the fallback. */
  prefix: string
  match(line: string): LineMatch | null
}

const TIME = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [A-Za-z]{1,6}|[ ]?[+-]\d\d(?::?\d\d)?)?`
const LABELS = `${MAIN_SEVERITIES.source.slice(4, -2)}|${Object.keys(SECONDARY_FIELDS).join('|')}`
const TAIL = `(${LABELS}):  (.*)$`

type Field = keyof PrefixFields | 'epoch' | null

const ESCAPES: Record<string, { re: string; field: Field }> = {
  a: { re: '(.*?)', field: 'application' },
  u: { re: '(.*?)', field: 'user' },
  d: { re: '(.*?)', field: 'database' },
  r: { re: '(.*?)', field: null },
  h: { re: '(.*?)', field: null },
  b: { re: '(.*?)', field: null },
  i: { re: '(.*?)', field: null },
  p: { re: String.raw`(\d+)`, field: 'pid' },
  P: { re: String.raw`(\d*)`, field: null },
  t: { re: `(${TIME})`, field: 'time' },
  m: { re: `(${TIME})`, field: 'time' },
  s: { re: `(${TIME})`, field: null },
  n: { re: String.raw`(\d+\.\d+)`, field: 'epoch' },
  e: { re: '([0-9A-Z]{5})', field: 'sqlState' },
  c: { re: '([0-9a-f]+\\.[0-9a-f]+)', field: null },
  l: { re: String.raw`(\d+)`, field: null },
  v: { re: String.raw`(\d*/\d*|)`, field: null },
  x: { re: String.raw`(\d+)`, field: null },
  Q: { re: String.raw`(-?\d+)`, field: null }
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const unknownToNull = (v: string | undefined): string | null =>
  v === undefined || v === '' || v === '[unknown]' ? null : v

/** Compiles a log_line_prefix; throws on an escape PostgreSQL does not have (an option typed wrong). */
export const compilePrefix = (prefix: string): PrefixMatcher => {
  let re = '^'
  let optionalOpen = false
  const fields: Field[] = []
  const escape = /%(-?\d*)(.)/g
  let last = 0
  for (let m = escape.exec(prefix); m !== null; m = escape.exec(prefix)) {
    re += escapeRegex(prefix.slice(last, m.index))
    last = escape.lastIndex
    const [, pad, letter] = m
    if (letter === '%') re += '%'
    else if (letter === 'q') {
      re += '(?:'
      optionalOpen = true
    } else {
      const spec = letter === undefined ? undefined : ESCAPES[letter]
      if (!spec) throw new Error(`log_line_prefix has an unknown escape %${letter ?? ''}`)
      re += pad ? `\\s*${spec.re}\\s*` : spec.re
      fields.push(spec.field)
    }
  }
  re += escapeRegex(prefix.slice(last))
  if (optionalOpen) re += ')?'
  const regex = new RegExp(re + TAIL)
  return {
    prefix,
    match(line) {
      const m = regex.exec(line)
      if (!m) return null
      const out: LineMatch = {
        time: null,
        pid: null,
        user: null,
        database: null,
        application: null,
        sqlState: null,
        label: m[fields.length + 1] ?? '',
        text: m[fields.length + 2] ?? ''
      }
      fields.forEach((field, i) => {
        const v = m[i + 1]
        if (field === null || v === undefined) return
        if (field === 'pid') out.pid = Number(v)
        else if (field === 'epoch') out.time = new Date(Number(v) * 1000).toISOString().replace('T', ' ')
        else out[field] = unknownToNull(v)
      })
      return out
    }
  }
}

/** Whatever precedes `SEVERITY:  `, with a leading timestamp, a [pid] and user@db picked out of it. */
const GENERIC = new RegExp(`^(.*?)${TAIL}`)
const genericMatcher: PrefixMatcher = {
  prefix: 'generic',
  match(line) {
    const m = GENERIC.exec(line)
    if (!m) return null
    const head = m[1] ?? ''
    const userDb = /(?:^|\s)([^\s@[\]]+)@([^\s@[\]]+)\s*$/.exec(head)
    return {
      time: new RegExp(`^\\W*(${TIME})`).exec(head)?.[1] ?? null,
      pid: Number(/\[(\d+)\]/.exec(head)?.[1] ?? NaN) || null,
      user: unknownToNull(/user=([^,\s]*)/.exec(head)?.[1] ?? userDb?.[1]),
      database: unknownToNull(/db=([^,\s]*)/.exec(head)?.[1] ?? userDb?.[2]),
      application: unknownToNull(/app=([^,\s]*)/.exec(head)?.[1]),
      sqlState: null,
      label: m[2] ?? '',
      text: m[3] ?? ''
    }
  }
}

/** Most specific first: on a tie in matched lines the first one wins. */
export const KNOWN_PREFIXES = [
  '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ',
  '%m [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ',
  '%t [%p]: user=%u,db=%d,app=%a,client=%h ',
  '%m [%p] %q[user=%u,db=%d,app=%a] ',
  '%m [%p] %q%u@%d/%a ',
  '%t:%r:%u@%d:[%p]:',
  '%m:%r:%u@%d:[%p]:',
  '%m [%p] %q%u@%d ',
  '%t [%p] %q%u@%d ',
  '%m [%p-%l] %q%u@%d ',
  '%t [%p-%l] %q%u@%d ',
  '%t [%p]: [%l-1] ',
  '%m [%p] ',
  '%t [%p] ',
  '%m ',
  '%t '
]
const KNOWN = KNOWN_PREFIXES.map(compilePrefix)

/** Lines that carry a user or database tell prefixes apart: count those twice. */
const score = (matcher: PrefixMatcher, lines: readonly string[]): number => {
  let total = 0
  for (const line of lines) {
    const m = matcher.match(line)
    if (m) total += m.user !== null || m.database !== null ? 2 : 1
  }
  return total
}

/** The matcher for these sample lines (continuation lines excluded), or null when none fits half. */
export const detectPrefix = (sample: readonly string[]): PrefixMatcher | null => {
  const lines = sample.filter((l) => l !== '' && !l.startsWith('\t'))
  if (lines.length === 0) return null
  let best: PrefixMatcher | null = null
  let bestScore = 0
  for (const matcher of KNOWN) {
    const s = score(matcher, lines)
    if (s > bestScore) {
      best = matcher
      bestScore = s
    }
  }
  const matched = best ? lines.filter((l) => best.match(l)).length : 0
  if (best && matched * 2 >= lines.length) return best
  return lines.filter((l) => genericMatcher.match(l)).length * 2 >= lines.length ? genericMatcher : null
}
