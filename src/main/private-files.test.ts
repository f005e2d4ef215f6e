import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ensurePrivateDir } from './private-files'

const scratch = (): string => mkdtempSync(join(tmpdir(), 'dbconsole-private-'))

describe('ensurePrivateDir', () => {
  it('creates a missing dir, and its missing parents, 0700', () => {
    const dir = join(scratch(), 'state', 'dbconsole', 'serve')
    ensurePrivateDir(dir)
    expect(lstatSync(dir).mode & 0o777).toBe(0o700)
  })

  it('accepts an existing private dir of the user', () => {
    const dir = scratch()
    writeFileSync(join(dir, 'profiles.json'), '[]')
    expect(() => ensurePrivateDir(dir)).not.toThrow()
  })

  it('refuses a dir owned by another user', () => {
    const dir = scratch()
    chownSync(dir, 65534, 65534)
    expect(() => ensurePrivateDir(dir)).toThrow(/belongs to uid 65534, not to you/)
  })

  it('refuses a group-writable or world-writable dir', () => {
    const dir = scratch()
    chmodSync(dir, 0o770)
    expect(() => ensurePrivateDir(dir)).toThrow(/writable by group or others \(mode 770\)/)
    chmodSync(dir, 0o703)
    expect(() => ensurePrivateDir(dir)).toThrow(/mode 703/)
  })

  it('refuses a symlinked dir', () => {
    const real = scratch()
    const link = `${real}-link`
    symlinkSync(real, link)
    expect(() => ensurePrivateDir(link)).toThrow(/is a symlink/)
  })

  it('refuses a path that is a file', () => {
    const file = join(scratch(), 'file')
    writeFileSync(file, '')
    expect(() => ensurePrivateDir(file)).toThrow(/not a directory/)
  })

  it('refuses a dir holding a planted symlink, so the link is never followed', () => {
    const dir = scratch()
    const elsewhere = join(scratch(), 'elsewhere.jsonl')
    writeFileSync(elsewhere, '')
    symlinkSync(elsewhere, join(dir, 'audit.jsonl'))
    mkdirSync(join(dir, 'sub'))
    expect(() => ensurePrivateDir(dir)).toThrow(/audit\.jsonl is a symlink/)
  })
})
