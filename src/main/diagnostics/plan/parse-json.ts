/**
 * EXPLAIN (FORMAT JSON) -> PlanDocument. Accepts the usual one-element array or a bare {"Plan": ...}
 * object. Keys are PostgreSQL's own (explain.c), 9.x to 18: "Total Runtime" (<= 9.3), "I/O Read Time"
 * (<= 16) and "Shared/Local I/O Read Time" (17+), fractional "Actual Rows" (18), "Disabled" (18).
 */
import { parseFailure, parsed, type ParseResult } from '../parse-result'
import {
  emptyBuffers,
  emptyNode,
  emptyWorker,
  type PlanBuffers,
  type PlanDocument,
  type PlanJit,
  type PlanNode,
  type PlanTrigger,
  type PlanWorker
} from './types'
import type { Line } from './unwrap'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const num = (o: Json, key: string): number | null => {
  const v = o[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}
const str = (o: Json, key: string): string | null => {
  const v = o[key]
  return typeof v === 'string'
    ? v
    : Array.isArray(v)
      ? v.filter((x) => typeof x === 'string').join(', ')
      : null
}

const BUFFER_KEYS: [keyof PlanBuffers, string][] = [
  ['sharedHit', 'Shared Hit Blocks'],
  ['sharedRead', 'Shared Read Blocks'],
  ['sharedDirtied', 'Shared Dirtied Blocks'],
  ['sharedWritten', 'Shared Written Blocks'],
  ['localHit', 'Local Hit Blocks'],
  ['localRead', 'Local Read Blocks'],
  ['localDirtied', 'Local Dirtied Blocks'],
  ['localWritten', 'Local Written Blocks'],
  ['tempRead', 'Temp Read Blocks'],
  ['tempWritten', 'Temp Written Blocks']
]

const buffersOf = (o: Json): PlanBuffers | null => {
  if (!BUFFER_KEYS.some(([, k]) => k in o)) return null
  const b = emptyBuffers()
  for (const [field, key] of BUFFER_KEYS) b[field] = num(o, key) ?? 0
  // The text format omits all-zero buffer lines; report null the same way so the twins agree.
  return Object.values(b).some((v) => v !== 0) ? b : null
}

const sumOrNull = (...values: (number | null)[]): number | null => {
  const present = values.filter((v): v is number => v !== null)
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0)
}

const jitTotal = (jit: unknown): number | null => {
  if (!isObject(jit) || !isObject(jit['Timing'])) return null
  return num(jit['Timing'], 'Total')
}

const workerOf = (w: Json): PlanWorker => {
  const worker = emptyWorker(num(w, 'Worker Number') ?? -1)
  worker.actualTotalMs = num(w, 'Actual Total Time')
  worker.actualRows = num(w, 'Actual Rows')
  worker.loops = num(w, 'Actual Loops')
  worker.sortSpaceType = str(w, 'Sort Space Type')
  worker.sortSpaceKb = num(w, 'Sort Space Used')
  worker.diskUsageKb = num(w, 'Disk Usage')
  worker.jitMs = jitTotal(w['JIT'])
  return worker
}

/** The label EXPLAIN TEXT would print, rebuilt from the JSON fields (explain.c ExplainNode). */
const labelOf = (n: PlanNode, o: Json): string => {
  let name = n.nodeType
  if (n.nodeType === 'Aggregate') {
    name =
      { Sorted: 'GroupAggregate', Hashed: 'HashAggregate', Mixed: 'MixedAggregate' }[n.strategy ?? ''] ??
      'Aggregate'
    if (n.partialMode && n.partialMode !== 'Simple') name = `${n.partialMode} ${name}`
  } else if (n.nodeType === 'SetOp') {
    name = `${n.strategy === 'Hashed' ? 'HashSetOp' : 'SetOp'} ${str(o, 'Command') ?? ''}`.trim()
  } else if (n.nodeType === 'ModifyTable') {
    name = n.operation ?? 'ModifyTable'
  } else if (n.joinType && ['Nested Loop', 'Hash Join', 'Merge Join'].includes(n.nodeType)) {
    const base = n.nodeType === 'Nested Loop' ? 'Nested Loop' : n.nodeType.replace(' Join', '')
    name =
      n.joinType === 'Inner'
        ? n.nodeType === 'Nested Loop'
          ? base
          : `${base} Join`
        : `${base} ${n.joinType} Join`
  } else if (n.nodeType === 'Custom Scan' && str(o, 'Custom Plan Provider')) {
    name = `Custom Scan (${str(o, 'Custom Plan Provider') ?? ''})`
  }
  return `${n.parallelAware ? 'Parallel ' : ''}${n.asyncCapable ? 'Async ' : ''}${name}`
}

const nodeOf = (o: Json, depth: number): PlanNode | string => {
  if (depth > 500) return 'The plan nests more than 500 levels deep.'
  const type = str(o, 'Node Type')
  if (type === null) return 'A plan node has no "Node Type".'
  const n = emptyNode(type, type)
  n.operation = str(o, 'Operation')
  n.joinType = str(o, 'Join Type')
  n.strategy = str(o, 'Strategy')
  n.partialMode = str(o, 'Partial Mode')
  n.parallelAware = o['Parallel Aware'] === true
  n.asyncCapable = o['Async Capable'] === true
  n.parentRelationship = str(o, 'Parent Relationship')
  n.subplanName = str(o, 'Subplan Name')
  n.relation = str(o, 'Relation Name')
  n.schema = str(o, 'Schema')
  n.alias = str(o, 'Alias')
  n.indexName = str(o, 'Index Name')
  n.cteName = str(o, 'CTE Name')
  n.functionName = str(o, 'Function Name')
  n.startupCost = num(o, 'Startup Cost')
  n.totalCost = num(o, 'Total Cost')
  n.planRows = num(o, 'Plan Rows')
  n.planWidth = num(o, 'Plan Width')
  n.actualStartupMs = num(o, 'Actual Startup Time')
  n.actualTotalMs = num(o, 'Actual Total Time')
  n.actualRows = num(o, 'Actual Rows')
  n.actualLoops = num(o, 'Actual Loops')
  n.neverExecuted = n.actualLoops === 0
  n.filter = str(o, 'Filter')
  n.indexCond = str(o, 'Index Cond')
  n.recheckCond = str(o, 'Recheck Cond')
  n.joinFilter = str(o, 'Join Filter')
  n.hashCond = str(o, 'Hash Cond')
  n.mergeCond = str(o, 'Merge Cond')
  n.rowsRemovedByFilter = num(o, 'Rows Removed by Filter')
  n.rowsRemovedByJoinFilter = num(o, 'Rows Removed by Join Filter')
  n.rowsRemovedByIndexRecheck = num(o, 'Rows Removed by Index Recheck')
  n.heapFetches = num(o, 'Heap Fetches')
  n.exactHeapBlocks = num(o, 'Exact Heap Blocks')
  n.lossyHeapBlocks = num(o, 'Lossy Heap Blocks')
  n.sortMethod = str(o, 'Sort Method')
  n.sortSpaceType = str(o, 'Sort Space Type')
  n.sortSpaceKb = num(o, 'Sort Space Used')
  for (const groups of ['Full-sort Groups', 'Pre-sorted Groups']) {
    const g = o[groups]
    // Incremental Sort reports its sorts per group; a disk figure means it spilled.
    if (isObject(g) && isObject(g['Sort Space Disk'])) {
      n.sortSpaceType = 'Disk'
      n.sortSpaceKb = Math.max(n.sortSpaceKb ?? 0, num(g['Sort Space Disk'], 'Peak Sort Space Used') ?? 0)
    }
  }
  n.hashBuckets = num(o, 'Hash Buckets')
  n.hashBatches = num(o, 'Hash Batches')
  n.originalHashBatches = num(o, 'Original Hash Batches')
  n.peakMemoryKb = num(o, 'Peak Memory Usage')
  n.hashAggBatches = num(o, 'HashAgg Batches')
  n.diskUsageKb = num(o, 'Disk Usage')
  n.storageType = str(o, 'Storage')
  n.maxStorageKb = num(o, 'Maximum Storage')
  n.plannedPartitions = num(o, 'Planned Partitions')
  n.workersPlanned = num(o, 'Workers Planned')
  n.workersLaunched = num(o, 'Workers Launched')
  n.cacheHits = num(o, 'Cache Hits')
  n.cacheMisses = num(o, 'Cache Misses')
  n.buffers = buffersOf(o)
  n.ioReadMs = sumOrNull(
    num(o, 'I/O Read Time'),
    num(o, 'Shared I/O Read Time'),
    num(o, 'Local I/O Read Time'),
    num(o, 'Temp I/O Read Time')
  )
  n.ioWriteMs = sumOrNull(
    num(o, 'I/O Write Time'),
    num(o, 'Shared I/O Write Time'),
    num(o, 'Local I/O Write Time'),
    num(o, 'Temp I/O Write Time')
  )
  // Text prints I/O Timings only when some time is non-zero.
  if (n.ioReadMs === 0 && n.ioWriteMs === 0) n.ioReadMs = n.ioWriteMs = null
  const walRecords = num(o, 'WAL Records')
  if (walRecords !== null) {
    n.wal = { records: walRecords, fpi: num(o, 'WAL FPI') ?? 0, bytes: num(o, 'WAL Bytes') ?? 0 }
    if (n.wal.records === 0 && n.wal.fpi === 0 && n.wal.bytes === 0) n.wal = null
  }
  n.disabled = typeof o['Disabled'] === 'boolean' ? o['Disabled'] : null
  // "Workers#2"...: the repeated "Workers" arrays of PG 11/12 (see parseJsonKeepingWorkers).
  for (const [key, workers] of Object.entries(o))
    if (/^Workers(?:#\d+)?$/.test(key) && Array.isArray(workers))
      n.workers.push(...workers.filter(isObject).map(workerOf))
  const plans = o['Plans']
  if (plans !== undefined) {
    if (!Array.isArray(plans)) return '"Plans" is not an array.'
    for (const child of plans) {
      if (!isObject(child)) return 'An element of "Plans" is not an object.'
      const c = nodeOf(child, depth + 1)
      if (typeof c === 'string') return c
      n.children.push(c)
    }
  }
  n.label = labelOf(n, o)
  return n
}

/**
 * PG 11/12 VERBOSE give a node two "Workers" arrays (sort figures, then timing); JSON.parse would keep
 * only the last. Two "Workers" keys with no "Node Type" between them belong to one node: then parse
 * again with each such key numbered ("Workers#1"...), so both arrays reach nodeOf. A key is always
 * preceded by `{` or `,` (a quote inside a string is escaped), so the rename never touches a value.
 */
const KEY_RE = /([{,]\s*)"(Workers|Node Type)"(\s*:)/g
const hasRepeatedWorkers = (text: string): boolean => {
  let last = ''
  for (const m of text.matchAll(KEY_RE)) {
    if (m[2] === 'Workers' && last === 'Workers') return true
    last = m[2] ?? ''
  }
  return false
}
export const parseJsonKeepingWorkers = (text: string): unknown => {
  const value: unknown = JSON.parse(text)
  if (!text.includes('"Workers"') || !hasRepeatedWorkers(text)) return value
  let i = 0
  return JSON.parse(
    text.replace(KEY_RE, (m: string, before: string, key: string, after: string) =>
      key === 'Workers' ? `${before}"Workers#${++i}"${after}` : m
    )
  )
}

/** Where JSON.parse gave up, as a 1-based input line. */
const lineAt = (lines: Line[], offset: number): number | null => {
  let at = 0
  for (const l of lines) {
    at += l.text.length + 1
    if (offset < at) return l.n
  }
  return lines[lines.length - 1]?.n ?? null
}

/** Unbalanced brackets or an open string at the end: the copy stopped half-way. */
const isCutOff = (s: string): boolean => {
  let depth = 0
  let inString = false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (inString) {
      if (c === 92) i++
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) depth++
    else if (c === 93 || c === 125) depth--
  }
  return inString || depth > 0
}

export const parseJsonPlan = (lines: Line[]): ParseResult<PlanDocument> => {
  const body = lines.map((l) => l.text).join('\n')
  let value: unknown
  try {
    value = parseJsonKeepingWorkers(body)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    if (isCutOff(body))
      return parseFailure(
        'TRUNCATED',
        'The JSON plan stops before its closing brackets: the copy was cut off.',
        lines[lines.length - 1]?.n ?? null
      )
    const pos = /position (\d+)/.exec(message)
    return parseFailure(
      'MALFORMED',
      `The JSON plan is not valid JSON (${message.split('\n')[0] ?? ''}).`,
      pos ? lineAt(lines, Number(pos[1])) : null
    )
  }
  return planFromJson(value, lines[0]?.n ?? null)
}

/** An already-parsed EXPLAIN (FORMAT JSON) value -> PlanDocument. */
export const planFromJson = (value: unknown, firstLine: number | null = 1): ParseResult<PlanDocument> => {
  const top = Array.isArray(value) ? value[0] : value
  if (!isObject(top) || !isObject(top['Plan'])) {
    return parseFailure(
      'UNRECOGNIZED',
      'This JSON has no "Plan" object: it is not EXPLAIN (FORMAT JSON) output.',
      firstLine
    )
  }
  const root = nodeOf(top['Plan'], 0)
  if (typeof root === 'string') return parseFailure('MALFORMED', root, null)
  const triggers: PlanTrigger[] = []
  const rawTriggers = top['Triggers']
  if (Array.isArray(rawTriggers)) {
    for (const t of rawTriggers.filter(isObject)) {
      triggers.push({
        name: str(t, 'Trigger Name') ?? '',
        constraint: str(t, 'Constraint Name'),
        relation: str(t, 'Relation'),
        timeMs: num(t, 'Time') ?? 0,
        calls: num(t, 'Calls') ?? 0
      })
    }
  }
  let jit: PlanJit | null = null
  if (isObject(top['JIT'])) jit = { functions: num(top['JIT'], 'Functions'), totalMs: jitTotal(top['JIT']) }
  const settings: Record<string, string> = {}
  if (isObject(top['Settings'])) for (const [k, v] of Object.entries(top['Settings'])) settings[k] = String(v)
  const planning = top['Planning']
  const qid = top['Query Identifier']
  return parsed({
    format: 'json',
    root,
    planningTimeMs: num(top, 'Planning Time'),
    executionTimeMs: num(top, 'Execution Time') ?? num(top, 'Total Runtime'),
    planningBuffers: isObject(planning) ? buffersOf(planning) : null,
    triggers,
    jit,
    settings,
    serializationMs: isObject(top['Serialization']) ? num(top['Serialization'], 'Time') : null,
    missing: [],
    queryIdentifier: typeof qid === 'number' || typeof qid === 'string' ? String(qid) : null
  })
}
