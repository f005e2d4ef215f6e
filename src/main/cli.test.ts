import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { main, runAnalyze } from './cli'
import { captureCliOutput as capture } from './testing/cli-capture'

const fixture = (engine: string, name: string): string =>
  resolve(import.meta.dirname, 'diagnostics', engine, 'fixtures', name)

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

  it('reads piped `redis-cli slowlog get > file` output (raw, no indexes), recorded from Redis 7.0', async () => {
    const c = capture()
    const file = fixture('redis', 'slowlog-get-piped--debug-sleep--redis7.0.txt')
    expect(await runAnalyze(['--format', 'json', file], c.out)).toBe(0)
    expect(c.reports()[0]).toMatchObject({
      ok: true,
      kind: 'redis.slowlog',
      summary: { entries: 6, slowest: { id: 0, durationUs: 50100, command: 'DEBUG' }, hasClientInfo: true }
    })
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
      await runAnalyze(['--format', 'json', '-'], c.out, () => [
        Buffer.from("(error) ERR unknown command 'SLOWLOGX'\n")
      ])
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

describe('dbconsole serve refusals', () => {
  const serveErrors = async (args: string[], env: Record<string, string> = {}): Promise<string> => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    vi.stubEnv('DBCONSOLE_TOKEN', '')
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value)
    try {
      expect(await main(['serve', '--port', '0', ...args], capture().out)).toBe(2)
      return errors.mock.calls.map((call) => String(call[0])).join('\n')
    } finally {
      errors.mockRestore()
      vi.unstubAllEnvs()
    }
  }
  const dataDir = () => mkdtempSync(join(tmpdir(), 'dbconsole-cli-serve-'))

  it('refuses a token given both in DBCONSOLE_TOKEN and on the command line', async () => {
    expect(await serveErrors(['--token', 'a', '--data-dir', dataDir()], { DBCONSOLE_TOKEN: 'b' })).toMatch(
      /one way only/
    )
  })

  it('refuses a token file others can read', async () => {
    const file = join(dataDir(), 'token')
    writeFileSync(file, 'secret', { mode: 0o644 })
    expect(await serveErrors(['--token-file', file, '--data-dir', dataDir()])).toMatch(/chmod 600/)
  })

  it('refuses --host 0.0.0.0 without --allow-remote', async () => {
    expect(await serveErrors(['--host', '0.0.0.0', '--data-dir', dataDir()])).toMatch(/--allow-remote/)
  })

  it('refuses a data dir that another user owns', async () => {
    const dir = dataDir()
    chownSync(dir, 65534, 65534)
    expect(await serveErrors(['--data-dir', dir])).toMatch(/belongs to uid 65534/)
  })

  it('defaults the data dir to XDG_STATE_HOME, and refuses it there too when it is not private', async () => {
    const state = dataDir()
    mkdirSync(join(state, 'dbconsole', 'serve'), { recursive: true, mode: 0o777 })
    chmodSync(join(state, 'dbconsole', 'serve'), 0o777)
    expect(await serveErrors([], { XDG_STATE_HOME: state })).toContain(
      `The data dir ${join(state, 'dbconsole', 'serve')} is writable by group or others`
    )
  })
})
