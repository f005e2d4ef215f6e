/**
 * EXPLAIN (FORMAT TEXT) -> PlanDocument, 9.x to 18. The tree comes from indentation: a node's label
 * starts at its "content column" (0 for the root, the arrow's column + 4 for `->  ` children); its
 * property lines and its children's arrows sit deeper. Lines at the root's column after the tree are
 * plan-level (Planning/Execution Time, Trigger, JIT, Settings...). Labels map to JSON node types
 * (explain.c ExplainNode) so text and JSON twins give the same tree.
 */
import { parseFailure, parsed, type ParseResult } from '../parse-result'
import {
  emptyBuffers,
  emptyNode,
  emptyWorker,
  type PlanBuffers,
  type PlanDocument,
  type PlanNode,
  type PlanTrigger,
  type PlanWorker
} from './types'
import { NODE_WORD, type Line } from './unwrap'

const IDENT = String.raw`(?:"(?:[^"]|"")*"|[^\s"]+)`
const unquoteIdent = (s: string): string =>
  s.startsWith('"') && s.endsWith('"') && s.length >= 2 ? s.slice(1, -1).replaceAll('""', '"') : s

/** `schema.rel` (VERBOSE) or `rel`, each part possibly quoted. */
const splitQualified = (s: string): { schema: string | null; name: string } => {
  const m = new RegExp(`^(${IDENT})\\.(${IDENT})$`).exec(s)
  if (m && m[1] !== undefined && m[2] !== undefined)
    return { schema: unquoteIdent(m[1]), name: unquoteIdent(m[2]) }
  return { schema: null, name: unquoteIdent(s) }
}

const USING_RE = new RegExp(
  `^(.+?)( Backward)? using (${IDENT}) on (${IDENT}(?:\\.${IDENT})?)(?: (${IDENT}))?$`
)
const ON_RE = new RegExp(`^(.+?) on (${IDENT}(?:\\.${IDENT})?)(?: (${IDENT}))?$`)
const BARE_ALIAS_RE = new RegExp(
  `^(Subquery Scan|CTE Scan|WorkTable Scan|Function Scan|Table Function Scan|Values Scan|Named Tuplestore Scan) (${IDENT}(?: ${IDENT})?)$`
)
const JOIN_RE = /^(Nested Loop|Hash|Merge)(?: (Left|Right|Full|Semi|Anti|Right Semi|Right Anti))?(?: Join)?$/
const AGG_STRATEGY: Record<string, string> = {
  Aggregate: 'Plain',
  GroupAggregate: 'Sorted',
  HashAggregate: 'Hashed',
  MixedAggregate: 'Mixed'
}
const MODIFY = new Set(['Insert', 'Update', 'Delete', 'Merge'])

/** Node label -> JSON node type and the fields the label carries. */
export const parseLabel = (label: string): PlanNode => {
  const n = emptyNode(label, label)
  let rest = label
  let prefix = ''
  if (rest.startsWith('Parallel ')) {
    prefix += 'Parallel '
    n.parallelAware = true
    rest = rest.slice(9)
  }
  if (rest.startsWith('Async ')) {
    prefix += 'Async '
    n.asyncCapable = true
    rest = rest.slice(6)
  }
  const using = USING_RE.exec(rest)
  // Old servers and some clients print the alias straight after the type: `Subquery Scan foo`.
  const bare = using || ON_RE.test(rest) ? null : BARE_ALIAS_RE.exec(rest)
  const on = using ? null : ON_RE.exec(bare ? `${bare[1] ?? ''} on ${bare[2] ?? ''}` : rest)
  let name = rest
  if (using) {
    name = using[1] ?? rest
    n.indexName = unquoteIdent(using[3] ?? '')
    const q = splitQualified(using[4] ?? '')
    n.relation = q.name
    n.schema = q.schema
    n.alias = using[5] !== undefined ? unquoteIdent(using[5]) : q.name
  } else if (on) {
    name = on[1] ?? rest
    const q = splitQualified(on[2] ?? '')
    const alias = on[3] !== undefined ? unquoteIdent(on[3]) : q.name
    if (name === 'Bitmap Index Scan') n.indexName = q.name
    else if (name === 'CTE Scan' || name === 'WorkTable Scan') {
      n.cteName = q.name
      n.alias = alias
    } else if (name === 'Function Scan') {
      n.functionName = q.name
      n.schema = q.schema
      n.alias = alias
    } else if (
      ['Subquery Scan', 'Values Scan', 'Table Function Scan', 'Named Tuplestore Scan', 'Result'].includes(
        name
      )
    ) {
      n.alias = q.name
    } else {
      n.relation = q.name
      n.schema = q.schema
      n.alias = alias
    }
  }
  // The label without its object, as the JSON side rebuilds it ("Parallel Seq Scan").
  n.label = `${prefix}${name}`
  const agg = /^(?:(Partial|Finalize) )?(Aggregate|GroupAggregate|HashAggregate|MixedAggregate)$/.exec(name)
  const join = JOIN_RE.exec(name)
  const setop = /^(HashSetOp|SetOp) (.+)$/.exec(name)
  if (agg) {
    n.nodeType = 'Aggregate'
    n.strategy = AGG_STRATEGY[agg[2] ?? ''] ?? null
    n.partialMode = agg[1] ?? null
  } else if (join && name !== 'Hash' && name !== 'Merge') {
    n.nodeType = join[1] === 'Nested Loop' ? 'Nested Loop' : `${join[1] ?? ''} Join`
    n.joinType = join[2] ?? 'Inner'
  } else if (setop) {
    n.nodeType = 'SetOp'
    n.strategy = setop[1] === 'HashSetOp' ? 'Hashed' : 'Sorted'
  } else if (MODIFY.has(name) || /^Foreign (?:Insert|Update|Delete)$/.test(name)) {
    n.nodeType = 'ModifyTable'
    n.operation = name.replace('Foreign ', '')
  } else if (name.startsWith('Custom Scan (')) {
    n.nodeType = 'Custom Scan'
  } else {
    n.nodeType = name.replace(/ Backward$/, '')
  }
  return n
}

const num = (s: string | undefined): number | null => {
  if (s === undefined) return null
  const v = Number(s)
  return Number.isFinite(v) ? v : null
}

const COST_RE = /^\(cost=(-?[\d.]+)\.\.(-?[\d.]+) rows=([\d.]+) width=(\d+)\)/
const ACTUAL_RE = /^\(actual (?:time=([\d.]+)\.\.([\d.]+) )?rows=([\d.]+) loops=([\d.]+)\)/

/** "Seq Scan on t  (cost=...) (actual ...)" -> node; null when the tail is unreadable (cut off). */
const parseNodeLine = (text: string): PlanNode | null => {
  const positions = [
    text.indexOf(' (cost='),
    text.indexOf(' (actual '),
    text.indexOf(' (never executed)')
  ].filter((i) => i >= 0)
  const cut = positions.length > 0 ? Math.min(...positions) : -1
  const label = (cut >= 0 ? text.slice(0, cut) : text).trim()
  // Labels never hold two spaces or an unclosed parenthesis: that is a line cut inside "(cost=...".
  if (
    label === '' ||
    label.includes('  ') ||
    (label.match(/\(/g)?.length ?? 0) !== (label.match(/\)/g)?.length ?? 0)
  )
    return null
  if (!NODE_WORD.test(label)) return null
  const n = parseLabel(label)
  let tail = cut >= 0 ? text.slice(cut).trim() : ''
  const cost = COST_RE.exec(tail)
  if (cost) {
    n.startupCost = num(cost[1])
    n.totalCost = num(cost[2])
    n.planRows = num(cost[3])
    n.planWidth = num(cost[4])
    tail = tail.slice(cost[0].length).trim()
  }
  const actual = ACTUAL_RE.exec(tail)
  if (actual) {
    n.actualStartupMs = num(actual[1])
    n.actualTotalMs = num(actual[2])
    n.actualRows = num(actual[3])
    n.actualLoops = num(actual[4])
    tail = tail.slice(actual[0].length).trim()
  } else if (tail.startsWith('(never executed)')) {
    n.neverExecuted = true
    n.actualLoops = 0
    n.actualRows = 0
    n.actualStartupMs = 0
    n.actualTotalMs = 0
    tail = tail.slice('(never executed)'.length).trim()
  }
  return tail === '' ? n : null
}

/** "shared hit=1 read=2, local ..., temp read=3 written=4" */
const parseBuffers = (value: string): PlanBuffers => {
  const b = emptyBuffers()
  for (const part of value.split(',')) {
    const scope = /^\s*(shared|local|temp)\b/.exec(part)?.[1]
    if (!scope) continue
    for (const m of part.matchAll(/(hit|read|dirtied|written)=(\d+)/g)) {
      const key =
        `${scope}${(m[1] ?? '').charAt(0).toUpperCase()}${(m[1] ?? '').slice(1)}` as keyof PlanBuffers
      if (key in b) b[key] = Number(m[2])
    }
  }
  return b
}

const sumMatches = (value: string, re: RegExp): number => {
  let total = 0
  for (const m of value.matchAll(re)) total += Number(m[1])
  return total
}

const kb = (s: string | undefined): number | null => num(/^(-?[\d.]+)kB$/.exec(s?.trim() ?? '')?.[1])

/** Several "Key: value" pairs on one line, separated by two spaces; old "Sort Method:  external sort". */
const segments = (text: string): [string, string][] => {
  const out: [string, string][] = []
  for (const seg of text.split(/ {2,}/)) {
    const i = seg.indexOf(': ')
    const last = out[out.length - 1]
    if (seg.endsWith(':') && i < 0) out.push([seg.slice(0, -1), ''])
    else if (i < 0 && last) last[1] = `${last[1]} ${seg}`.trim()
    else if (i >= 0) out.push([seg.slice(0, i), seg.slice(i + 2)])
  }
  return out
}

const MULTI =
  /^(?:Sort Method|Buckets|Batches|Planned Partitions|Hits|Full-sort Groups|Pre-sorted Groups|Storage|Worker \d+)$/

interface Sink {
  node: PlanNode
  worker: PlanWorker | null
}

/** One property line of a node (or of one of its workers). */
const applyProperty = (sink: Sink, key: string, value: string): void => {
  const n = sink.node
  const w = sink.worker
  switch (key) {
    case 'Filter':
      n.filter = value
      return
    case 'Index Cond':
      n.indexCond = value
      return
    case 'Recheck Cond':
      n.recheckCond = value
      return
    case 'Join Filter':
      n.joinFilter = value
      return
    case 'Hash Cond':
      n.hashCond = value
      return
    case 'Merge Cond':
      n.mergeCond = value
      return
    case 'Rows Removed by Filter':
      n.rowsRemovedByFilter = num(value)
      return
    case 'Rows Removed by Join Filter':
      n.rowsRemovedByJoinFilter = num(value)
      return
    case 'Rows Removed by Index Recheck':
      n.rowsRemovedByIndexRecheck = num(value)
      return
    case 'Heap Fetches':
      n.heapFetches = num(value)
      return
    case 'Heap Blocks':
      n.exactHeapBlocks = num(/exact=(\d+)/.exec(value)?.[1]) ?? 0
      n.lossyHeapBlocks = num(/lossy=(\d+)/.exec(value)?.[1]) ?? 0
      return
    case 'Sort Method': {
      // "external merge  Disk: 8056kB" arrives split: the method here, Disk/Memory as their own keys.
      if (w) return
      n.sortMethod = value.trim()
      return
    }
    case 'Disk':
    case 'Memory':
      if (w) {
        w.sortSpaceType = key
        w.sortSpaceKb = kb(value)
      } else {
        n.sortSpaceType = key
        n.sortSpaceKb = kb(value)
      }
      return
    case 'Average Disk':
    case 'Peak Disk':
      // Incremental Sort groups that went to disk.
      n.sortSpaceType = 'Disk'
      n.sortSpaceKb = Math.max(n.sortSpaceKb ?? 0, kb(value) ?? 0)
      return
    case 'Buckets':
      n.hashBuckets = num(/^(\d+)/.exec(value)?.[1])
      return
    case 'Batches': {
      const batches = num(/^(\d+)/.exec(value)?.[1])
      if (n.nodeType === 'Hash') {
        n.hashBatches = batches
        n.originalHashBatches = num(/originally (\d+)/.exec(value)?.[1]) ?? batches
      } else if (!w) n.hashAggBatches = batches
      return
    }
    case 'Memory Usage':
      if (!w) n.peakMemoryKb = kb(value)
      return
    case 'Disk Usage':
      if (w) w.diskUsageKb = kb(value)
      else n.diskUsageKb = kb(value)
      return
    case 'Storage':
      // PG 18: "Storage: Disk  Maximum Storage: 4096kB" (Material, CTE Scan, WindowAgg...).
      if (!w) n.storageType = value.trim()
      return
    case 'Maximum Storage':
      if (!w) n.maxStorageKb = kb(value.replace(/\s+kB$/, 'kB'))
      return
    case 'Planned Partitions':
      n.plannedPartitions = num(value)
      return
    case 'Workers Planned':
      n.workersPlanned = num(value)
      return
    case 'Workers Launched':
      n.workersLaunched = num(value)
      return
    case 'Hits':
      n.cacheHits = num(value)
      return
    case 'Misses':
      n.cacheMisses = num(value)
      return
    case 'Buffers': {
      if (w) return
      const b = parseBuffers(value)
      n.buffers = Object.values(b).some((v) => v !== 0) ? b : null
      return
    }
    case 'I/O Timings':
      if (w) return
      n.ioReadMs = sumMatches(value, /read=([\d.]+)/g)
      n.ioWriteMs = sumMatches(value, /write=([\d.]+)/g)
      return
    case 'WAL': {
      if (w) return
      n.wal = {
        records: num(/records=(\d+)/.exec(value)?.[1]) ?? 0,
        fpi: num(/fpi=(\d+)/.exec(value)?.[1]) ?? 0,
        bytes: num(/bytes=(\d+)/.exec(value)?.[1]) ?? 0
      }
      return
    }
    case 'Disabled':
      n.disabled = value.trim() === 'true'
      return
    case 'Timing':
      // A worker's own JIT block (VERBOSE).
      if (w) w.jitMs = num(/Total ([\d.]+) ms/.exec(value)?.[1])
      return
    default:
      return
  }
}

// "Trigger name for constraint c on rel: time=1.2 calls=3"; name (non-VERBOSE FK) and parts are optional.
const TRIGGER_RE =
  /^Trigger(?: (?!for constraint )(.+?))?(?: for constraint (.+?))?(?: on (.+?))?: time=([\d.]+) calls=(\d+)$/

const indentOf = (t: string): number => t.length - t.trimStart().length

interface Frame {
  node: PlanNode
  /** Column where the node's label starts. */
  col: number
}

const LABEL_RE = /^(?:InitPlan \d+.*|SubPlan \d+.*|CTE .+)$/
const REQUIRED_CHILDREN: Record<string, number> = {
  'Hash Join': 2,
  'Merge Join': 2,
  'Nested Loop': 2,
  'Recursive Union': 2,
  BitmapAnd: 2,
  BitmapOr: 2,
  Hash: 1,
  Sort: 1,
  'Incremental Sort': 1,
  Limit: 1,
  Gather: 1,
  'Gather Merge': 1,
  Materialize: 1,
  Memoize: 1,
  Unique: 1,
  LockRows: 1,
  'Bitmap Heap Scan': 1,
  'Subquery Scan': 1,
  WindowAgg: 1,
  Group: 1,
  SetOp: 1,
  ProjectSet: 1,
  Aggregate: 1,
  ModifyTable: 1
}

/** Node types EXPLAIN prints (JSON names): a last line whose label is none of them was cut in its label. */
const KNOWN_NODE_TYPES = new Set([
  'Result',
  'ProjectSet',
  'ModifyTable',
  'Append',
  'Merge Append',
  'Recursive Union',
  'BitmapAnd',
  'BitmapOr',
  'Nested Loop',
  'Merge Join',
  'Hash Join',
  'Seq Scan',
  'Sample Scan',
  'Gather',
  'Gather Merge',
  'Index Scan',
  'Index Only Scan',
  'Bitmap Index Scan',
  'Bitmap Heap Scan',
  'Tid Scan',
  'Tid Range Scan',
  'Subquery Scan',
  'Function Scan',
  'Table Function Scan',
  'Values Scan',
  'CTE Scan',
  'Named Tuplestore Scan',
  'WorkTable Scan',
  'Foreign Scan',
  'Custom Scan',
  'Materialize',
  'Memoize',
  'Sort',
  'Incremental Sort',
  'Group',
  'Aggregate',
  'WindowAgg',
  'Unique',
  'SetOp',
  'LockRows',
  'Limit',
  'Hash'
])

/** Scans that always name their index or relation (`Index Scan using i on t`, `Seq Scan on t`). */
const NAMES_INDEX = new Set(['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'])
const NAMES_RELATION = new Set(['Seq Scan', 'Bitmap Heap Scan', 'Sample Scan', 'Tid Scan', 'Tid Range Scan'])

const labelComplete = (n: PlanNode): boolean =>
  KNOWN_NODE_TYPES.has(n.nodeType) &&
  !(NAMES_INDEX.has(n.nodeType) && n.indexName === null) &&
  !(NAMES_RELATION.has(n.nodeType) && n.relation === null)

const relationshipFor = (parent: PlanNode, index: number): string => {
  if (['Append', 'Merge Append', 'BitmapAnd', 'BitmapOr'].includes(parent.nodeType)) return 'Member'
  if (parent.nodeType === 'Subquery Scan') return 'Subquery'
  return index === 0 ? 'Outer' : 'Inner'
}

/** Lines only the plan level prints: met inside the tree, the copy lost the root's indentation. */
const PLAN_LEVEL =
  /^(?:(?:Planning|Execution) [Tt]ime: [\d.]+ ms$|Total runtime: [\d.]+ ms$|Settings: |Query Identifier: |Planning:$|Serialization: )/
/** A partitioned ModifyTable's per-partition targets (`Update on orders_2024 orders_1`). */
const TARGET_RE = new RegExp(
  `^(?:Foreign )?(?:Insert|Update|Delete|Merge) on ${IDENT}(?:\\.${IDENT})?(?: ${IDENT})?$`
)

/**
 * The root label's column. The first line's own indentation is the one a copy gets wrong (a selection
 * loses it, an editor indents it), so the other lines decide: the root's property and child lines sit 2
 * columns right of it, the plan-level lines (and a JIT block) at it.
 */
const rootColumn = (lines: Line[], firstCol: number): number => {
  let col = Infinity
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i]?.text ?? ''
    const t = text.trim()
    if (t === '') continue
    const c = indentOf(text)
    col = Math.min(col, PLAN_LEVEL.test(t) || TRIGGER_RE.test(t) || t === 'JIT:' ? c : c - 2)
  }
  return col === Infinity ? firstCol : Math.max(0, col)
}

const cutLine = (text: string): string => `the rest of the last line, which is cut ("${text.slice(0, 60)}")`

/**
 * `footerRows`: psql's `(N rows)`; `psqlHeader`: psql's QUERY PLAN header was seen, so a missing footer
 * means the copy stopped early; `cutInLast`: a quoted copy's last quote is open. A whole plan also closes its tree and, under ANALYZE, ends with its
 * Execution Time (Total runtime before 9.4). A part of a plan (cut off, or a subtree copied from its
 * `->`) is read as far as it goes and lists what it lacks in `missing`; only a lone first line that
 * lacks something is refused, since nothing can be judged from it.
 */
export const parseTextPlan = (
  lines: Line[],
  footerRows: number | null,
  psqlHeader = false,
  expectsSummary = true,
  cutInLast = false
): ParseResult<PlanDocument> => {
  const first = lines[0]
  if (!first) return parseFailure('UNRECOGNIZED', 'The input has no plan lines.', null)
  const lastLine = lines[lines.length - 1]?.n ?? null
  const missing: string[] = []
  if (cutInLast) missing.push('the end of the last line, whose closing quote is missing')
  if (psqlHeader && footerRows === null)
    missing.push("psql's (N rows) footer, which psql prints after the plan: the copy stops before it")
  if (footerRows !== null && footerRows > lines.length)
    missing.push(`${footerRows - lines.length} of the ${footerRows} lines psql's (N rows) footer counts`)
  if (footerRows !== null && footerRows < lines.length)
    return parseFailure(
      'MALFORMED',
      `psql's footer says ${footerRows} rows but the copy has ${lines.length} plan lines.`,
      lastLine
    )
  // A subtree copied from its arrow: `->  Hash Join ...`; its label starts 4 columns after the arrow.
  const firstText = first.text.trim()
  const subtree = /^->\s/.test(firstText)
  const root = parseNodeLine(subtree ? firstText.replace(/^->\s*/, '') : firstText)
  if (!root)
    return parseFailure(
      lines.length === 1 ? 'TRUNCATED' : 'MALFORMED',
      `The first line is not a plan node: "${first.text.slice(0, 80)}".`,
      first.n
    )
  if (subtree) missing.push('the plan nodes above this one (the copy starts at a `->` child)')
  const doc: PlanDocument = {
    format: 'text',
    root,
    planningTimeMs: null,
    executionTimeMs: null,
    planningBuffers: null,
    triggers: [],
    jit: null,
    settings: {},
    serializationMs: null,
    queryIdentifier: null,
    missing
  }
  const rootCol = rootColumn(lines, indentOf(first.text) + (subtree ? 4 : 0))
  const stack: Frame[] = [{ node: root, col: rootCol }]
  // The node read from the last line, if it is one, and its parent: its label may be cut.
  let lastLineNode: { node: PlanNode; parent: PlanNode | null } | null =
    lines.length === 1 ? { node: root, parent: null } : null
  let pendingLabel: { name: string; col: number; line: number } | null = null
  let worker: { w: PlanWorker; col: number } | null = null
  let inTree = true
  // Column of the first plan-level line: a block's own lines (Planning: Buffers, JIT: Timing) sit deeper.
  let summaryCol = rootCol
  let block: 'planning' | 'jit' | 'serialization' | null = null

  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]
    if (!line) continue
    const raw = line.text
    if (raw.trim() === '') continue
    const col = indentOf(raw)
    const text = raw.trim()
    const isLast = i === lines.length - 1

    if (inTree && (col <= rootCol || PLAN_LEVEL.test(text) || TRIGGER_RE.test(text))) {
      inTree = false
      summaryCol = col
    }
    if (!inTree) {
      if (col > summaryCol && block) {
        const [key, value] = [
          text.slice(0, Math.max(0, text.indexOf(':'))),
          text.slice(text.indexOf(':') + 1).trim()
        ]
        if (block === 'planning' && key === 'Buffers') doc.planningBuffers = parseBuffers(value)
        if (block === 'jit' && key === 'Functions' && doc.jit) doc.jit.functions = num(value)
        if (block === 'jit' && key === 'Timing' && doc.jit)
          doc.jit.totalMs = num(/Total ([\d.]+) ms/.exec(value)?.[1])
        continue
      }
      block = null
      const time =
        /^(Planning|Execution) [Tt]ime: ([\d.]+) ms$/.exec(text) ??
        /^(Total) runtime: ([\d.]+) ms$/.exec(text)
      const trigger = TRIGGER_RE.exec(text)
      if (time) {
        if (time[1] === 'Planning') doc.planningTimeMs = num(time[2])
        else doc.executionTimeMs = num(time[2])
      } else if (trigger) {
        doc.triggers.push({
          name: trigger[1] ?? '',
          constraint: trigger[2] ?? null,
          relation: trigger[3] ?? null,
          timeMs: num(trigger[4]) ?? 0,
          calls: num(trigger[5]) ?? 0
        } satisfies PlanTrigger)
      } else if (text === 'Planning:') block = 'planning'
      else if (text === 'JIT:') {
        block = 'jit'
        doc.jit = { functions: null, totalMs: null }
      } else if (text.startsWith('Settings: ')) {
        for (const m of text.slice(10).matchAll(/([\w.]+) = '((?:[^']|'')*)'/g))
          doc.settings[m[1] ?? ''] = (m[2] ?? '').replaceAll("''", "'")
      } else if (text.startsWith('Serialization:')) {
        block = 'serialization'
        doc.serializationMs = num(/time=([\d.]+) ms/.exec(text)?.[1])
      } else if (text.startsWith('Query Identifier: ')) doc.queryIdentifier = text.slice(18).trim()
      else if (isLast) missing.push(cutLine(text))
      else
        return parseFailure(
          'MALFORMED',
          `Unexpected line after the plan tree: "${text.slice(0, 80)}".`,
          line.n
        )
      continue
    }

    if (text.startsWith('->')) {
      const node = parseNodeLine(text.replace(/^->\s*/, ''))
      if (!node) {
        if (isLast) {
          missing.push(cutLine(text))
          break
        }
        return parseFailure('MALFORMED', `Cannot read this plan node: "${text.slice(0, 80)}".`, line.n)
      }
      while (stack.length > 1 && (stack[stack.length - 1]?.col ?? 0) >= col) stack.pop()
      const parent = stack[stack.length - 1]
      if (!parent) return parseFailure('MALFORMED', 'A plan node has no parent.', line.n)
      if (pendingLabel && pendingLabel.col < col) {
        node.subplanName = pendingLabel.name
        node.parentRelationship = pendingLabel.name.startsWith('SubPlan') ? 'SubPlan' : 'InitPlan'
      } else {
        node.parentRelationship = relationshipFor(
          parent.node,
          parent.node.children.filter(
            (c) => c.parentRelationship !== 'InitPlan' && c.parentRelationship !== 'SubPlan'
          ).length
        )
      }
      pendingLabel = null
      worker = null
      if (isLast) lastLineNode = { node, parent: parent.node }
      parent.node.children.push(node)
      stack.push({ node, col: col + 4 })
      continue
    }
    while (stack.length > 1 && (stack[stack.length - 1]?.col ?? 0) >= col) stack.pop()
    const owner = stack[stack.length - 1]
    if (!owner) continue
    if (LABEL_RE.test(text)) {
      pendingLabel = { name: text, col, line: line.n }
      worker = null
      continue
    }
    // The JSON form keeps these in "Target Tables"; the scans below name the same partitions.
    if (owner.node.nodeType === 'ModifyTable' && TARGET_RE.test(text)) continue
    if (worker && col <= worker.col) worker = null
    const workerLine = /^Worker (\d+): {0,2}(.*)$/.exec(text)
    if (workerLine) {
      const w = emptyWorker(Number(workerLine[1]))
      owner.node.workers.push(w)
      worker = { w, col }
      const rest = workerLine[2] ?? ''
      const actual =
        /^actual time=([\d.]+)\.\.([\d.]+) rows=([\d.]+) loops=(\d+)/.exec(rest) ??
        /^actual rows=([\d.]+) loops=(\d+)/.exec(rest)
      if (actual) {
        if (actual.length === 5) {
          w.actualTotalMs = num(actual[2])
          w.actualRows = num(actual[3])
          w.loops = num(actual[4])
        } else {
          w.actualRows = num(actual[1])
          w.loops = num(actual[2])
        }
      } else if (rest)
        for (const [k, v] of segments(rest)) applyProperty({ node: owner.node, worker: w }, k, v)
      continue
    }
    const colon = text.indexOf(':')
    if (colon <= 0) {
      if (isLast) {
        missing.push(cutLine(text))
        break
      }
      return parseFailure('MALFORMED', `Cannot read this plan line: "${text.slice(0, 80)}".`, line.n)
    }
    const key = text.slice(0, colon)
    const sink: Sink = { node: owner.node, worker: worker && col > worker.col ? worker.w : null }
    if (key === 'Full-sort Groups' || key === 'Pre-sorted Groups') {
      // Incremental Sort: only a disk figure matters (JSON keeps the methods per group, not per node).
      for (const [k, v] of segments(text))
        if (k === 'Average Disk' || k === 'Peak Disk') applyProperty(sink, k, v)
    } else if (MULTI.test(key)) for (const [k, v] of segments(text)) applyProperty(sink, k, v)
    else applyProperty(sink, key, text.slice(colon + 1).trim())
  }

  if (lastLineNode && !labelComplete(lastLineNode.node)) {
    const { node, parent } = lastLineNode
    if (!parent)
      return parseFailure(
        'TRUNCATED',
        `The last line stops inside a node label ("${node.label.slice(0, 60)}"): the copy was cut off.`,
        lastLine
      )
    // Half a label is no node: leave it out and say so.
    parent.children.splice(parent.children.indexOf(node), 1)
    missing.push(`the last plan node, whose label is cut ("${node.label.slice(0, 60)}")`)
  }
  if (pendingLabel) missing.push(`the plan under "${pendingLabel.name}"`)
  for (const m of findMissingChildren(root).slice(0, 3))
    missing.push(
      `input of the ${m.node.label} node (the copy has ${m.have} of the ${REQUIRED_CHILDREN[m.node.nodeType] ?? 1} child plans it must have)`
    )
  const analyzed = root.actualLoops !== null
  if (analyzed && expectsSummary && doc.executionTimeMs === null)
    missing.push(
      `the Execution Time line, which EXPLAIN ANALYZE prints last${doc.planningTimeMs === null ? ' (unless run with SUMMARY OFF: run it without)' : ''}`
    )
  // One line that lacks something: nothing in it can be judged.
  if (missing.length > 0 && lines.length === 1)
    return parseFailure('TRUNCATED', `The copy is one line and lacks ${missing.join('; ')}.`, lastLine)
  return parsed(doc)
}

/** Nodes with fewer children than their type needs ("Sort" over nothing: its input was cut away). */
const findMissingChildren = (node: PlanNode): { node: PlanNode; have: number }[] => {
  const have = node.children.filter(
    (c) => c.parentRelationship !== 'InitPlan' && c.parentRelationship !== 'SubPlan'
  ).length
  const own = have < (REQUIRED_CHILDREN[node.nodeType] ?? 0) ? [{ node, have }] : []
  return [...own, ...node.children.flatMap(findMissingChildren)]
}
