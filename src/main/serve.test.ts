import { chownSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServe, type RunningServe } from './serve'

let serve: RunningServe
const TOKEN = 'test-token-123456'

interface Reply {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

const send = (
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string
): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: serve.port, method, path, headers }, (res) => {
      let data = ''
      res.on('data', (c: Buffer) => (data += c.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, headers: res.headers }))
    })
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })

const scratch = (): string => mkdtempSync(join(tmpdir(), 'dbconsole-data-'))

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'dbconsole-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>dbconsole</title>')
  serve = await startServe({
    port: 0,
    host: '127.0.0.1',
    token: TOKEN,
    dataDir: scratch(),
    rendererDir
  })
})
afterAll(() => serve.close())

describe('dbconsole serve', () => {
  it('prints a loopback URL carrying the token in the fragment', () => {
    expect(serve.url).toBe(`http://127.0.0.1:${serve.port}/#token=${TOKEN}`)
  })

  it('answers 401 without the token and does nothing', async () => {
    const before = await send('POST', '/rpc/connections.list', auth, '{}')
    const denied = await send(
      'POST',
      '/rpc/connections.save',
      { 'content-type': 'application/json' },
      JSON.stringify({ name: 'x', engine: 'redis', url: 'redis://h', environment: 'development' })
    )
    const wrong = await send('POST', '/rpc/connections.list', { authorization: 'Bearer nope' }, '{}')
    const after = await send('POST', '/rpc/connections.list', auth, '{}')
    expect(denied.status).toBe(401)
    expect(wrong.status).toBe(401)
    expect(JSON.parse(denied.body)).toMatchObject({ ok: false, error: { code: 'REFUSED' } })
    expect(after.body).toBe(before.body)
    expect(JSON.parse(after.body)).toEqual({ ok: true, value: [] })
  })

  it('answers the envelope with 200, 404 for unknown methods', async () => {
    const info = await send('POST', '/rpc/app.info', auth, '{}')
    expect(info.status).toBe(200)
    expect(JSON.parse(info.body)).toMatchObject({
      ok: true,
      value: { name: 'dbconsole', host: 'serve', secrets: { persistent: false, reason: /memory only/ } }
    })
    const unknown = await send('POST', '/rpc/nope.nope', auth, '{}')
    expect(unknown.status).toBe(404)
    const badJson = await send('POST', '/rpc/app.info', auth, '{')
    expect(JSON.parse(badJson.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('refuses other Host headers (DNS rebinding) and cross-origin calls', async () => {
    const rebinding = await send('POST', '/rpc/app.info', { ...auth, host: 'evil.example:80' }, '{}')
    expect(rebinding.status).toBe(421)
    const crossOrigin = await send('POST', '/rpc/app.info', { ...auth, origin: 'http://evil.example' }, '{}')
    expect(crossOrigin.status).toBe(403)
  })

  it('serves the renderer with a strict CSP and refuses path traversal', async () => {
    const page = await send('GET', '/')
    expect(page.status).toBe(200)
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'")
    const traversal = await send('GET', '/..%2f..%2fetc%2fpasswd')
    expect([403, 404]).toContain(traversal.status)
    expect(traversal.body).not.toContain('root:')
  })

  it('refuses to bind to a host name that is not an IP address', async () => {
    await expect(
      startServe({ port: 0, host: 'example.com', dataDir: tmpdir(), rendererDir: tmpdir() })
    ).rejects.toThrow('--host must be an IP address')
  })

  it('refuses a host beyond loopback unless allowed, and then warns that it is plain HTTP', async () => {
    const options = { port: 0, host: '0.0.0.0', dataDir: scratch(), rendererDir: tmpdir() }
    await expect(startServe(options)).rejects.toThrow(/--allow-remote/)
    const remote = await startServe({ ...options, allowRemote: true })
    try {
      expect(remote.warnings.join()).toMatch(/plain HTTP/)
    } finally {
      await remote.close()
    }
    expect(serve.warnings).toEqual([])
  })

  it('refuses a data dir owned by another user', async () => {
    const dataDir = scratch()
    chownSync(dataDir, 65534, 65534)
    await expect(startServe({ port: 0, host: '127.0.0.1', dataDir, rendererDir: tmpdir() })).rejects.toThrow(
      /belongs to uid 65534/
    )
  })

  it('never follows a planted profiles.json symlink', async () => {
    const planted = join(scratch(), 'planted.json')
    writeFileSync(planted, JSON.stringify([{ id: 'x', name: 'planted', allowCatastrophic: true }]))
    const dataDir = scratch()
    symlinkSync(planted, join(dataDir, 'profiles.json'))
    await expect(startServe({ port: 0, host: '127.0.0.1', dataDir, rendererDir: tmpdir() })).rejects.toThrow(
      /profiles\.json is a symlink/
    )
  })
})
