import { appendFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ServerIdentity } from '../../shared/actions'
import { AuditLog, type AuditIntentInput } from './audit'
import { registerSecret } from '../../shared/redact'

const IDENTITY: ServerIdentity = {
  engine: 'redis',
  id: 'abc',
  role: 'master',
  address: '127.0.0.1:6379',
  summary: 'Redis abc master'
}

const intent = (over: Partial<AuditIntentInput> = {}): AuditIntentInput => ({
  connectionId: 'conn-1',
  connectionName: 'cache',
  environment: 'production',
  action: 'redis.unlink',
  tier: 2,
  exactStatement: 'UNLINK session:1',
  target: { keys: ['session:1'] },
  serverIdentity: IDENTITY,
  preview: {
    summary: 'Delete 1 key',
    facts: { keys: 1 },
    warnings: [],
    permission: { verdict: 'permitted', basis: 'ACL DRYRUN: OK' }
  },
  suggestedCheck: 'EXISTS session:1',
  ...over
})

const freshLog = () => new AuditLog(mkdtempSync(join(tmpdir(), 'audit-test-')))

describe('AuditLog', () => {
  it('chains intent and outcome records and lists them newest first', async () => {
    const log = freshLog()
    const input = intent()
    const id = await log.intent(input)
    expect((await log.list())[0]).toMatchObject({ auditId: id, phase: 'intent', result: 'pending' })
    await log.outcome(id, input, {
      result: 'done',
      detail: 'Removed 1',
      postCheck: { ok: true, detail: 'gone' }
    })
    const records = await log.records()
    expect(records.map((r) => [r.seq, r.phase])).toEqual([
      [1, 'intent'],
      [2, 'outcome']
    ])
    expect(records[0]?.prevHash).toBe('0'.repeat(64))
    expect(records[1]?.prevHash).toBe(records[0]?.hash)
    const list = await log.list()
    expect(list.map((e) => [e.phase, e.result])).toEqual([
      ['outcome', 'done'],
      ['intent', undefined]
    ])
    expect(list[0]).toMatchObject({
      auditId: id,
      connectionId: 'conn-1',
      action: 'redis.unlink',
      exactStatement: 'UNLINK session:1'
    })
    expect(await log.verify()).toEqual({ ok: true, records: 2, problems: [] })
  })

  it('continues the chain across instances (a restart) and honours limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-test-'))
    const first = new AuditLog(dir)
    const id1 = await first.intent(intent())
    await first.outcome(id1, intent(), { result: 'done', detail: 'ok', postCheck: null })
    const second = new AuditLog(dir)
    await second.intent(intent())
    const records = await second.records()
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3])
    expect(records[2]?.prevHash).toBe(records[1]?.hash)
    expect((await second.verify()).ok).toBe(true)
    expect(await second.list(1)).toHaveLength(1)
  })

  it("reports an intent without outcome after a restart as 'outcome unknown' with the suggested check", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-test-'))
    const id = await new AuditLog(dir).intent(intent())
    const [entry] = await new AuditLog(dir).list()
    expect(entry).toMatchObject({
      auditId: id,
      phase: 'intent',
      result: 'outcome unknown',
      suggestedCheck: 'EXISTS session:1'
    })
  })

  it('detects an edited record and a removed record', async () => {
    const log = freshLog()
    for (let i = 0; i < 3; i++) await log.intent(intent({ exactStatement: `UNLINK k${i}` }))
    const lines = readFileSync(log.path, 'utf8').trimEnd().split('\n')

    writeFileSync(log.path, `${lines.map((l) => l.replace('UNLINK k1', 'UNLINK kX')).join('\n')}\n`)
    const edited = await new AuditLog(join(log.path, '..')).verify()
    expect(edited.ok).toBe(false)
    expect(edited.problems.join(' ')).toContain('line 2: hash does not match')

    writeFileSync(log.path, `${[lines[0], lines[2]].join('\n')}\n`)
    const removed = await new AuditLog(join(log.path, '..')).verify()
    expect(removed.ok).toBe(false)
    expect(removed.problems.join(' ')).toContain('line 2: prevHash does not match')
  })

  it('keeps working after a torn last line and reports it', async () => {
    const log = freshLog()
    await log.intent(intent())
    appendFileSync(log.path, '{"v":1,"seq":2,"auditId":"torn')
    const next = new AuditLog(join(log.path, '..'))
    await next.intent(intent())
    const records = await next.records()
    expect(records).toHaveLength(2)
    expect(records[1]?.prevHash).toBe(records[0]?.hash)
    const v = await next.verify()
    expect(v).toEqual({
      ok: true,
      records: 2,
      problems: [],
      torn: ['line 2: torn record (cut short by a crash mid-append), never part of the chain']
    })
  })

  it('passes with a torn last line before any restart, and fails when a whole record is cut', async () => {
    const log = freshLog()
    for (let i = 0; i < 3; i++) await log.intent(intent({ exactStatement: `UNLINK k${i}` }))
    const whole = readFileSync(log.path, 'utf8')
    appendFileSync(log.path, '{"v":1,"seq":4,"auditId":"to')
    expect(await new AuditLog(join(log.path, '..')).verify()).toEqual({
      ok: true,
      records: 3,
      problems: [],
      torn: [
        'line 4: torn record (cut short by a crash mid-append, at the end of the file), never part of the chain'
      ]
    })
    // Record 2 cut short in the middle: record 3 does not chain across it, so it is not a torn append.
    const lines = whole.trimEnd().split('\n')
    writeFileSync(log.path, `${[lines[0], lines[1]?.slice(0, 40), lines[2]].join('\n')}\n`)
    const cut = await new AuditLog(join(log.path, '..')).verify()
    expect(cut.ok).toBe(false)
    expect(cut.torn).toBeUndefined()
    expect(cut.problems).toEqual([
      'line 2: not a readable record (torn or edited)',
      'line 3: prevHash does not match the previous record (a record was removed or reordered)'
    ])
    // Garbage (not a record prefix) at the end is a problem too.
    writeFileSync(log.path, `${whole}garbage`)
    expect((await new AuditLog(join(log.path, '..')).verify()).problems).toEqual([
      'line 4: not a readable record (torn or edited)'
    ])
  })

  it('writes no secret: URL passwords, key=value secrets and registered secrets are redacted', async () => {
    registerSecret('Sentinel-Pass-991')
    const log = freshLog()
    const input = intent({
      exactStatement: 'CONFIG SET masterauth Sentinel-Pass-991',
      target: { url: 'redis://u:Sentinel-Pass-991@h:1', note: 'password=abc123xyz' },
      suggestedCheck: 'redis://user:hunter22@host'
    })
    const id = await log.intent(input)
    await log.outcome(id, input, {
      result: 'failed',
      detail: 'auth failed for password=abc123xyz',
      postCheck: null
    })
    const text = readFileSync(log.path, 'utf8')
    for (const secret of ['Sentinel-Pass-991', 'abc123xyz', 'hunter22']) expect(text).not.toContain(secret)
    expect((await log.verify()).ok).toBe(true)
  })

  it('serialises concurrent appends into one unbroken chain', async () => {
    const log = freshLog()
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => log.intent(intent({ exactStatement: `UNLINK k${i}` })))
    )
    const v = await log.verify()
    expect(v).toEqual({ ok: true, records: 20, problems: [] })
    expect((await log.records()).map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })

  it('truncates very long outcome details', async () => {
    const log = freshLog()
    const id = await log.intent(intent())
    await log.outcome(id, intent(), { result: 'done', detail: 'x'.repeat(20_000), postCheck: null })
    const [outcome] = await log.list()
    expect(outcome?.detail?.length).toBeLessThan(8_100)
    expect(outcome?.detail).toContain('(truncated)')
  })
})

describe('AuditLog against a planted symlink', () => {
  it('neither writes through nor reads through a symlink in place of its file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'audit-test-'))
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'audit-elsewhere-')), 'victim.txt')
    writeFileSync(elsewhere, 'untouched\n')
    symlinkSync(elsewhere, join(dataDir, 'audit.jsonl'))
    const log = new AuditLog(dataDir)
    const refused = { code: 'REFUSED', message: expect.stringMatching(/audit\.jsonl is a symlink/) }
    await expect(log.intent(intent())).rejects.toMatchObject(refused)
    await expect(log.list()).rejects.toMatchObject(refused)
    expect(readFileSync(elsewhere, 'utf8')).toBe('untouched\n')
  })
})
