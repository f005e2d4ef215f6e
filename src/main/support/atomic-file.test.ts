import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { asDiskFull, removeStaleTemps, SerialFile, writeFileAtomic } from './atomic-file'

const freshDir = () => mkdtempSync(join(tmpdir(), 'dbconsole-atomic-'))
const temps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'))
/** Above Linux's largest pid_max (2^22): no process can have it. */
const DEAD_PID = 4_194_305

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temp', async () => {
    const dir = freshDir()
    const path = join(dir, 'doc.json')
    await writeFileAtomic(path, 'one')
    await writeFileAtomic(path, 'two')
    expect(readFileSync(path, 'utf8')).toBe('two')
    expect(temps(dir)).toEqual([])
  })

  it('removes its temp when the write fails (the target cannot be replaced)', async () => {
    const dir = freshDir()
    const path = join(dir, 'doc.json')
    mkdirSync(join(path, 'child'), { recursive: true })
    await expect(writeFileAtomic(path, 'data')).rejects.toMatchObject({ code: 'EISDIR' })
    expect(temps(dir)).toEqual([])
  })
})

describe('asDiskFull', () => {
  it('turns ENOSPC and EDQUOT into DISK_FULL naming the path, and keeps other errors', () => {
    for (const code of ['ENOSPC', 'EDQUOT']) {
      const err = Object.assign(new Error('no space'), { code })
      expect(asDiskFull(err, '/data/profiles.json')).toMatchObject({
        code: 'DISK_FULL',
        message: expect.stringContaining('/data/profiles.json') as unknown
      })
    }
    const other = Object.assign(new Error('denied'), { code: 'EACCES' })
    expect(asDiskFull(other, '/data/x')).toBe(other)
  })
})

describe('removeStaleTemps', () => {
  it("removes a dead writer's temps of that file only, and keeps a running writer's", async () => {
    const dir = freshDir()
    const path = join(dir, 'profiles.json')
    const stale = `.profiles.json.${DEAD_PID}.ab12.tmp`
    const live = `.profiles.json.${process.pid}.cd34.tmp`
    const otherFile = `.secrets.json.${DEAD_PID}.ef56.tmp`
    for (const name of [stale, live, otherFile]) writeFileSync(join(dir, name), 'partial')
    expect(await removeStaleTemps(path)).toBe(1)
    expect(temps(dir).sort()).toEqual([live, otherFile].sort())
  })

  it('finds nothing to do in a directory that does not exist yet', async () => {
    expect(await removeStaleTemps(join(freshDir(), 'missing', 'profiles.json'))).toBe(0)
  })
})

describe('SerialFile', () => {
  it('runs steps one at a time in call order, and a failed step does not block the next', async () => {
    const file = new SerialFile(join(freshDir(), 'doc.json'))
    const order: string[] = []
    const step = (name: string, ms: number) => () =>
      new Promise<string>((resolve) => setTimeout(() => (order.push(name), resolve(name)), ms))
    const first = file.run(step('slow', 30))
    const failing = file.run(() => Promise.reject(new Error('boom')))
    const last = file.run(step('fast', 0))
    await expect(failing).rejects.toThrow('boom')
    expect(await Promise.all([first, last])).toEqual(['slow', 'fast'])
    expect(order).toEqual(['slow', 'fast'])
  })
})
