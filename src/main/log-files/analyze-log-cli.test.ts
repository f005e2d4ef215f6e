import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { runAnalyze } from '../cli'
import { captureCliOutput as capture } from '../testing/cli-capture'

const fixtures = join(import.meta.dirname, '../diagnostics/pglog/fixtures')
const file = (name: string) => join(fixtures, name)

describe('dbconsole analyze <server log>', () => {
  it('streams the recorded stderr, csvlog and jsonlog files to one pg.log report each, gzip included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbconsole-pglog-'))
    const gz = join(dir, 'postgresql.csv.gz')
    writeFileSync(gz, gzipSync(readFileSync(file('pg-log--workload--pg15.csv'))))
    const c = capture()
    const paths = ['log', 'csv', 'json'].map((ext) => file(`pg-log--workload--pg15.${ext}`))
    const status = await runAnalyze(['--format', 'json', ...paths, gz], c.out)
    expect(status).toBe(0)
    const reports = c.reports()
    expect(reports.map((r) => [r.kind, r.summary.format])).toEqual([
      ['pg.log', 'stderr'],
      ['pg.log', 'csvlog'],
      ['pg.log', 'jsonlog'],
      ['pg.log', 'csvlog']
    ])
    const entries = reports.map((r) => r.summary.entries)
    expect(new Set(entries).size).toBe(1)
    expect(reports[3]?.summary).toEqual(reports[1]?.summary)
    expect(reports[0]?.findings.some((f) => f.rule === 'pg.deadlocks')).toBe(true)
    expect(await runAnalyze(['--fail-on', 'warning', paths[0] ?? ''], capture().out)).toBe(1)
  })

  it('reads a log from standard input in chunks that split lines, and reports a cut one', async () => {
    const text = readFileSync(file('pg-log--cut-mid-plan--pg15.log'))
    const chunks = Array.from({ length: Math.ceil(text.length / 777) }, (_, i) =>
      text.subarray(i * 777, (i + 1) * 777)
    )
    const c = capture()
    expect(await runAnalyze(['--format', 'json', '-'], c.out, () => chunks)).toBe(0)
    expect(c.reports()[0]).toMatchObject({
      input: '-',
      ok: true,
      kind: 'pg.log',
      summary: { truncatedAtLine: text.toString().split('\n').length }
    })
    expect(c.reports()[0]?.findings.map((f) => f.rule)).toContain('pg.log.truncated')
  })

  it('uses --log-line-prefix, and says so when it does not fit', async () => {
    const c = capture()
    const log = file('pg-log--workload--pg15.log')
    expect(await runAnalyze(['--format', 'json', '--log-line-prefix', '%m [%p] %q%u@%d ', log], c.out)).toBe(
      0
    )
    expect(c.reports()[0]?.summary.prefix).toBe('%m [%p] %q%u@%d ')
    const wrong = capture()
    expect(await runAnalyze(['--format', 'json', '--log-line-prefix', '%t <%p> ', log], wrong.out)).toBe(2)
    expect(wrong.reports()[0]?.error).toMatchObject({ code: 'MALFORMED' })
    expect(wrong.reports()[0]?.error?.message).toContain(
      'No stderr log entry could be read; line 1 is: 2026-'
    )
  })

  it('still reads other output (a plan) from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbconsole-pglog-'))
    const plan = join(dir, 'plan.txt')
    writeFileSync(
      plan,
      'Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4) (actual time=0.01..0.02 rows=3 loops=1)\nExecution Time: 0.05 ms\n'
    )
    const c = capture()
    await runAnalyze(['--format', 'json', plan], c.out)
    expect(c.reports()[0]).toMatchObject({ ok: true, kind: 'pg.plan' })
  })
})
