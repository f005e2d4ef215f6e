/**
 * Index candidates read from one statement's plan (EXPLAIN (FORMAT JSON, VERBOSE), so every column in a
 * condition carries its relation's alias): the filters of sequential scans, the join keys on the
 * sequentially scanned side of a join, and the sort keys above a sequential scan. Pure: the live part
 * (engines/postgres/index-advisor) plans the statements and proves each candidate with hypopg.
 *
 * Column order follows the B-tree rule: equality columns first, then one range or sort column, since an
 * index can only seek on its leading equality columns and range-scan the next one.
 */

export interface IndexCandidate {
  schema: string
  table: string
  columns: string[]
  /** Why: 'filter', 'join', 'sort' (several when candidates from one table merge). */
  reasons: string[]
  /** The plan's estimate of rows that survive the filter. */
  keptRows: number | null
}

/** The parts of a JSON plan node this module reads. */
interface RawNode {
  'Node Type'?: unknown
  'Relation Name'?: unknown
  Schema?: unknown
  Alias?: unknown
  Filter?: unknown
  'Hash Cond'?: unknown
  'Merge Cond'?: unknown
  'Join Filter'?: unknown
  'Sort Key'?: unknown
  'Plan Rows'?: unknown
  'Total Cost'?: unknown
  'Index Name'?: unknown
  Plans?: unknown
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const children = (n: RawNode): RawNode[] =>
  Array.isArray(n.Plans) ? n.Plans.filter((c): c is RawNode => typeof c === 'object' && c !== null) : []

/** The root node of `EXPLAIN (FORMAT JSON)` output: `[{"Plan": {...}}]`, or null when it is not one. */
export const planRoot = (json: unknown): RawNode | null => {
  const first: unknown = Array.isArray(json) ? json[0] : json
  const plan = (first as { Plan?: unknown } | null)?.Plan
  return typeof plan === 'object' && plan !== null ? (plan as RawNode) : null
}

export const walk = (node: RawNode, visit: (n: RawNode) => void): void => {
  visit(node)
  for (const c of children(node)) walk(c, visit)
}

/** The root's total cost: what the planner expects the whole statement to cost. */
export const planCost = (json: unknown): number | null => num(planRoot(json)?.['Total Cost'])

/** Every index name the plan uses (hypopg's hypothetical ones look like `<13556>btree_t_b`). */
export const indexesUsed = (json: unknown): string[] => {
  const root = planRoot(json)
  const out: string[] = []
  if (root)
    walk(root, (n) => {
      const name = str(n['Index Name'])
      if (name) out.push(name)
    })
  return out
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`
const unquote = (ident: string): string =>
  ident.startsWith('"') ? ident.slice(1, -1).replaceAll('""', '"') : ident.toLowerCase()
/** `alias.column`, possibly in parentheses and cast: `((o.status)::text`. */
const COLUMN_REF = new RegExp(String.raw`^\(*(${IDENT})\.(${IDENT})\)*(?:::[\w ."\[\]]+)?$`)

/** Operators a B-tree serves; `= ANY (array)` is an equality too. */
const EQUALITY = new Set(['=', '= ANY'])
const RANGE = new Set(['<', '>', '<=', '>='])
const OPERATOR = /\s(= ANY|<=|>=|<>|=|<|>|~~\*?|!~~\*?)\s/

/** Strips parentheses that wrap the whole expression. */
const unwrap = (expr: string): string => {
  let s = expr.trim()
  while (s.startsWith('(') && s.endsWith(')') && closingOf(s, 0) === s.length - 1) s = s.slice(1, -1).trim()
  return s
}

/** Index of the parenthesis closing the one at `open`, skipping quoted text. */
const closingOf = (s: string, open: number): number => {
  let depth = 0
  let quote: string | null = null
  for (let i = open; i < s.length; i++) {
    const ch = s[i]
    if (quote) {
      if (ch === quote) quote = null
      continue
    }
    if (ch === "'" || ch === '"') quote = ch
    else if (ch === '(') depth++
    else if (ch === ')' && --depth === 0) return i
  }
  return -1
}

/** The top-level AND terms of a condition (an OR stays one term, and is not indexable as a whole). */
export const conjuncts = (cond: string): string[] => {
  const s = unwrap(cond)
  const out: string[] = []
  let depth = 0
  let quote: string | null = null
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]
    if (quote) {
      if (ch === quote) quote = null
      continue
    }
    if (ch === "'" || ch === '"') quote = ch
    else if (ch === '(') depth++
    else if (ch === ')') depth--
    else if (depth === 0 && s.startsWith(' AND ', i)) {
      out.push(unwrap(s.slice(start, i)))
      start = i + 5
    }
  }
  out.push(unwrap(s.slice(start)))
  return out.filter((t) => t.length > 0)
}

export interface ColumnTerm {
  alias: string
  column: string
  kind: 'equality' | 'range'
  /** The other side of the operator, as the plan prints it. */
  other: string
}

/** One term `alias.col OP expr` (either way round) whose operator a B-tree can use, else null. */
export const columnTerm = (term: string): ColumnTerm | null => {
  const nullTest = /^(.*) IS NULL$/.exec(term)
  if (nullTest?.[1]) {
    const ref = COLUMN_REF.exec(nullTest[1].trim())
    return ref?.[1] && ref[2]
      ? { alias: unquote(ref[1]), column: unquote(ref[2]), kind: 'equality', other: 'NULL' }
      : null
  }
  const op = OPERATOR.exec(term)
  if (!op?.[1]) return null
  const operator = op[1]
  const kind = EQUALITY.has(operator) ? 'equality' : RANGE.has(operator) ? 'range' : null
  if (!kind) return null
  const left = term.slice(0, op.index).trim()
  const right = term.slice(op.index + op[0].length).trim()
  const l = COLUMN_REF.exec(left)
  if (l?.[1] && l[2]) return { alias: unquote(l[1]), column: unquote(l[2]), kind, other: right }
  // `$1 < o.total` as the planner may print a commuted comparison; ANY only has the column on the left.
  const r = operator === '= ANY' ? null : COLUMN_REF.exec(right)
  if (r?.[1] && r[2]) return { alias: unquote(r[1]), column: unquote(r[2]), kind, other: left }
  return null
}

/** `o.created_at DESC` -> the column when it is a plain column of `alias`. */
const sortColumn = (key: string, alias: string): string | null => {
  const ref = COLUMN_REF.exec(key.replace(/\s+(?:DESC|ASC|NULLS FIRST|NULLS LAST|USING \S+)+$/i, '').trim())
  return ref?.[1] && ref[2] && unquote(ref[1]) === alias ? unquote(ref[2]) : null
}

interface Scan {
  schema: string
  table: string
  alias: string
  filter: ColumnTerm[]
  keptRows: number | null
}

const SEQ_SCAN = 'Seq Scan'

/** The sequential scans of a subtree, with their filter terms on their own columns. */
const seqScans = (node: RawNode): Scan[] => {
  const out: Scan[] = []
  walk(node, (n) => {
    const table = str(n['Relation Name'])
    if (str(n['Node Type']) !== SEQ_SCAN || !table) return
    const alias = str(n.Alias) ?? table
    const filter = str(n.Filter)
    const terms = (filter ? conjuncts(filter) : [])
      .map(columnTerm)
      // The other side must not read this relation again (`a.x = a.y` cannot seek).
      .filter((t): t is ColumnTerm => t !== null && t.alias === alias && !t.other.includes(`${alias}.`))
    out.push({
      schema: str(n.Schema) ?? 'public',
      table,
      alias,
      filter: terms,
      keptRows: num(n['Plan Rows'])
    })
  })
  return out
}

/** Equality columns first (in the filter's order), then the first range column, without repeats. */
const orderColumns = (equalities: string[], tail: string[]): string[] => [
  ...new Set([...equalities, ...tail.slice(0, 1)])
]

const candidateOf = (scan: Scan, reason: string, tail: string[]): IndexCandidate | null => {
  const equalities = scan.filter.filter((t) => t.kind === 'equality').map((t) => t.column)
  const columns = orderColumns(equalities, tail)
  return columns.length
    ? {
        schema: scan.schema,
        table: scan.table,
        columns,
        reasons: [reason],
        keptRows: scan.keptRows
      }
    : null
}

/** Candidates from one plan, merged per table and column list. */
export const planCandidates = (json: unknown): IndexCandidate[] => {
  const root = planRoot(json)
  if (!root) return []
  const found: IndexCandidate[] = []
  const add = (c: IndexCandidate | null) => {
    if (c) found.push(c)
  }
  walk(root, (n) => {
    const type = str(n['Node Type'])
    if (type === SEQ_SCAN) {
      const [scan] = seqScans(n)
      if (!scan) return
      const ranges = scan.filter.filter((t) => t.kind === 'range').map((t) => t.column)
      if (scan.filter.length) add(candidateOf(scan, 'filter', ranges))
      return
    }
    if (type === 'Sort' || type === 'Incremental Sort') {
      // A sort directly over one relation's scan: an index in that order makes the sort unnecessary.
      const scans = seqScans(n)
      const keys = Array.isArray(n['Sort Key']) ? n['Sort Key'].map(str) : []
      const [scan] = scans
      if (scans.length !== 1 || !scan) return
      const columns = keys.map((k) => (k ? sortColumn(k, scan.alias) : null))
      if (columns.length && columns.every((c): c is string => c !== null)) {
        const equalities = scan.filter.filter((t) => t.kind === 'equality').map((t) => t.column)
        add({
          schema: scan.schema,
          table: scan.table,
          columns: [...new Set([...equalities, ...columns])],
          reasons: ['sort'],
          keptRows: scan.keptRows
        })
      }
      return
    }
    const cond = str(n['Hash Cond']) ?? str(n['Merge Cond']) ?? str(n['Join Filter'])
    if (!cond) return
    // Join keys: the side read by a sequential scan could be probed per outer row through an index.
    const scans = seqScans(n)
    for (const term of conjuncts(cond).map(columnTerm)) {
      if (term?.kind !== 'equality') continue
      const otherRef = COLUMN_REF.exec(term.other)
      const sides = [
        { alias: term.alias, column: term.column },
        ...(otherRef?.[1] && otherRef[2]
          ? [{ alias: unquote(otherRef[1]), column: unquote(otherRef[2]) }]
          : [])
      ]
      for (const side of sides) {
        const scan = scans.find((s) => s.alias === side.alias)
        if (scan) add(candidateOf(scan, 'join', [side.column]))
      }
    }
  })
  return mergeCandidates(found)
}

const keyOf = (c: Pick<IndexCandidate, 'schema' | 'table' | 'columns'>): string =>
  JSON.stringify([c.schema, c.table, c.columns])

/** One candidate per table and column list; reasons accumulate. */
export const mergeCandidates = (candidates: IndexCandidate[]): IndexCandidate[] => {
  const byKey = new Map<string, IndexCandidate>()
  for (const c of candidates) {
    const key = keyOf(c)
    const seen = byKey.get(key)
    if (seen) seen.reasons = [...new Set([...seen.reasons, ...c.reasons])]
    else byKey.set(key, { ...c, reasons: [...c.reasons] })
  }
  return [...byKey.values()]
}

export const candidateKey = keyOf
