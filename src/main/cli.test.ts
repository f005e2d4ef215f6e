import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AnalysisReport } from '../shared/findings'
import { main, runAnalyze } from './cli'

const fixture = (engine: string, name: string): string =>
  resolve(import.meta.dirname, 'diagnostics', engine, 'fixtures', name)

const capture = () => {
  const lines: string[] = []
  return {
    out: (text: string) => lines.push(text),
    lines,
    reports: () => lines.map((l) => JSON.parse(l) as AnalysisReport)
  }
}

describe('dbconsole --help / --version', () => {
  it('lists serve, analyze and check', async () => {
    const c = capture()
    expect(await main(['--help'], c.out)).toBe(0)
    for (const command of ['dbconsole serve', 'dbconsole analyze', 'dbconsole check'])
      expect(c.lines.join('\n')).toContain(command)
  })

  it('prints the version and rejects unknown commands with status 2', async () => {
    const c = capture()
    expect(await main(['--version'], c.out)).toBe(0)
    expect(c.lines[0]).toMatch(/^\d+\.\d+\.\d+/)
    expect(await main(['frobnicate'], capture().out)).toBe(2)
  })
})

describe('dbconsole analyze', () => {
  it('prints one JSON line per input in order, with the spec fields', async () => {
    const c = capture()
    const files = [
      fixture('redis', 'slowlog-get--debug-sleep--redis7.0.txt'),
      fixture('redis', 'cluster-nodes--healthy--redis7.0.txt')
    ]
    const status = await runAnalyze(['--format', 'json', ...files], c.out)
    const [slowlog, nodes] = c.reports()
    expect(c.lines).toHaveLength(2)
    expect(slowlog).toMatchObject({
      input: files[0],
      ok: true,
      engine: 'redis',
      kind: 'redis.slowlog',
      error: null
    })
    expect(nodes).toMatchObject({
      ok: true,
      kind: 'redis.cluster-nodes',
      summary: { nodes: 3, masters: 3, slotsCovered: 16384 }
    })
    expect(status).toBe(0)
  })

  it('exits 1 when a finding reaches --fail-on, 0 when none does', async () => {
    const plan = fixture('plan', 'explain-json--hash-join-batches--pg15.json')
    const report = capture()
    await runAnalyze(['--format', 'json', plan], report.out)
    const worst = report.reports()[0]?.findings[0]?.severity
    expect(worst).toBe('warning')
    expect(await runAnalyze(['--fail-on', 'warning', plan], capture().out)).toBe(1)
    expect(await runAnalyze(['--fail-on', 'critical', plan], capture().out)).toBe(0)
  })

  it('exits 2 for input it does not understand, a missing file or a truncated one, and still reports the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbconsole-cli-'))
    const junk = join(dir, 'junk.txt')
    writeFileSync(junk, 'hello, this is not server output\n')
    const cut = join(dir, 'cut.json')
    writeFileSync(cut, '[{"Plan": {"Node Type": "Seq Scan", "Relation Name": "t", "Plans": [')
    const c = capture()
    const good = fixture('redis', 'info-everything--standalone--redis7.0.txt')
    expect(await runAnalyze(['--format', 'json', junk, join(dir, 'missing.txt'), cut, good], c.out)).toBe(2)
    const [a, b, d, e] = c.reports()
    expect(a?.error?.code).toBe('UNRECOGNIZED')
    expect(b).toMatchObject({ ok: false, error: { code: 'UNRECOGNIZED' } })
    expect(b?.error?.message).toContain('Cannot read')
    expect(d).toMatchObject({ ok: false, engine: 'postgres', kind: 'pg.plan', error: { code: 'TRUNCATED' } })
    expect(e).toMatchObject({ ok: true, kind: 'redis.info' })
  })

  it('reads standard input for -, and answers a server error reply as SERVER_ERROR', async () => {
    const c = capture()
    expect(
      await runAnalyze(
        ['--format', 'json', '-'],
        c.out,
        async () => "(error) ERR unknown command 'SLOWLOGX'\n"
      )
    ).toBe(2)
    expect(c.reports()[0]).toMatchObject({ input: '-', ok: false, error: { code: 'SERVER_ERROR' } })
    expect(c.reports()[0]?.error?.message).toContain('unknown command')
  })

  it('renders text for a terminal', async () => {
    const c = capture()
    await runAnalyze([fixture('plan', 'explain-json--hash-join-batches--pg15.json')], c.out)
    expect(c.lines[0]).toMatch(/^== .*explain-json--hash-join-batches--pg15\.json: pg\.plan \(postgres\)/)
    expect(c.lines[0]).toContain('WARNING  pg.plan.')
  })

  it('refuses bad flags with status 2', async () => {
    expect(await main(['analyze', '--format', 'xml', 'x'], capture().out)).toBe(2)
    expect(await main(['analyze', '--fail-on', 'info', 'x'], capture().out)).toBe(2)
    expect(await main(['analyze'], capture().out)).toBe(2)
    expect(await main(['check'], capture().out)).toBe(2)
  })
})
