/**
 * The audit log of guarded actions: append-only JSON Lines in `<dataDir>/audit.jsonl`, never rewritten.
 *
 * - An *intent* record is appended and fsync'd BEFORE the statement is sent; an *outcome* record after.
 *   Both carry the same auditId. An intent with no outcome after a restart is listed as
 *   'outcome unknown' with the suggested check stored in the intent (notes G3, R10).
 * - Records are hash-chained: hash = sha256(prevHash + JSON of the record without `hash`). verify()
 *   recomputes the chain; editing or removing a line breaks it (cutting the tail is not detectable by a
 *   chain alone: export the last hash to detect that).
 * - Every string passes through redact(): no password reaches the file.
 * - A failed append (disk full, I/O error) is cut back to the last whole record (ftruncate), so the next
 *   record never joins a partial line. An outcome that could not be written is kept in memory, listed as
 *   'outcome unknown', and written before the next record.
 * - A torn last line (crash mid-append) is left as is; the next record starts on a new line and chains
 *   to the last whole record. verify() reports the torn line in `torn` and still passes: the chain up
 *   to the last whole record is intact (an unreadable line the chain does not skip cleanly is a problem).
 */
import { createHash, randomUUID } from 'node:crypto'
import { constants } from 'node:fs'
import { mkdir, open } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import type {
  ActionId,
  ActionPreview,
  ActionTier,
  AuditEntry,
  PostCheckResult,
  ServerIdentity
} from '../../shared/actions'
import type { Environment } from '../../shared/connection'
import { AppFailure } from '../../shared/errors'
import { redact, redactDeep } from '../../shared/redact'
import { asDiskFull } from '../support/atomic-file'

const GENESIS = '0'.repeat(64)
/** Outcome details (an EXPLAIN plan) can be large; the log keeps a bounded copy. */
const MAX_DETAIL = 8_000
const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT

/** A symlink planted in place of the log would send records elsewhere, or show forged ones: never follow. */
const openNoFollow = async (path: string, flags: number, mode?: number) => {
  try {
    return await open(path, flags | constants.O_NOFOLLOW, mode)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP')
      throw new AppFailure('REFUSED', `The audit log ${path} is a symlink: refusing to follow it.`)
    throw err
  }
}

export interface AuditIntentInput {
  connectionId: string
  connectionName: string
  environment: Environment
  action: ActionId
  tier: ActionTier
  exactStatement: string
  target: unknown
  serverIdentity: ServerIdentity
  preview: ActionPreview
  suggestedCheck: string
}

export interface AuditOutcomeInput {
  result: 'done' | 'failed'
  detail: string
  postCheck: PostCheckResult | null
}

interface RecordBody {
  v: 1
  seq: number
  auditId: string
  phase: 'intent' | 'outcome'
  at: string
  operator: string
  connectionId: string
  connectionName: string
  environment: Environment
  action: ActionId
  tier: ActionTier
  exactStatement: string
  /** sha256 of the statement bytes as sent: compare with a wire capture (notes G2). */
  statementHash: string
  serverIdentity: ServerIdentity
  target?: unknown
  preview?: ActionPreview
  suggestedCheck?: string
  result?: 'done' | 'failed'
  detail?: string
  postCheck?: PostCheckResult | null
  /** Present when secrets (passwords) were masked in this record; the statement sent had them. */
  redacted?: true
  prevHash: string
}

export type AuditRecord = RecordBody & { hash: string }

/** What a caller gives for one record; the log adds the sequence, the operator and the chain. */
type RecordFields = Omit<RecordBody, 'v' | 'seq' | 'operator' | 'prevHash'>

export interface AuditVerification {
  ok: boolean
  records: number
  problems: string[]
  /**
   * Torn records (a crash mid-append) that never joined the chain: the last line when it is cut short,
   * or an earlier cut line the next record chains across. Present only when there are some; not problems.
   */
  torn?: string[]
}

export interface AuditOptions {
  now?: () => Date
  /** Called after the intent is durable; tests use it to prove the order of intent and send. */
  onDurable?: (record: AuditRecord) => void
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

const hashOf = (body: RecordBody): string => sha256(body.prevHash + JSON.stringify(body))

/** `{ redacted: true }` when the statement (or the target) lost a secret to redaction, else nothing. */
const redactedMark = (statement: string, targetRedacted: boolean): { redacted?: true } =>
  targetRedacted || redact(statement) !== statement ? { redacted: true } : {}

const operatorName = (): string => {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}

const parseLine = (line: string): AuditRecord | null => {
  try {
    const value = JSON.parse(line) as unknown
    if (!value || typeof value !== 'object') return null
    const r = value as Partial<AuditRecord>
    if (typeof r.hash !== 'string' || typeof r.prevHash !== 'string' || typeof r.auditId !== 'string')
      return null
    return value as AuditRecord
  } catch {
    return null
  }
}

export class AuditLog {
  readonly path: string
  private tail: Promise<unknown> = Promise.resolve()
  private lastHash: string | null = null
  private seq = 0
  private needsNewline = false
  private fileEmpty = true
  /** Intents of this process whose outcome is not written yet: 'pending', not 'outcome unknown'. */
  private readonly inFlight = new Set<string>()
  /** Outcomes whose append failed, by auditId: written before the next record, in order. */
  private readonly unwritten = new Map<string, RecordFields>()
  private readonly now: () => Date
  private readonly operator = operatorName()

  constructor(
    dataDir: string,
    private readonly options: AuditOptions = {}
  ) {
    this.path = join(dataDir, 'audit.jsonl')
    this.now = options.now ?? (() => new Date())
  }

  /** Appends the intent durably (fsync) and returns its auditId. Nothing may be sent before this resolves. */
  async intent(input: AuditIntentInput): Promise<string> {
    const auditId = randomUUID()
    const target = redactDeep(input.target)
    await this.append({
      auditId,
      phase: 'intent',
      at: this.now().toISOString(),
      connectionId: input.connectionId,
      connectionName: redact(input.connectionName),
      environment: input.environment,
      action: input.action,
      tier: input.tier,
      exactStatement: redact(input.exactStatement),
      statementHash: sha256(input.exactStatement),
      serverIdentity: input.serverIdentity,
      target,
      preview: redactDeep(input.preview) as ActionPreview,
      suggestedCheck: redact(input.suggestedCheck),
      ...redactedMark(input.exactStatement, JSON.stringify(target) !== JSON.stringify(input.target))
    })
    this.inFlight.add(auditId)
    return auditId
  }

  /**
   * Appends the outcome. When that fails the outcome is kept and written before the next record (its
   * time is when it happened); until then list() shows the intent as 'outcome unknown', saying why.
   */
  async outcome(auditId: string, intent: AuditIntentInput, input: AuditOutcomeInput): Promise<void> {
    const fields: RecordFields = {
      auditId,
      phase: 'outcome',
      at: this.now().toISOString(),
      connectionId: intent.connectionId,
      connectionName: redact(intent.connectionName),
      environment: intent.environment,
      action: intent.action,
      tier: intent.tier,
      exactStatement: redact(intent.exactStatement),
      statementHash: sha256(intent.exactStatement),
      serverIdentity: intent.serverIdentity,
      result: input.result,
      detail: redact(
        input.detail.length > MAX_DETAIL ? `${input.detail.slice(0, MAX_DETAIL)}… (truncated)` : input.detail
      ),
      postCheck: input.postCheck ? { ok: input.postCheck.ok, detail: redact(input.postCheck.detail) } : null,
      ...redactedMark(intent.exactStatement, false)
    }
    try {
      await this.append(fields)
    } catch (err) {
      this.unwritten.set(auditId, fields)
      throw err
    } finally {
      this.inFlight.delete(auditId)
    }
  }

  /**
   * Appends are serialised so the chain never forks, even with concurrent actions. Outcomes kept from a
   * failed append go first: if they still cannot be written, neither is this record.
   */
  private append(fields: RecordFields): Promise<AuditRecord> {
    const run = this.tail.then(async () => {
      await this.loadTail()
      for (const [auditId, kept] of this.unwritten) {
        await this.writeRecord(kept)
        this.unwritten.delete(auditId)
      }
      return this.writeRecord(fields)
    })
    // A failed append must not poison later ones; the caller still sees the failure.
    this.tail = run.catch(() => undefined)
    return run
  }

  private async writeRecord(fields: RecordFields): Promise<AuditRecord> {
    const body: RecordBody = {
      v: 1,
      seq: this.seq + 1,
      operator: this.operator,
      ...fields,
      prevHash: this.lastHash ?? GENESIS
    }
    const record: AuditRecord = { ...body, hash: hashOf(body) }
    const line = `${this.needsNewline ? '\n' : ''}${JSON.stringify(record)}\n`
    await this.writeDurably(line)
    this.needsNewline = false
    this.lastHash = record.hash
    this.seq = body.seq
    this.options.onDurable?.(record)
    return record
  }

  private async loadTail(): Promise<void> {
    if (this.lastHash !== null) return
    const text = await this.readText()
    const lines = text.split('\n')
    this.needsNewline = text.length > 0 && !text.endsWith('\n')
    this.fileEmpty = text.length === 0
    for (let i = lines.length - 1; i >= 0; i--) {
      const record = parseLine(lines[i] ?? '')
      if (record) {
        this.lastHash = record.hash
        this.seq = typeof record.seq === 'number' ? record.seq : 0
        return
      }
    }
    this.lastHash = GENESIS
  }

  /**
   * Appends and fsyncs one line. When the write or the fsync fails, the file is cut back to its size
   * before (the last whole record), so no partial record stays for the next one to join; if even that
   * fails, the tail is read again before the next append (a torn line then gets a newline before it).
   */
  private async writeDurably(line: string): Promise<void> {
    const created = this.fileEmpty
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 })
      const handle = await openNoFollow(this.path, APPEND, 0o600)
      try {
        const before = (await handle.stat()).size
        try {
          await handle.writeFile(line, 'utf8')
          await handle.sync()
        } catch (err) {
          await handle
            .truncate(before)
            .then(() => handle.sync())
            .catch(() => {
              this.lastHash = null
            })
          throw err
        }
      } finally {
        await handle.close()
      }
    } catch (err) {
      throw asDiskFull(err, this.path)
    }
    this.fileEmpty = false
    if (created) {
      // The file's directory entry must be durable too, or a crash could lose the whole new file.
      const dir = await open(dirname(this.path), 'r')
      try {
        await dir.sync()
      } finally {
        await dir.close()
      }
    }
  }

  private async readText(): Promise<string> {
    let handle
    try {
      handle = await openNoFollow(this.path, constants.O_RDONLY)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return ''
      throw err
    }
    try {
      return await handle.readFile('utf8')
    } finally {
      await handle.close()
    }
  }

  async records(): Promise<AuditRecord[]> {
    await this.tail
    return (await this.readText())
      .split('\n')
      .map(parseLine)
      .filter((r): r is AuditRecord => r !== null)
  }

  /** Newest first. An intent without an outcome reads 'outcome unknown' (or 'pending' while it runs here). */
  async list(limit = 100): Promise<AuditEntry[]> {
    const records = await this.records()
    const finished = new Set(records.filter((r) => r.phase === 'outcome').map((r) => r.auditId))
    return records
      .slice()
      .reverse()
      .slice(0, limit)
      .map((r): AuditEntry => {
        const base: AuditEntry = {
          auditId: r.auditId,
          at: r.at,
          connectionId: r.connectionId,
          action: r.action,
          tier: r.tier,
          exactStatement: r.exactStatement,
          phase: r.phase,
          serverIdentity: r.serverIdentity,
          hash: r.hash,
          ...(r.redacted ? { redacted: true } : {})
        }
        if (r.phase === 'outcome') return { ...base, result: r.result, detail: r.detail }
        if (finished.has(r.auditId)) return base
        if (this.inFlight.has(r.auditId)) return { ...base, result: 'pending' }
        const kept = this.unwritten.get(r.auditId)
        if (kept)
          return {
            ...base,
            result: 'outcome unknown',
            detail: `The action ended (${kept.result ?? 'unknown'}) but its outcome could not be written to the audit log yet; it is kept in memory and written before the next record (lost if the app stops first).`,
            suggestedCheck: r.suggestedCheck
          }
        return {
          ...base,
          result: 'outcome unknown',
          detail:
            'The statement may have been sent, but no outcome was recorded (the app stopped or lost the connection).',
          suggestedCheck: r.suggestedCheck
        }
      })
  }

  /**
   * Recomputes the chain from the first line. A torn record (crash mid-append) is reported in `torn`,
   * not as a problem, when nothing was lost by it: it is the last line, cut short (no newline), or the
   * next whole record chains to the record before it (the torn one never joined the chain). An unreadable
   * line that the chain does not skip cleanly (an edit or a removal) is still a problem.
   */
  async verify(): Promise<AuditVerification> {
    await this.tail
    const problems: string[] = []
    const torn: string[] = []
    let prev = GENESIS
    let count = 0
    const text = await this.readText()
    const lines = text.split('\n')
    /** Unreadable lines since the last whole record, judged by the next one (or by the end of file). */
    let unreadable: number[] = []
    const tornText = (index: number, where: string): string =>
      `line ${index + 1}: torn record (cut short by a crash mid-append${where}), never part of the chain`
    lines.forEach((line, index) => {
      if (line.trim() === '') return
      const record = parseLine(line)
      if (!record) {
        unreadable.push(index)
        return
      }
      count++
      const { hash, ...body } = record
      const chained = body.prevHash === prev
      for (const u of unreadable) {
        // A cut write is a prefix of a record; the record after it chains across it.
        if (chained && (lines[u] ?? '').startsWith('{')) torn.push(tornText(u, ''))
        else problems.push(`line ${u + 1}: not a readable record (torn or edited)`)
      }
      unreadable = []
      if (!chained)
        problems.push(
          `line ${index + 1}: prevHash does not match the previous record (a record was removed or reordered)`
        )
      if (hashOf(body) !== hash)
        problems.push(`line ${index + 1}: hash does not match the content (the record was edited)`)
      prev = hash
    })
    // Trailing unreadable lines: only the very last one, with no newline after it, can be a torn append.
    const lastIndex = lines.length - 1
    for (const u of unreadable) {
      if (u === lastIndex && !text.endsWith('\n') && (lines[u] ?? '').startsWith('{'))
        torn.push(tornText(u, ', at the end of the file'))
      else problems.push(`line ${u + 1}: not a readable record (torn or edited)`)
    }
    return { ok: problems.length === 0, records: count, problems, ...(torn.length ? { torn } : {}) }
  }
}
