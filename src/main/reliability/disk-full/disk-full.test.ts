/**
 * Issue 15 items 5 and 6, for real: the data dir on a 256 KB tmpfs, filled to the last page. Saves and
 * audit appends fail with DISK_FULL naming the file, leave no temp and no partial record; an outcome that
 * could not be written is 'outcome unknown', never 'pending'. Once space is freed the kept outcome is
 * written with the next record, verify() passes and nothing is pending.
 */
import { execFileSync } from 'node:child_process'
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuditLog } from '../../core/audit'
import { ProfileStore } from '../../core/profiles'
import { EncryptedFileSecretStore } from '../../core/secrets'
import { auditIntent, crashEncryptor } from '../../testing/crash-writer'

const dir = mkdtempSync(join(tmpdir(), 'dbconsole-diskfull-'))
const filler = join(dir, 'filler')

/** Mounting needs root (CAP_SYS_ADMIN); without it the test is skipped and says why. */
const mountRefused = ((): string | null => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { stdio: 'pipe' })
    return null
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
})()
if (mountRefused) console.warn(`[disk-full] skipped: mount -t tmpfs was refused (${mountRefused})`)

afterAll(() => {
  if (!mountRefused) execFileSync('umount', [dir])
  rmSync(dir, { recursive: true, force: true })
})

/** Writes until the file system says ENOSPC: every page is taken (a file's last page may keep room). */
const fillDisk = (): void => {
  const fd = openSync(filler, 'w')
  const chunk = Buffer.alloc(4096, 'f')
  try {
    for (;;) writeSync(fd, chunk)
  } catch (err) {
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC')
  } finally {
    closeSync(fd)
  }
}

const temps = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'))
const BIG_DETAIL = 'removed crash:1 '.padEnd(6_000, 'x')

const newProfile = (name: string, password = '') => ({
  name,
  engine: 'postgres' as const,
  url: `postgres://app${password ? `:${password}` : ''}@db:5432/${name}`,
  environment: 'production' as const
})

describe.skipIf(mountRefused !== null)('disk full on a 256 KB tmpfs', () => {
  const store = new ProfileStore(dir, new EncryptedFileSecretStore(dir, crashEncryptor))
  const audit = new AuditLog(dir)
  const first = auditIntent(1)
  let firstId = ''
  let kept = ''

  beforeAll(async () => {
    await store.save(newProfile('kept', 'pw-kept'))
    firstId = await audit.intent(first)
    fillDisk()
  })

  it('refuses saves and removes with DISK_FULL naming the file, changes nothing and leaves no temp', async () => {
    await expect(store.save(newProfile('with-password', 'pw-new'))).rejects.toMatchObject({
      code: 'DISK_FULL',
      message: expect.stringContaining(join(dir, 'secrets.json')) as unknown
    })
    await expect(store.save(newProfile('no-password'))).rejects.toMatchObject({
      code: 'DISK_FULL',
      message: expect.stringContaining(join(dir, 'profiles.json')) as unknown
    })
    const [profile] = await store.list()
    kept = profile?.id ?? ''
    await expect(store.remove(kept)).rejects.toMatchObject({ code: 'DISK_FULL' })
    expect((await store.list()).map((p) => p.name)).toEqual(['kept'])
    const restarted = new ProfileStore(dir, new EncryptedFileSecretStore(dir, crashEncryptor))
    expect((await restarted.list()).map((p) => p.name)).toEqual(['kept'])
    expect(temps()).toEqual([])
  })

  it('cuts a failed audit append back to the last whole record and keeps the outcome as unknown', async () => {
    const sizeBefore = statSync(audit.path).size
    // 6,000 bytes of detail: more than the room left in the file's last page, so the write is cut short.
    await expect(
      audit.outcome(firstId, first, { result: 'done', detail: BIG_DETAIL, postCheck: null })
    ).rejects.toMatchObject({ code: 'DISK_FULL', message: expect.stringContaining(audit.path) as unknown })
    expect(statSync(audit.path).size).toBe(sizeBefore)
    // The kept outcome goes first, so the next intent fails too: nothing would be sent unaudited.
    await expect(audit.intent(auditIntent(2))).rejects.toMatchObject({ code: 'DISK_FULL' })
    expect(statSync(audit.path).size).toBe(sizeBefore)
    expect(await audit.verify()).toEqual({ ok: true, records: 1, problems: [] })
    const [entry] = await audit.list()
    expect(entry).toMatchObject({ auditId: firstId, result: 'outcome unknown' })
    expect(entry?.detail).toContain('kept in memory')
  })

  it('after space is freed: the kept outcome is written with the next record, verify passes, nothing pending', async () => {
    unlinkSync(filler)
    const second = auditIntent(2)
    const secondId = await audit.intent(second)
    await audit.outcome(secondId, second, { result: 'failed', detail: 'not found', postCheck: null })
    expect(await audit.verify()).toEqual({ ok: true, records: 4, problems: [] })
    const fresh = await new AuditLog(dir).list()
    expect(fresh.map((e) => [e.phase, e.auditId, e.result ?? null])).toEqual([
      ['outcome', secondId, 'failed'],
      ['intent', secondId, null],
      ['outcome', firstId, 'done'],
      ['intent', firstId, null]
    ])
    expect((await audit.list()).some((e) => e.result === 'pending' || e.result === 'outcome unknown')).toBe(
      false
    )
    await store.save(newProfile('after'))
    await store.remove(kept)
    expect((await store.list()).map((p) => p.name)).toEqual(['after'])
    expect(temps()).toEqual([])
  })
})
