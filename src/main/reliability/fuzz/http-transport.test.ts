/**
 * R1 / S6 for the `serve` transport: 10,000 generated requests (paths, methods, headers, bodies; fixed
 * seed) get only the documented answers (421/403/401/404/405/413 or a 200 envelope, static files 200/403/
 * 404), never a 5xx, and the server keeps answering; plus raw garbage on the socket. No generated request
 * can make the core dial a host (socket connects are counted: only ours to the server itself).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { connect, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { saveConnectionInput } from '../../../shared/connection'
import { METHOD_NAMES } from '../../../shared/contract'
import { startServe, type RunningServe } from '../../serve'
import { trackProcessFailures } from '../../testing/own-servers'

const RUNS = 10_000
const TOKEN = 'fuzz-token-0123456789abcdef'

let serve: RunningServe
const tracker = trackProcessFailures()
const agent = new Agent({ keepAlive: true, maxSockets: 16 })

interface Reply {
  status: number
  body: string
  type: string
}

const sendOnce = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | null,
  viaAgent: Agent | false
): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: serve.port, method, path, headers, agent: viaAgent },
      (res) => {
        let data = ''
        res.on('data', (c: Buffer) => (data += c.toString()))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: data,
            type: String(res.headers['content-type'] ?? '')
          })
        )
      }
    )
    req.setTimeout(5_000, () => req.destroy(new Error(`timeout ${method} ${path}`)))
    req.on('error', reject)
    if (body !== null) req.write(body)
    req.end()
  })

/**
 * A keep-alive socket the server closes after answering (e.g. an unread body) can be handed to the next
 * request by the client agent: that "socket hang up" is the client's race, so retry once on a new socket.
 */
const send = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | null
): Promise<Reply> =>
  sendOnce(method, path, headers, body, agent).catch((err: Error) =>
    /socket hang up|ECONNRESET/.test(err.message)
      ? sendOnce(method, path, headers, body, false)
      : Promise.reject(err)
  )

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'rel-fuzz-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>dbconsole</title>')
  serve = await startServe({
    port: 0,
    host: '127.0.0.1',
    token: TOKEN,
    dataDir: mkdtempSync(join(tmpdir(), 'rel-fuzz-http-')),
    rendererDir
  })
})

afterAll(async () => {
  tracker.stop()
  agent.destroy()
  await serve.close()
})

const visible = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60
})
const pathArb = fc.oneof(
  fc.constantFrom(...METHOD_NAMES).map((m) => `/rpc/${m}`),
  visible.map((s) => `/rpc/${encodeURI(s)}`),
  fc.constantFrom(
    '/',
    '/index.html',
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%zz',
    '/rpc/',
    '/rpc',
    '/rpc/%zz',
    '/rpc/__proto__',
    '/rpc/constructor',
    '/events?x=1',
    '//rpc/app.info',
    '/rpc/app.info?token=x',
    '/%00',
    '/rpc/%00'
  ),
  visible.map((s) => `/${encodeURI(s)}`),
  fc.webPath()
)
const bodyArb = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', '{', '[]', 'null', '{"__proto__":{"ok":true}}', '{"id":"x"}', '{"connectionId":"abc"}'),
  fc.constant(null)
)
const hostOk = (port: number) => [`127.0.0.1:${port}`, `localhost:${port}`]

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'),
  path: pathArb,
  auth: fc.oneof(
    fc.constant(`Bearer ${TOKEN}`),
    fc.constant(undefined),
    fc.constantFrom('', 'Bearer', `Bearer ${TOKEN}x`, `bearer ${TOKEN}`, TOKEN, `Bearer ${TOKEN.slice(1)}`),
    visible
  ),
  host: fc.oneof(
    fc.constant('ok'),
    fc.constant('ok2'),
    visible,
    fc.constantFrom('evil.example', '127.0.0.1', '')
  ),
  origin: fc.oneof(
    fc.constant(undefined),
    fc.constant('ok'),
    fc.constantFrom('null', 'http://evil.example'),
    visible
  ),
  contentType: fc.oneof(fc.constant('application/json'), visible),
  body: bodyArb
})

describe('fuzz: HTTP transport', () => {
  it(`${RUNS} generated requests get only documented answers, never a 5xx`, async () => {
    const connectSpy = vi.spyOn(Socket.prototype, 'connect')
    const samples = fc.sample(requestArb, { seed: 0x477b, numRuns: RUNS })
    const statuses = new Map<number, number>()
    const problems: string[] = []
    const [okHost, okHost2] = hostOk(serve.port)
    const check = async (s: (typeof samples)[number]): Promise<void> => {
      // A valid connections.test/save body names a host the core would dial: never send one.
      if (s.body !== null && /connections\.(test|save)/.test(s.path)) {
        try {
          if (saveConnectionInput.safeParse(JSON.parse(s.body)).success) return
        } catch {
          // not JSON: fine
        }
      }
      const headers: Record<string, string> = { 'content-type': s.contentType }
      headers.host = s.host === 'ok' ? (okHost ?? '') : s.host === 'ok2' ? (okHost2 ?? '') : s.host
      if (s.auth !== undefined) headers.authorization = s.auth
      if (s.origin !== undefined) headers.origin = s.origin === 'ok' ? `http://${headers.host}` : s.origin
      const isEventStream = s.path.split('?')[0] === '/events' && s.method === 'GET'
      if (isEventStream) return // a valid request opens a stream that never ends; covered below
      const body = s.method === 'GET' || s.method === 'HEAD' ? null : s.body
      let r: Reply
      try {
        r = await send(s.method, s.path, headers, body)
      } catch (err) {
        problems.push(`${String(err)}: ${JSON.stringify({ ...s, body })}`)
        return
      }
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
      if (r.status >= 500) problems.push(`${r.status} ${s.method} ${s.path}: ${r.body.slice(0, 120)}`)
      if (![200, 400, 401, 403, 404, 405, 413, 421].includes(r.status))
        problems.push(`${r.status} ${s.method} ${s.path}`)
      if (r.type.startsWith('application/json') && s.method !== 'HEAD') {
        const env = JSON.parse(r.body) as { ok?: unknown }
        if (typeof env.ok !== 'boolean') problems.push(`not an envelope: ${r.body.slice(0, 80)}`)
      }
      // What the server routes on is the normalised path (`/rpc/..` is `/`, a static file).
      const routed = URL.canParse(`http://local${s.path}`)
        ? new URL(`http://local${s.path}`).pathname
        : s.path
      const api = routed.startsWith('/rpc/') || routed === '/events'
      if (api && r.status === 200 && headers.authorization !== `Bearer ${TOKEN}`)
        problems.push(`API answered 200 without the token: ${s.method} ${s.path}`)
    }
    for (let i = 0; i < samples.length; i += 32) {
      await Promise.all(samples.slice(i, i + 32).map(check))
    }
    expect([...new Set(problems.map((p) => p.slice(0, 140)))].slice(0, 20)).toEqual([])
    expect(statuses.get(401) ?? 0).toBeGreaterThan(100)
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100)
    // Only our own HTTP client's sockets connected anywhere.
    const portOf = (arg: unknown): unknown => {
      const first: unknown = Array.isArray(arg) ? arg[0] : arg
      return typeof first === 'object' && first !== null ? (first as { port?: unknown }).port : first
    }
    const dialled = new Set(connectSpy.mock.calls.map((call) => Number(portOf(call[0]))))
    expect([...dialled]).toEqual([serve.port])
    connectSpy.mockRestore()
    const alive = await send(
      'POST',
      '/rpc/app.info',
      { host: okHost ?? '', authorization: `Bearer ${TOKEN}` },
      '{}'
    )
    expect(JSON.parse(alive.body)).toMatchObject({ ok: true, value: { name: 'dbconsole' } })
    expect(tracker.failures).toEqual([])
  }, 90_000)

  it('500 streams of raw garbage on the socket do not take the server down', async () => {
    const garbage = fc.sample(
      fc.oneof(
        fc.uint8Array({ maxLength: 512 }),
        fc
          .string({ unit: 'binary', maxLength: 300 })
          .map((s) => Buffer.from(`POST /rpc/app.info HTTP/1.1\r\n${s}\r\n\r\n`)),
        fc
          .nat({ max: 100_000 })
          .map((n) => Buffer.from(`POST /rpc/app.info HTTP/1.1\r\nHost: x\r\nContent-Length: ${n}\r\n\r\n{`))
      ),
      { seed: 0x6a4b, numRuns: 500 }
    )
    const blast = (bytes: Uint8Array): Promise<void> =>
      new Promise((resolve) => {
        const s = connect(serve.port, '127.0.0.1')
        s.on('error', () => resolve())
        s.on('close', () => resolve())
        s.on('data', () => undefined)
        s.write(bytes)
        setTimeout(() => s.destroy(), 50)
      })
    for (let i = 0; i < garbage.length; i += 25) await Promise.all(garbage.slice(i, i + 25).map(blast))
    const alive = await send(
      'POST',
      '/rpc/app.info',
      { host: `127.0.0.1:${serve.port}`, authorization: `Bearer ${TOKEN}` },
      '{}'
    )
    expect(alive.status).toBe(200)
    expect(tracker.failures).toEqual([])
  }, 60_000)

  it('an authorised event stream opens and closes cleanly', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: serve.port,
          path: '/events',
          headers: { authorization: `Bearer ${TOKEN}` }
        },
        (res) => {
          resolve(res.statusCode ?? 0)
          req.destroy()
        }
      )
      req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)))
      req.end()
    })
    expect(status).toBe(200)
  })
})
