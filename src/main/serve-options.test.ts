import { chmodSync, chownSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultServeDataDir, hostWarnings, resolveServeToken } from './serve-options'

const privateTokenFile = (text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'dbconsole-token-')), 'token')
  writeFileSync(path, text, { mode: 0o600 })
  return path
}

describe('the serve token', () => {
  it('comes from DBCONSOLE_TOKEN without a warning', () => {
    expect(resolveServeToken({ env: 'from-env' })).toEqual({ token: 'from-env', warnings: [] })
  })

  it('comes from a private token file, trimmed of its newline', () => {
    expect(resolveServeToken({ file: privateTokenFile('from-file\n') })).toEqual({
      token: 'from-file',
      warnings: []
    })
  })

  it('still comes from --token, with a warning that ps shows it', () => {
    const resolved = resolveServeToken({ flag: 'from-flag' })
    expect(resolved.token).toBe('from-flag')
    expect(resolved.warnings.join()).toMatch(/visible to every local user in `ps`/)
  })

  it('is left to serve to make when no source is given (an empty variable counts as none)', () => {
    expect(resolveServeToken({ env: '' })).toEqual({ token: undefined, warnings: [] })
  })

  it('is refused when given two ways', () => {
    expect(() => resolveServeToken({ flag: 'a', env: 'b' })).toThrow(/one way only/)
  })

  it('is refused when empty or holding spaces', () => {
    expect(() => resolveServeToken({ file: privateTokenFile('\n') })).toThrow(/not empty/)
    expect(() => resolveServeToken({ env: 'two words' })).toThrow(/no spaces/)
  })

  it('refuses a token file readable by group or others', () => {
    const path = privateTokenFile('secret')
    chmodSync(path, 0o640)
    expect(() => resolveServeToken({ file: path })).toThrow(/readable by group or others \(mode 640\)/)
    chmodSync(path, 0o604)
    expect(() => resolveServeToken({ file: path })).toThrow(/mode 604/)
  })

  it('refuses a token file owned by another user', () => {
    const path = privateTokenFile('secret')
    chownSync(path, 65534, 65534)
    expect(() => resolveServeToken({ file: path })).toThrow(/belongs to uid 65534/)
  })

  it('refuses a symlinked token file and a missing one', () => {
    const target = privateTokenFile('secret')
    const link = `${target}-link`
    symlinkSync(target, link)
    expect(() => resolveServeToken({ file: link })).toThrow(/is a symlink/)
    expect(() => resolveServeToken({ file: `${target}-absent` })).toThrow(/does not exist/)
  })
})

describe('the default serve data dir', () => {
  it('is under XDG_STATE_HOME when it is set to an absolute path', () => {
    expect(defaultServeDataDir('/var/state', '/home/u')).toBe('/var/state/dbconsole/serve')
  })

  it('falls back to ~/.local/state when XDG_STATE_HOME is unset or relative', () => {
    expect(defaultServeDataDir(undefined, '/home/u')).toBe('/home/u/.local/state/dbconsole/serve')
    expect(defaultServeDataDir('state', '/home/u')).toBe('/home/u/.local/state/dbconsole/serve')
  })
})

describe('the serve host', () => {
  it('is accepted silently on loopback', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost'])
      expect(hostWarnings(host, false)).toEqual([])
  })

  it('is refused beyond loopback without --allow-remote', () => {
    expect(() => hostWarnings('0.0.0.0', false)).toThrow(/--allow-remote/)
    expect(() => hostWarnings('::', false)).toThrow(/--allow-remote/)
  })

  it('warns, with --allow-remote, that the traffic and the token travel in clear', () => {
    expect(hostWarnings('0.0.0.0', true).join()).toMatch(/plain HTTP.*token travel in clear/)
  })
})
