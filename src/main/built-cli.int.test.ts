/**
 * Each command of the BUILT CLI (bin/dbconsole.mjs over out/), because the build splits cli.ts into
 * chunks (the live commands load with import()) and a path taken from the wrong chunk only shows there.
 * Needs `npx electron-vite build` first, as scripts/test-all.sh does before the integration suite.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AnalysisReport } from '../shared/findings'
import { redisUrl } from './testing/test-servers'

const ROOT = resolve(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'dbconsole.mjs')
const PLAN = join(ROOT, 'src/main/diagnostics/plan/fixtures/explain-json--initplan--pg15.json')
const TOKEN = 'built-cli-token-0123456789'
const env = { ...process.env, DBCONSOLE_OUT_DIR: undefined, DBCONSOLE_TOKEN: TOKEN }

const dbconsole = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' })

const get = (port: number, host: string): Promise<{ status: number; body: string }> =>
  new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => done({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', fail)
    req.end()
  })

describe('the built dbconsole', () => {
  it('analyze reports on a captured plan', () => {
    const r = dbconsole('analyze', '--format', 'json', PLAN)
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout) as AnalysisReport).toMatchObject({ ok: true, kind: 'pg.plan' })
  })

  it('check reaches a live Redis', () => {
    const r = dbconsole('check', '--format', 'json', '--url', redisUrl())
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout) as AnalysisReport).toMatchObject({ ok: true, kind: 'redis.health' })
  })

  it('check of an unreachable node exits 2 with the report saying so', () => {
    const r = dbconsole('check', '--format', 'json', '--timeout-ms', '2000', '--url', 'redis://127.0.0.1:1')
    expect(r.status).toBe(2)
    expect(JSON.parse(r.stdout) as AnalysisReport).toMatchObject({
      ok: false,
      error: { code: 'UNREACHABLE' }
    })
  })

  it('serve finds the built renderer, refuses a foreign Host, and stops on SIGTERM', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'dbconsole-built-')), 'data')
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { env })
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    try {
      const url = await new Promise<URL>((done, fail) => {
        let seen = ''
        child.stdout.on('data', (c: Buffer) => {
          seen += c.toString()
          const m = /open (http:\/\/\S+)/.exec(seen)
          if (m?.[1]) done(new URL(m[1]))
        })
        child.on('exit', (code) => fail(new Error(`serve exited ${code} before listening`)))
      })
      expect(url.hash).toBe(`#token=${TOKEN}`)
      const page = await get(Number(url.port), url.host)
      expect(page.status).toBe(200)
      expect(page.body).toContain('<div id="root">')
      expect((await get(Number(url.port), 'evil.example:80')).status).toBe(421)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
  })
})
