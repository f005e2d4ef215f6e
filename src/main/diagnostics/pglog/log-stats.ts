/**
 * Entries -> the facts a DBA reads from a log, in bounded memory: per statement shape a histogram and
 * the worst example; the worst auto_explain plan per shape (its text, analysed at the end); the first
 * lock waits, deadlocks and error examples; temp files, checkpoints, autovacuum and connections as
 * counters; a per-minute timeline. Lists are capped; counts are never.
 */
import { minuteOf, type LogEntry } from './entry'
import { DurationHistogram } from './duration-histogram'
import * as ev from './log-events'
import { ShapeCache, foldStatement } from './statement-shape'

export const MAX_SHAPES = 5000
export const MAX_KEPT = 200

export interface Example {
  line: number
  time: string | null
  user: string | null
  database: string | null
  durationMs: number
  text: string
  parameters: string | null
}

export interface ShapeStats {
  id: string
  text: string
  durations: DurationHistogram
  worst: Example
  plan: { line: number; durationMs: number; body: string } | null
  tempFiles: number
  tempBytes: number
}

export interface LockWait {
  line: number
  time: string | null
  pid: number
  mode: string
  object: string
  waitedMs: number
  acquired: boolean
  holders: number[]
  waiterStatement: string | null
  holderStatements: string[]
}

export interface Deadlock {
  line: number
  time: string | null
  processes: { pid: number; statement: string }[]
}

export interface ErrorGroup {
  severity: string
  sqlState: string | null
  message: string
  count: number
  example: { line: number; statement: string | null }
}

export interface TableMaintenance {
  table: string
  vacuums: number
  analyzes: number
  tuplesRemoved: number
  elapsedS: number
  maxElapsedS: number
}

export interface MinuteCounts {
  statements: number
  errors: number
  lockWaits: number
  tempFiles: number
  connections: number
  checkpoints: number
  autovacuums: number
}

const emptyMinute = (): MinuteCounts => ({
  statements: 0,
  errors: 0,
  lockWaits: 0,
  tempFiles: 0,
  connections: 0,
  checkpoints: 0,
  autovacuums: 0
})

export class LogStats {
  entries = 0
  firstTime: string | null = null
  lastTime: string | null = null
  readonly bySeverity: Record<string, number> = {}
  statements = 0
  /** Statements past MAX_SHAPES distinct shapes: counted, not ranked. */
  unrankedStatements = 0
  readonly shapes = new Map<string, ShapeStats>()
  plans = 0
  readonly lockWaits: LockWait[] = []
  lockWaitCount = 0
  readonly deadlocks: Deadlock[] = []
  deadlockCount = 0
  tempFiles = 0
  tempBytes = 0
  tempMaxBytes = 0
  readonly checkpoints = {
    timed: 0,
    requested: 0,
    byReason: {} as Record<string, number>,
    buffers: 0,
    writeS: 0,
    syncS: 0,
    totalS: 0
  }
  readonly tables = new Map<string, TableMaintenance>()
  readonly errors = new Map<string, ErrorGroup>()
  errorCount = 0
  readonly connections = { received: 0, authorized: 0, disconnections: 0, sessionSeconds: 0 }
  readonly timeline = new Map<string, MinuteCounts>()
  private readonly shapeCache = new ShapeCache()
  /** The last statement each live process ran: the holder's side of a lock wait. */
  private readonly lastStatement = new Map<number, string>()

  add(e: LogEntry): void {
    this.entries += 1
    this.bySeverity[e.severity] = (this.bySeverity[e.severity] ?? 0) + 1
    if (e.time !== null) {
      this.firstTime ??= e.time
      this.lastTime = e.time
    }
    const minute = this.minute(e.time)
    if (e.statement !== null && e.pid !== null) this.remember(e.pid, e.statement)
    if (ev.ERROR_SEVERITIES.has(e.severity)) this.error(e, minute)
    const msg = e.message
    const c0 = msg.charCodeAt(0)
    let m: RegExpExecArray | null
    if (c0 === 100 /* d */ && (m = ev.DURATION.exec(msg))) this.duration(e, m, minute)
    else if (c0 === 112 /* p */ && (m = ev.LOCK_WAIT.exec(msg))) this.lockWait(e, m, minute)
    else if (c0 === 116 /* t */ && (m = ev.TEMP_FILE.exec(msg))) this.tempFile(e, Number(m[2]), minute)
    else if (c0 === 99 /* c */) this.checkpointOrConnection(msg, minute)
    else if (c0 === 97 /* a */ && (m = ev.AUTOVACUUM.exec(msg))) this.autovacuum(msg, m, minute)
    else if (c0 === 100 && (m = ev.DISCONNECTION.exec(msg))) {
      this.connections.disconnections += 1
      this.connections.sessionSeconds += Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])
      if (e.pid !== null) this.lastStatement.delete(e.pid)
    }
  }

  private minute(time: string | null): MinuteCounts | null {
    const key = minuteOf(time)
    if (key === null) return null
    let counts = this.timeline.get(key)
    if (!counts) this.timeline.set(key, (counts = emptyMinute()))
    return counts
  }

  private remember(pid: number, statement: string): void {
    // Bounded even when disconnections are not logged.
    if (this.lastStatement.size >= 10_000 && !this.lastStatement.has(pid)) this.lastStatement.clear()
    this.lastStatement.set(pid, statement)
  }

  private duration(e: LogEntry, m: RegExpExecArray, minute: MinuteCounts | null): void {
    const ms = Number(m[1])
    const kind = m[2]
    const text = m[4] ?? ''
    if (kind === 'plan') {
      this.plan(e, ms, text)
      return
    }
    if (kind !== 'statement' && kind !== 'execute') return
    this.statements += 1
    if (minute) minute.statements += 1
    if (e.pid !== null) this.remember(e.pid, text)
    const params = e.detail !== null ? (ev.PARAMETERS.exec(e.detail)?.[1] ?? null) : null
    const shape = this.shapeFor(text)
    if (!shape) {
      this.unrankedStatements += 1
      return
    }
    shape.durations.add(ms)
    if (ms >= shape.worst.durationMs) shape.worst = this.example(e, ms, text, params)
  }

  private example(e: LogEntry, ms: number, text: string, parameters: string | null): Example {
    return {
      line: e.line,
      time: e.time,
      user: e.user,
      database: e.database,
      durationMs: ms,
      text,
      parameters
    }
  }

  private shapeFor(sql: string): ShapeStats | null {
    const { id, text } = this.shapeCache.shapeOf(sql)
    let shape = this.shapes.get(id)
    if (!shape) {
      if (this.shapes.size >= MAX_SHAPES) return null
      shape = {
        id,
        text,
        durations: new DurationHistogram(),
        worst: {
          line: 0,
          time: null,
          user: null,
          database: null,
          durationMs: -1,
          text: sql,
          parameters: null
        },
        plan: null,
        tempFiles: 0,
        tempBytes: 0
      }
      this.shapes.set(id, shape)
    }
    return shape
  }

  private plan(e: LogEntry, ms: number, body: string): void {
    this.plans += 1
    const query = planQueryText(body)
    const shape = query === null ? null : this.shapeFor(query)
    if (shape && (shape.plan === null || ms > shape.plan.durationMs))
      shape.plan = { line: e.line, durationMs: ms, body }
  }

  private lockWait(e: LogEntry, m: RegExpExecArray, minute: MinuteCounts | null): void {
    const pid = Number(m[1])
    const waitedMs = Number(m[5])
    if (m[2] === 'acquired') {
      const open = this.lockWaits.findLast((w) => w.pid === pid && !w.acquired)
      if (open) {
        open.acquired = true
        open.waitedMs = waitedMs
      }
      return
    }
    if (m[2] !== 'still waiting') return
    this.lockWaitCount += 1
    if (minute) minute.lockWaits += 1
    if (this.lockWaits.length >= MAX_KEPT) return
    const holders = (e.detail !== null ? (ev.LOCK_HOLDERS.exec(e.detail)?.[1] ?? '') : '')
      .split(',')
      .map((p) => Number(p.trim()))
      .filter((p) => p > 0)
    this.lockWaits.push({
      line: e.line,
      time: e.time,
      pid,
      mode: m[3] ?? '',
      object: m[4] ?? '',
      waitedMs,
      acquired: false,
      holders,
      waiterStatement: e.statement,
      holderStatements: holders
        .map((h) => this.lastStatement.get(h))
        .filter((s): s is string => s !== undefined)
    })
  }

  private error(e: LogEntry, minute: MinuteCounts | null): void {
    this.errorCount += 1
    if (minute) minute.errors += 1
    if (e.sqlState === ev.DEADLOCK_STATE || e.message === 'deadlock detected') {
      this.deadlockCount += 1
      if (this.deadlocks.length < MAX_KEPT)
        this.deadlocks.push({
          line: e.line,
          time: e.time,
          processes: (e.detail ?? '')
            .split('\n')
            .map((l) => ev.DEADLOCK_PROCESS.exec(l))
            .filter((d): d is RegExpExecArray => d !== null)
            .map((d) => ({ pid: Number(d[1]), statement: d[2] ?? '' }))
        })
    }
    const message = foldStatement(e.message.replace(/ at character \d+$/, ''))
    const key = `${e.severity}|${e.sqlState ?? ''}|${message}`
    const group = this.errors.get(key)
    if (group) group.count += 1
    else if (this.errors.size < MAX_KEPT)
      this.errors.set(key, {
        severity: e.severity,
        sqlState: e.sqlState,
        message: e.message,
        count: 1,
        example: { line: e.line, statement: e.statement }
      })
  }

  private tempFile(e: LogEntry, bytes: number, minute: MinuteCounts | null): void {
    this.tempFiles += 1
    this.tempBytes += bytes
    this.tempMaxBytes = Math.max(this.tempMaxBytes, bytes)
    if (minute) minute.tempFiles += 1
    const shape = e.statement !== null ? this.shapeFor(e.statement) : null
    if (shape) {
      shape.tempFiles += 1
      shape.tempBytes += bytes
    }
  }

  private checkpointOrConnection(msg: string, minute: MinuteCounts | null): void {
    let m: RegExpExecArray | null
    if (ev.CONNECTION_RECEIVED.test(msg)) {
      this.connections.received += 1
      if (minute) minute.connections += 1
    } else if (ev.CONNECTION_AUTHORIZED.test(msg)) this.connections.authorized += 1
    else if ((m = ev.CHECKPOINT_START.exec(msg))) {
      const flags = (m[2] ?? '').split(/\s+/).filter((f) => f !== '')
      const reason = flags.includes('time')
        ? 'time'
        : (flags.find((f) => f !== 'immediate' && f !== 'force' && f !== 'wait' && f !== 'flush-all') ??
          'immediate')
      if (reason === 'time') this.checkpoints.timed += 1
      else this.checkpoints.requested += 1
      this.checkpoints.byReason[reason] = (this.checkpoints.byReason[reason] ?? 0) + 1
      if (minute) minute.checkpoints += 1
    } else if ((m = ev.CHECKPOINT_DONE.exec(msg))) {
      this.checkpoints.buffers += Number(m[1])
      this.checkpoints.writeS += Number(m[2])
      this.checkpoints.syncS += Number(m[3])
      this.checkpoints.totalS += Number(m[4])
    }
  }

  private autovacuum(msg: string, m: RegExpExecArray, minute: MinuteCounts | null): void {
    const table = m[3] ?? ''
    let t = this.tables.get(table)
    if (!t) {
      if (this.tables.size >= MAX_SHAPES) return
      this.tables.set(
        table,
        (t = { table, vacuums: 0, analyzes: 0, tuplesRemoved: 0, elapsedS: 0, maxElapsedS: 0 })
      )
    }
    if (m[2] === 'vacuum') t.vacuums += 1
    else t.analyzes += 1
    t.tuplesRemoved += Number(ev.TUPLES_REMOVED.exec(msg)?.[1] ?? 0)
    const elapsed = Number(ev.ELAPSED.exec(msg)?.[1] ?? 0)
    t.elapsedS += elapsed
    t.maxElapsedS = Math.max(t.maxElapsedS, elapsed)
    if (minute) minute.autovacuums += 1
  }
}

/** auto_explain's "Query Text" (text format: up to the first plan node line; json: the key). */
export const planQueryText = (body: string): string | null => {
  const trimmed = body.trimStart()
  if (trimmed.startsWith('{')) {
    try {
      const q = (JSON.parse(trimmed) as { 'Query Text'?: unknown })['Query Text']
      return typeof q === 'string' ? q : null
    } catch {
      return null
    }
  }
  if (!trimmed.startsWith('Query Text: ')) return null
  const lines = trimmed.slice(12).split('\n')
  const end = lines.findIndex((l) => /\((?:cost=|actual )/.test(l))
  return (end === -1 ? lines : lines.slice(0, end)).join('\n')
}
