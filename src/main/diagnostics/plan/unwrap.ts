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

/** A terminal's hard wrap (the break falls anywhere) or an e-mail client's (at a space, which is lost). */
export type WrapKind = 'hard' | 'word'

export interface Unwrapped {
  /** A quoted copy (pgAdmin) whose last line's quote is open: it stops inside that line. */
  cutInLast: boolean
  /** How wrapped lines were joined, if any were. */
  wraps: WrapKind | null
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

const PLAN_LEVEL_START =
  /^(?:Planning|Execution|Total runtime|Trigger|JIT|Settings|Query Identifier|Serialization)\b/

/** Lines that can start a line of a copied plan; anything else after a full-width line is a wrap. */
const legitStart = (raw: string, prevIndent: number): boolean => {
  const t = raw.trimEnd()
  if (t === '') return true
  if (
    FRAME_START.test(t) ||
    t.startsWith('"') ||
    (/^'.+'$/.test(t) && legitStart(t.slice(1, -1), prevIndent)) ||
    /^[+┌└├╞╔╚]/.test(t)
  )
    return true
  if (RULE_LINE.test(t) || FOOTER.test(t) || TIME_LINE.test(t) || TIMING_ON.test(t) || PROMPT.test(t))
    return true
  if (HEADER.test(t) || COMMAND_TAG.test(t.trim()) || ECHOED.test(t)) return true
  if (NODE_WORD.test(t)) return true
  if (/^\s*-> {2}/.test(t) || /^\s*(?:InitPlan|SubPlan|CTE) /.test(t)) return true
  // A partitioned ModifyTable's per-partition targets: `  Update on orders_2024 orders_1`.
  if (/^\s+(?:Foreign )?(?:Insert|Update|Delete|Merge) on \S/.test(t)) return true
  // A property line: a node prints its properties before its children, so one far left of the line
  // before it (past a worker block's 4 columns) is no property but the rest of a line cut at a space.
  if (/^\s+[A-Z][\w /()&-]*:(?: |$)/.test(t) && t.length - t.trimStart().length >= prevIndent - 4) return true
  if (PLAN_LEVEL_START.test(t.replace(/^\s/, ''))) return true
  // Whole summary lines of an indented copy: no wrap ends in exactly one of them.
  if (/^\s*(?:(?:Planning|Execution) [Tt]ime: [\d.]+ ms|Total runtime: [\d.]+ ms|Planning:|JIT:)$/.test(t))
    return true
  // JSON lines start with a bracket, a key or a string element (often after psql's one-space pad).
  if (/^\s*[[\]{}"]/.test(t)) return true
  return false
}

/**
 * psql's `\pset format wrapped` marks a cell line it wrapped with `.` (ascii) or `…` (unicode) in the
 * right pad and its continuation with the same mark in the left pad, inside a border 2 frame too.
 */
const joinPsqlWrapped = (lines: Line[]): Line[] => {
  // Only under psql's own rule (dashes, or a border 2 `+---+`), with the marked lines exactly as wide:
  // a terminal's wrap of a plan also puts `.` at line ends and starts (`2893.` / `.95`).
  const at = lines.findIndex((l) => /^(?:[-─]{3,}|[+┌├][-─+┬┼]{3,}[+┐┤])$/.test(l.text.trimEnd()))
  const rule = lines[at]?.text.trimEnd()
  const after = lines[at + 1]?.text ?? ''
  if (rule === undefined || /^[-─+┌├]{3,}/.test(after)) return lines
  const END = /[.…]([|│║┃]?)$/
  const START = /^([|│║┃]?)[.…]/
  const out: Line[] = []
  // The physical line before this one: a line wrapped twice continues a continuation.
  let prev = ''
  for (const l of lines) {
    const last = out[out.length - 1]
    const t = l.text.trimEnd()
    if (last && prev.length === rule.length && END.test(prev) && START.test(t))
      last.text = last.text.trimEnd().replace(END, '') + t.replace(START, '')
    else out.push({ ...l })
    prev = t
  }
  return out
}

/**
 * Join wrapped lines: a line no plan starts with, after a line that was full. A terminal hard-wraps at its
 * width (the previous line is exactly that wide, the break falls anywhere); an e-mail client breaks at the
 * last space that fits (the previous line plus the next word would not fit, and the space is lost).
 */
const MIN_WORD_WRAP = 60

const joinWraps = (lines: Line[], asWords: boolean): { lines: Line[]; kind: WrapKind | null } => {
  let width = 0
  for (const l of lines) width = Math.max(width, l.text.trimEnd().length)
  if (width < 40) return { lines, kind: null }
  const firstWord = (t: string): number => /^\S*/.exec(t)?.[0].length ?? 0
  const indent = (t: string): number => t.length - t.trimStart().length
  // The cheap tests first: most lines follow a line that was not full.
  const wraps = (prev: string, next: string, logical: string): WrapKind | null => {
    const p = prev.trimEnd()
    // E-mail clients wrap at 72 to 80 columns; narrower text is no word-wrapped plan.
    const kind: WrapKind | null =
      prev.length === width
        ? 'hard'
        : width >= MIN_WORD_WRAP &&
            p.length > 0 &&
            !/^\s/.test(next) &&
            p.length + 1 + firstWord(next) > width
          ? 'word'
          : null
    return kind && !legitStart(next, indent(logical)) ? kind : null
  }
  const groups: Line[][] = []
  const kinds = new Set<WrapKind>()
  for (const l of lines) {
    const group = groups[groups.length - 1]
    const prev = group?.[group.length - 1]
    const kind = group && prev ? wraps(prev.text, l.text, group[0]?.text ?? '') : null
    // A logical line of more than 200 terminal rows is not a wrapped plan line but junk of equal widths.
    if (group && kind && group.length <= 200) {
      group.push(l)
      kinds.add(kind)
    } else groups.push([l])
  }
  if (kinds.size === 0) return { lines, kind: null }
  // One kind per input (a copy is wrapped by one program). Lines that all end at the full width may
  // still be word-wrapped: the caller can ask for that reading.
  const word = asWords || kinds.has('word')
  const out = groups.map((g) => ({
    text: g.map((l) => (word ? l.text.trimEnd() : l.text)).join(word ? ' ' : ''),
    n: g[0]?.n ?? 0
  }))
  return { lines: out, kind: word ? 'word' : 'hard' }
}

/**
 * Leading tabs (an editor converted the indentation) become spaces. The tab width is the one under which
 * the lines fall on EXPLAIN's grid: what follows a `->  ` line sits 6 columns right of the arrow, or left of it.
 */
const expandTabs = (lines: Line[]): Line[] => {
  if (!lines.some((l) => /^ *\t/.test(l.text))) return lines
  const expand = (t: string, size: number): string => {
    const lead = /^[ \t]*/.exec(t)?.[0] ?? ''
    let col = 0
    for (const c of lead) col = c === '\t' ? (Math.floor(col / size) + 1) * size : col + 1
    return ' '.repeat(col) + t.slice(lead.length)
  }
  // Under the right width each `->  ` line is followed by its own lines 6 columns right of the arrow,
  // or by a line of a node above it (at or left of the arrow).
  const onGrid = (size: number): number => {
    const cols = lines
      .map((l) => expand(l.text, size))
      .filter((t) => t.trim() !== '')
      .map((t) => ({ col: t.length - t.trimStart().length, arrow: /^\s*->/.test(t) }))
    let fits = 0
    cols.forEach((c, i) => {
      const next = cols[i + 1]
      if (c.arrow && next && (next.col <= c.col || next.col === c.col + 6)) fits++
    })
    return fits
  }
  // Ties go to the wider tab: 8 columns is what terminals and psql assume.
  const size = [8, 4, 2].reduce((best, s) => (onGrid(s) > onGrid(best) ? s : best))
  return lines.map((l) => ({ text: expand(l.text, size), n: l.n }))
}

const unquoteCsv = (s: string): string => s.replaceAll('""', '"')

/** pgAdmin / CSV: every line quoted, or the whole (JSON) cell quoted once with inner quotes doubled. */
/** `cutInLast`: the last line's quote was left open, so the copy stops inside that line. */
const unquote = (lines: Line[]): { lines: Line[]; cutInLast: boolean } => {
  const done = (out: Line[], cutInLast = false): { lines: Line[]; cutInLast: boolean } => ({
    lines: out,
    cutInLast
  })
  const body = lines.filter((l) => l.text.trim() !== '')
  const first = body[0]
  const last = body[body.length - 1]
  if (!first || !last) return done(lines)
  // Every line in single quotes (a string literal per line, as some tools and chat clients copy it).
  if (body.length > 0 && body.every((l) => /^\s*'.*'\s*$/.test(l.text) && l.text.trim().length >= 2))
    return done(lines.map((l) => (l.text.trim() === '' ? l : { text: l.text.trim().slice(1, -1), n: l.n })))
  const closed = (l: Line): boolean => /^\s*".*"\s*$/.test(l.text) && l.text.trim().length >= 2
  // A copy cut inside its last line leaves that line's quote open.
  const openLast = !closed(last) && last.text.trimStart().startsWith('"')
  const perLine = body.length > 1 && body.slice(0, -1).every(closed) && (openLast || closed(last))
  if (perLine) {
    const out = lines.map((l) => {
      const t = l.text.trim()
      if (t === '') return l
      return { text: unquoteCsv(l === last && openLast ? t.slice(1) : t.slice(1, -1)), n: l.n }
    })
    return done(out, openLast)
  }
  const ft = first.text.trimStart()
  const lt = last.text.trimEnd()
  if (ft.startsWith('"') && lt.endsWith('"') && (ft.startsWith('"[') || ft.startsWith('"{') || ft === '"')) {
    return done(
      lines.map((l) => {
        let t = l.text
        if (l === first) t = t.trimStart().slice(1)
        if (l === last) t = t.trimEnd().slice(0, -1)
        return { text: unquoteCsv(t), n: l.n }
      })
    )
  }
  // A stray closing quote after the last line (the end of a quoted cell whose start was not copied).
  const quotes = (lt.match(/"/g) ?? []).length
  if (lt.endsWith('"') && !ft.startsWith('"') && quotes % 2 === 1)
    return done(lines.map((l) => (l === last ? { text: lt.slice(0, -1), n: l.n } : l)))
  return done(lines)
}

/** `\pset border 2`, unicode boxes and DBeaver grids: drop rule lines, strip the side bars. */
const unframe = (lines: Line[]): Line[] => {
  const content = lines.filter((l) => l.text.trim() !== '' && !FOOTER.test(l.text))
  const framed = content.filter(
    (l) => FRAME_START.test(l.text.trimStart()) || (RULE_LINE.test(l.text) && HAS_RULE_CHARS.test(l.text))
  )
  if (content.length > 1 && framed.length / content.length < 0.6) {
    // DBeaver's advanced copy closes each cell with a trailing `|` (no leading one) under a `---+` rule.
    const barred = content.filter((l) => /\|$/.test(l.text) || /^-{3,}\+$/.test(l.text.trim()))
    if (barred.length === content.length && content.some((l) => /^-{3,}\+$/.test(l.text.trim())))
      return lines
        .filter((l) => !/^-{3,}\+$/.test(l.text.trim()))
        .map((l) => ({ text: l.text.replace(/\s*\|$/, ''), n: l.n }))
  }
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

export const unwrap = (input: string, wrapsAsWords = false): Unwrapped => {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  let lines: Line[] = text.split(/\r\n|\r|\n/).map((t, i) => ({ text: t, n: i + 1 }))
  lines = expandTabs(lines)
  lines = joinPsqlWrapped(lines)
  const joined = joinWraps(lines, wrapsAsWords)
  lines = joined.lines
  lines = lines.map((l) => ({ text: l.text.trimEnd(), n: l.n }))
  const unquoted = unquote(lines)
  lines = unquoted.lines
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
  // Comment lines after the plan (`-- slow since Tuesday`) are the sender's notes, not plan lines.
  while (lines.length > 0 && /^\s*(?:--(?:\s|$)|$)/.test(lines[lines.length - 1]?.text ?? '')) lines.pop()
  while (lines.length > 0 && (lines[0]?.text.trim() ?? '') === '') lines.shift()

  const format: 'json' | 'text' = lines[0] && startsJson(lines[0].text) ? 'json' : 'text'
  // psql marks the lines of a multi-line cell with a trailing `+` (ascii) or `↵` (unicode).
  const marked = lines.filter((l) => /(?:\s\+|↵)$/.test(l.text)).length
  if (marked > 0 && (format === 'json' || marked >= (lines.length - 1) / 2)) {
    // JSON never ends a line with `+`; psql glues the mark to a line that fills the column.
    const mark = format === 'json' ? /\s*[+↵]$/ : /(?:\s+\+|\s*↵)$/
    lines = lines.map((l) => ({ text: l.text.replace(mark, '').trimEnd(), n: l.n }))
  }
  // psql pads the cell with one space (border 1/2), a paste may indent it all: dedent by the smallest
  // indentation (not the first line's: that is the one a selection loses or an editor indents).
  // In text, the root's own lines sit 2 columns right of it and the plan-level lines at it.
  const lead = (t: string): number => /^ */.exec(t)?.[0].length ?? 0
  let pad = Infinity
  lines.forEach((l, i) => {
    if (l.text.trim() === '') return
    const own = format === 'json' || i === 0 || PLAN_LEVEL_START.test(l.text.trimStart())
    pad = Math.min(pad, lead(l.text) - (own ? 0 : 2))
  })
  pad = Math.max(0, pad === Infinity ? 0 : pad)
  if (pad > 0) {
    lines = lines.map((l) => {
      const lead = /^ */.exec(l.text)?.[0].length ?? 0
      return { text: l.text.slice(Math.min(pad, lead)), n: l.n }
    })
  }
  return {
    format,
    lines,
    footerRows,
    footerLine,
    header: header >= 0,
    psqlHeader,
    wraps: joined.kind,
    cutInLast: unquoted.cutInLast
  }
}
