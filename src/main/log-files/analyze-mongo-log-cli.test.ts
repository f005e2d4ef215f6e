import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAnalyze } from '../cli'
import { captureCliOutput as capture } from '../testing/cli-capture'
import { decompress } from './decompress'

const LOG = join(import.meta.dirname, '../diagnostics/mongolog/fixtures/mongo-log--slow-ops--mongo4.4.json')
const text = readFileSync(LOG)
const dir = mkdtempSync(join(tmpdir(), 'dbconsole-mongolog-'))
const compressed = (tool: 'bzip2' | 'xz', name: string): string => {
  const path = join(dir, name)
  writeFileSync(path, execFileSync(tool, ['-c'], { input: text }))
  return path
}

describe('dbconsole analyze <MongoDB log>, plain, bzip2 and xz', () => {
  it('streams the plain, bzip2 and xz files to the same mongo.log report', async () => {
    const c = capture()
    const paths = [LOG, compressed('bzip2', 'mongod.log.bz2'), compressed('xz', 'mongod.log.xz')]
    expect(await runAnalyze(['--format', 'json', ...paths], c.out)).toBe(0)
    const reports = c.reports()
    expect(reports.map((r) => [r.ok, r.kind, r.engine])).toEqual(
      paths.map(() => [true, 'mongo.log', 'mongo'])
    )
    expect(reports[1]?.summary).toEqual(reports[0]?.summary)
    expect(reports[2]?.summary).toEqual(reports[0]?.summary)
    expect(reports[0]?.summary.lines).toBe(text.toString().trimEnd().split('\n').length)
    expect(await runAnalyze(['--fail-on', 'critical', LOG], capture().out)).toBe(1)
  })

  it('reads a PostgreSQL log through xz too, to the same report as the plain file', async () => {
    const csv = join(import.meta.dirname, '../diagnostics/pglog/fixtures/pg-log--workload--pg15.csv')
    const xz = join(dir, 'postgresql.csv.xz')
    writeFileSync(xz, execFileSync('xz', ['-c'], { input: readFileSync(csv) }))
    const c = capture()
    expect(await runAnalyze(['--format', 'json', csv, xz], c.out)).toBe(0)
    const [plain, packed] = c.reports()
    expect(packed?.kind).toBe('pg.log')
    expect(packed?.summary).toEqual(plain?.summary)
  })

  it('reads a log cut mid-line from standard input in small chunks, with --engine mongo', async () => {
    const cut = text.subarray(0, text.length - 40)
    const chunks = Array.from({ length: Math.ceil(cut.length / 333) }, (_, i) =>
      cut.subarray(i * 333, (i + 1) * 333)
    )
    const c = capture()
    expect(await runAnalyze(['--format', 'json', '--engine', 'mongo', '-'], c.out, () => chunks)).toBe(0)
    expect(c.reports()[0]).toMatchObject({
      ok: true,
      kind: 'mongo.log',
      summary: { truncatedAtLine: cut.toString().split('\n').length }
    })
  })

  it('says where a cut or corrupt compressed file fails, instead of a partial report', async () => {
    const bz = readFileSync(compressed('bzip2', 'full.bz2'))
    const xz = readFileSync(compressed('xz', 'full.xz'))
    const cutBz = join(dir, 'cut.bz2')
    writeFileSync(cutBz, bz.subarray(0, Math.floor(bz.length / 2)))
    const corruptXz = join(dir, 'corrupt.xz')
    const bad = Buffer.from(xz)
    bad.fill(0x55, 40, 200)
    writeFileSync(corruptXz, bad)
    const c = capture()
    expect(await runAnalyze(['--format', 'json', cutBz, corruptXz], c.out)).toBe(2)
    const [a, b] = c.reports()
    expect(a?.ok).toBe(false)
    expect(a?.error?.message).toMatch(
      /^Cannot read .*cut\.bz2: bzip2 -dc failed after \d+ decompressed bytes \(exit 2\): .*ends unexpectedly/
    )
    expect(b?.ok).toBe(false)
    expect(b?.error?.message).toMatch(
      /corrupt\.xz: xz -dc failed after \d+ decompressed bytes \(exit 1\): .*(corrupt|Unexpected)/
    )
  })

  it('says which tool is missing', async () => {
    const path = process.env.PATH
    process.env.PATH = dir
    try {
      const gen = decompress(
        'xz',
        (async function* () {
          yield Buffer.from('x')
        })()
      )
      await expect(gen.next()).rejects.toThrow('the xz command is not installed (apt-get install xz-utils)')
    } finally {
      process.env.PATH = path
    }
  })
})
