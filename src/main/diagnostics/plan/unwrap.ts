/**
 * Undo the ways people copy a plan: psql header/footer (any locale), `\pset border 2` ascii and
 * unicode frames, DBeaver `|` frames, `+`/`↵` continuation marks, pgAdmin/CSV double quotes, terminal
 * hard-wraps, an echoed psql session (prompts, `Time:` lines, command tags). What is left is the plan
 * as the server printed it, with each line's 1-based number in the original input.
 */
export interface Line {
  text: string
  /** 1-based line of the original input. */
  n: number
}

export interface Unwrapped {
  format: 'json' | 'text'
  lines: Line[]
  /** psql's `(N rows)` footer, when present: the number of result rows the copy should contain. */
  footerRows: number | null
  /** Lines the body should have had: used to tell a cut-off copy from a complete one. */
  footerLine: number | null
  /** A `QUERY PLAN` header was found (the copy starts with a result grid). */
  header: boolean
  /** That header is psql's (centred, or inside a `| ... |` border 2 frame), which always ends with its footer. */
  psqlHeader: boolean
}

const FRAME_START = /^[|│║┃]/
const RULE_LINE = /^[\s+|\-=─━═┌┐└┘├┤┬┴┼╞╡╪╔╗╚╝╠╣│║┃]*$/
const HAS_RULE_CHARS = /[-─━═]{3}/
// psql's footer; the word is translated ("filas", "Zeilen", "行"), the parentheses and number are not.
const FOOTER = /^\s*\((\d+) [^()]{1,24}\)\s*$/
const TIME_LINE = /^\s*(?:Time|Zeit|Tiempo|Durée|Tempo): [\d.,]+ ms/
const TIMING_ON = /^\s*Timing is (?:on|off)\.\s*$/
// psql's prompt `%/%R%x%# `: app=# app-# app(# app=*# postgres=>
const PROMPT = /^\w[\w.-]*[=\-('"^!]\*?[#>](?: |$)/
const COMMAND_TAG = /^(?:BEGIN|ROLLBACK|COMMIT|SET|RESET|START TRANSACTION|SAVEPOINT|RELEASE|DISCARD ALL)$/
const ECHOED = /^\s*(?:explain|EXPLAIN|Explain)\b/
const PSQL_HEADER = /^(?: +|[|│║┃] +)QUERY PLAN(?: *| +[|│║┃])$/
const HEADER = /^\s*[|│║┃]?\s*"?QUERY PLAN"?\s*[|│║┃]?\s*$/

// First words of EXPLAIN node labels: a root line of a copy starts with one of them.
const NODE_WORDS =
  'Seq|Index|Bitmap|BitmapAnd|BitmapOr|Hash|HashAggregate|HashSetOp|Merge|Nested|Aggregate|GroupAggregate|MixedAggregate|Partial|Finalize|Parallel|Async|Sort|Incremental|Limit|Gather|Append|Result|ProjectSet|Materialize|Memoize|Unique|WindowAgg|SetOp|Recursive|CTE|WorkTable|Function|Table|Values|Subquery|Tid|Foreign|Custom|Sample|Named|Insert|Update|Delete|LockRows|Group'
export const NODE_WORD = new RegExp(`^\\s?(?:${NODE_WORDS})(?: |$)`)

/** Lines that can start a line of a copied plan; anything else after a full-width line is a wrap. */
const legitStart = (raw: string): boolean => {
  const t = raw.trimEnd()
  if (t === '') return true
  if (FRAME_START.test(t) || t.startsWith('"') || /^[+┌└├╞╔╚]/.test(t)) return true
  if (RULE_LINE.test(t) || FOOTER.test(t) || TIME_LINE.test(t) || TIMING_ON.test(t) || PROMPT.test(t))
    return true
  if (HEADER.test(t) || COMMAND_TAG.test(t.trim()) || ECHOED.test(t)) return true
  if (NODE_WORD.test(t)) return true
  if (/^\s*-> {2}/.test(t) || /^\s*(?:InitPlan|SubPlan|CTE) /.test(t)) return true
  // A partitioned ModifyTable's per-partition targets: `  Update on orders_2024 orders_1`.
  if (/^\s+(?:Foreign )?(?:Insert|Update|Delete|Merge) on \S/.test(t)) return true
  if (/^\s+[A-Z][\w /()&-]*:(?: |$)/.test(t)) return true
  if (
    /^\s?(?:Planning|Execution|Total runtime|Trigger|JIT|Settings|Query Identifier|Serialization)\b/.test(t)
  )
    return true
  // JSON lines start with a bracket, a key or a string element (often after psql's one-space pad).
  if (/^\s*[[\]{}"]/.test(t)) return true
  return false
}

/** Join terminal hard-wraps: a line of the full terminal width followed by a line no plan starts with. */
const joinWraps = (lines: Line[]): Line[] => {
  let width = 0
  for (const l of lines) width = Math.max(width, l.text.length)
  if (width < 40) return lines
  const out: Line[] = []
  let prevLength = -1
  let pieces = 0
  for (const l of lines) {
    const last = out[out.length - 1]
    // A logical line of more than 200 terminal rows is not a wrapped plan line but junk of equal widths.
    if (last && prevLength === width && pieces < 200 && !legitStart(l.text)) {
      last.text += l.text
      pieces++
    } else {
      out.push({ ...l })
      pieces = 0
    }
    prevLength = l.text.length
  }
  return out
}

const unquoteCsv = (s: string): string => s.replaceAll('""', '"')

/** pgAdmin / CSV: every line quoted, or the whole (JSON) cell quoted once with inner quotes doubled. */
const unquote = (lines: Line[]): Line[] => {
  const body = lines.filter((l) => l.text.trim() !== '')
  const first = body[0]
  const last = body[body.length - 1]
  if (!first || !last) return lines
  const closed = (l: Line): boolean => /^\s*".*"\s*$/.test(l.text) && l.text.trim().length >= 2
  // A copy cut inside its last line leaves that line's quote open.
  const openLast = !closed(last) && last.text.trimStart().startsWith('"')
  const perLine = body.length > 1 && body.slice(0, -1).every(closed) && (openLast || closed(last))
  if (perLine) {
    return lines.map((l) => {
      const t = l.text.trim()
      if (t === '') return l
      return { text: unquoteCsv(l === last && openLast ? t.slice(1) : t.slice(1, -1)), n: l.n }
    })
  }
  const ft = first.text.trimStart()
  const lt = last.text.trimEnd()
  if (ft.startsWith('"') && lt.endsWith('"') && (ft.startsWith('"[') || ft.startsWith('"{') || ft === '"')) {
    return lines.map((l) => {
      let t = l.text
      if (l === first) t = t.trimStart().slice(1)
      if (l === last) t = t.trimEnd().slice(0, -1)
      return { text: unquoteCsv(t), n: l.n }
    })
  }
  return lines
}

/** `\pset border 2`, unicode boxes and DBeaver grids: drop rule lines, strip the side bars. */
const unframe = (lines: Line[]): Line[] => {
  const content = lines.filter((l) => l.text.trim() !== '' && !FOOTER.test(l.text))
  const framed = content.filter(
    (l) => FRAME_START.test(l.text.trimStart()) || (RULE_LINE.test(l.text) && HAS_RULE_CHARS.test(l.text))
  )
  if (content.length === 0 || framed.length / content.length < 0.6) return lines
  const out: Line[] = []
  for (const l of lines) {
    const t = l.text.trim()
    if (RULE_LINE.test(t) && HAS_RULE_CHARS.test(t)) continue
    if (FRAME_START.test(t)) {
      let inner = t.slice(1)
      if (/[|│║┃]$/.test(inner)) inner = inner.slice(0, -1)
      // psql border 2 pads one space inside the bar; DBeaver does not.
      out.push({ text: inner.startsWith(' ') ? inner.slice(1).trimEnd() : inner.trimEnd(), n: l.n })
    } else {
      out.push(l)
    }
  }
  return out
}

const isNoise = (t: string): boolean =>
  TIME_LINE.test(t) || TIMING_ON.test(t) || COMMAND_TAG.test(t.trim()) || PROMPT.test(t)

export const unwrap = (input: string): Unwrapped => {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  let lines: Line[] = text.split(/\r\n|\r|\n/).map((t, i) => ({ text: t, n: i + 1 }))
  lines = joinWraps(lines)
  lines = lines.map((l) => ({ text: l.text.trimEnd(), n: l.n }))
  lines = unquote(lines)
  lines = unframe(lines)

  // Header: everything up to and including `QUERY PLAN` (and psql's dashes under it) is not the plan.
  const header = lines.findIndex((l) => HEADER.test(l.text))
  // psql pads the header with spaces, inside its border 2 bars too; DBeaver (`|QUERY PLAN  |`) and
  // pgAdmin (`"QUERY PLAN"`) do not, and print no footer.
  const rawHeader = text.split(/\r\n|\r|\n/)[(lines[header]?.n ?? 0) - 1] ?? ''
  const psqlHeader = header >= 0 && PSQL_HEADER.test(rawHeader.trimEnd())
  if (header >= 0) lines = lines.slice(header + 1)
  // The footer ends psql's output; what follows (Time:, ROLLBACK, a prompt) is session noise.
  let footerRows: number | null = null
  let footerLine: number | null = null
  const footer = lines.findIndex((l) => FOOTER.test(l.text))
  if (footer >= 0) {
    footerRows = Number(FOOTER.exec(lines[footer]?.text ?? '')?.[1] ?? NaN)
    footerLine = lines[footer]?.n ?? null
    lines = lines.slice(0, footer)
  }
  lines = lines.filter((l) => !(RULE_LINE.test(l.text) && HAS_RULE_CHARS.test(l.text)) && !isNoise(l.text))

  // Without a header, skip an echoed command: the plan starts at the first JSON bracket or plan line.
  const startsJson = (t: string): boolean => /^\s*[[{]/.test(t)
  const startsText = (t: string): boolean =>
    /\((?:cost=|actual |never executed\))/.test(t) ||
    /^\s*[A-Z][\w ]*(?:Scan|Join|Loop|Aggregate|Sort|Result|Append|Limit|Gather|Hash|Materialize|Memoize|Unique|WindowAgg|SetOp|Union|ModifyTable|on \S+)/.test(
      t
    )
  const start = lines.findIndex((l) => l.text.trim() !== '' && (startsJson(l.text) || startsText(l.text)))
  if (start > 0) lines = lines.slice(start)
  while (lines.length > 0 && (lines[lines.length - 1]?.text.trim() ?? '') === '') lines.pop()
  while (lines.length > 0 && (lines[0]?.text.trim() ?? '') === '') lines.shift()

  const format: 'json' | 'text' = lines[0] && startsJson(lines[0].text) ? 'json' : 'text'
  // psql marks the lines of a multi-line cell with a trailing `+` (ascii) or `↵` (unicode).
  const marked = lines.filter((l) => /(?:\s\+|↵)$/.test(l.text)).length
  if (marked > 0 && (format === 'json' || marked >= (lines.length - 1) / 2)) {
    // JSON never ends a line with `+`; psql glues the mark to a line that fills the column.
    const mark = format === 'json' ? /\s*[+↵]$/ : /(?:\s+\+|\s*↵)$/
    lines = lines.map((l) => ({ text: l.text.replace(mark, '').trimEnd(), n: l.n }))
  }
  // psql pads the cell with one space (border 1/2): dedent by the first line's indentation.
  const pad = /^ */.exec(lines[0]?.text ?? '')?.[0].length ?? 0
  if (pad > 0) {
    lines = lines.map((l) => {
      const lead = /^ */.exec(l.text)?.[0].length ?? 0
      return { text: l.text.slice(Math.min(pad, lead)), n: l.n }
    })
  }
  return { format, lines, footerRows, footerLine, header: header >= 0, psqlHeader }
}
