/**
 * S8 / R7: sentinel passwords through a whole flow over the real `serve` transport: save a profile with
 * a WRONG password, connect (AUTH_FAILED), test, re-save with the right one, connect, diagnostics.run,
 * list, status, errors; PostgreSQL (shared primary, password-authenticated app role) and our own Redis
 * with requirepass. Every HTTP body, every SSE event, everything printed to the console and every file
 * in the data dirs (serve's, and a desktop-style store with encrypted secrets) is searched for the
 * sentinels, plain and URL-encoded. Secrets found: 0.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ProfileStore } from '../../core/profiles'
import { EncryptedFileSecretStore, type Encryptor } from '../../core/secrets'
import { startServe, type RunningServe } from '../../serve'
import { startOwnRedis, type OwnRedis } from '../../testing/own-servers'
import { TEST_SERVERS } from '../../testing/test-servers'

const PG_RIGHT = TEST_SERVERS.pgAppPassword
const PG_WRONG = 'WRONG-pg-Sentinel-91c2'
const REDIS_RIGHT = 'redis-Sentinel-pw-55e1'
const REDIS_WRONG = 'WRONG-redis-Sentinel-0b7d'
const SENTINELS = [PG_RIGHT, PG_WRONG, REDIS_RIGHT, REDIS_WRONG]
const forms = (s: string) => [s, encodeURIComponent(s), Buffer.from(s).toString('base64')]

let serve: RunningServe
let redis: OwnRedis
let serveDir: string
let desktopDir: string
const transcript: string[] = []
const consoleOut: string[] = []
let sseText = ''
let sseRequest: ReturnType<typeof request> | null = null

const rpc = (
  method: string,
  input: unknown
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> =>
  new Promise((resolve, reject) => {
    const body = JSON.stringify(input)
    const req = request(
      {
        host: '127.0.0.1',
        port: serve.port,
        method: 'POST',
        path: `/rpc/${method}`,
        headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' }
      },
      (res) => {
        let data = ''
        res.on('data', (c: Buffer) => (data += c.toString()))
        res.on('end', () => {
          transcript.push(`${method} ${res.statusCode} ${JSON.stringify(res.headers)} ${data}`)
          resolve(
            JSON.parse(data) as { ok: boolean; value?: unknown; error?: { code: string; message: string } }
          )
        })
      }
    )
    req.on('error', reject)
    req.end(body)
  })

const pgUrl = (pw: string) =>
  `postgres://dbconsole_app:${encodeURIComponent(pw)}@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/app`
const redisUrl = (pw: string) => `redis://:${encodeURIComponent(pw)}@127.0.0.1:${redis.port}`

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      consoleOut.push(
        args.map((a) => (a instanceof Error ? `${a.message} ${a.stack ?? ''}` : String(a))).join(' ')
      )
    })
  }
  redis = await startOwnRedis('secrets', 46540, ['--requirepass', REDIS_RIGHT])
  serveDir = mkdtempSync(join(tmpdir(), 'rel-secrets-serve-'))
  const rendererDir = mkdtempSync(join(tmpdir(), 'rel-secrets-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
  serve = await startServe({ port: 0, host: '127.0.0.1', dataDir: serveDir, rendererDir })
  await new Promise<void>((resolve) => {
    sseRequest = request(
      {
        host: '127.0.0.1',
        port: serve.port,
        path: '/events',
        headers: { authorization: `Bearer ${serve.token}` }
      },
      (res) => {
        res.on('data', (c: Buffer) => (sseText += c.toString()))
        resolve()
      }
    )
    sseRequest.on('error', () => undefined)
    sseRequest.end()
  })
})

afterAll(async () => {
  sseRequest?.destroy()
  await serve?.close()
  redis?.down()
  vi.restoreAllMocks()
})

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

describe('secrets never leave the secret store', () => {
  it('a whole PostgreSQL and Redis flow with wrong and right passwords', async () => {
    for (const [engine, wrong, right] of [
      ['postgres', pgUrl(PG_WRONG), pgUrl(PG_RIGHT)],
      ['redis', redisUrl(REDIS_WRONG), redisUrl(REDIS_RIGHT)]
    ] as const) {
      const saved = await rpc('connections.save', {
        name: `${engine} prod`,
        engine,
        url: wrong,
        environment: 'production'
      })
      expect(saved.ok).toBe(true)
      const id = (saved.value as { id: string }).id
      const refused = await rpc('connections.connect', { id })
      expect(refused).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } })
      const tested = await rpc('connections.test', {
        name: 't',
        engine,
        url: wrong,
        environment: 'production'
      })
      expect(tested).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } })
      // A malformed variant: the error quotes the input, never the password.
      const malformed = await rpc('connections.save', {
        name: 'bad',
        engine,
        url: `${wrong.replace('@127.0.0.1', '@bad host!')}`,
        environment: 'production'
      })
      expect(malformed.ok).toBe(false)
      expect(
        (
          await rpc('connections.save', {
            id,
            name: `${engine} prod`,
            engine,
            url: right,
            environment: 'production'
          })
        ).ok
      ).toBe(true)
      expect(await rpc('connections.connect', { id })).toMatchObject({
        ok: true,
        value: { state: 'connected' }
      })
      expect((await rpc('diagnostics.run', { connectionId: id })).ok).toBe(true)
      expect(
        (await rpc('connections.test', { id, name: 't', engine, url: right, environment: 'production' })).ok
      ).toBe(true)
      await rpc('connections.list', {})
      await rpc('connections.status', {})
      await (await serve.core).sessions.pollOnce()
    }
    // The desktop-style store: secrets encrypted on disk (fake safeStorage), profiles beside them.
    desktopDir = mkdtempSync(join(tmpdir(), 'rel-secrets-desktop-'))
    const encryptor: Encryptor = {
      isEncryptionAvailable: () => true,
      encryptString: (plain) => Buffer.from(Buffer.from(plain).map((b) => b ^ 0x5a)),
      decryptString: (cipher) => Buffer.from(cipher.map((b) => b ^ 0x5a)).toString()
    }
    const store = new ProfileStore(desktopDir, new EncryptedFileSecretStore(desktopDir, encryptor))
    const { id } = await store.save({
      name: 'desktop',
      engine: 'postgres',
      url: pgUrl(PG_RIGHT),
      environment: 'production'
    })
    expect(await store.connectUrl(id)).toContain(encodeURIComponent(PG_RIGHT)) // the secret is really stored
    await new Promise((r) => setTimeout(r, 200)) // let the last SSE events arrive
  }, 60_000)

  it('secrets found: 0 (HTTP bodies, SSE events, console output, data dirs)', () => {
    const haystacks: [string, string][] = [
      ...transcript.map((t, i) => [`http#${i}`, t] as [string, string]),
      ['sse', sseText],
      ...consoleOut.map((c, i) => [`console#${i}`, c] as [string, string]),
      ...[serveDir, desktopDir]
        .flatMap(filesUnder)
        .map((f) => [f, readFileSync(f, 'latin1')] as [string, string])
    ]
    const found = haystacks.flatMap(([where, text]) =>
      SENTINELS.flatMap(forms)
        .filter((needle) => text.includes(needle))
        .map((needle) => `${where}: ${needle}`)
    )
    // The flow really produced material to search: errors, events, files.
    expect(transcript.length).toBeGreaterThanOrEqual(20)
    expect(sseText).toContain('"connection.status"')
    expect(transcript.some((t) => t.includes('AUTH_FAILED'))).toBe(true)
    expect(filesUnder(desktopDir).some((f) => f.endsWith('secrets.json'))).toBe(true)
    // Control: the search does find a sentinel where one is.
    expect(SENTINELS.flatMap(forms).some((needle) => pgUrl(PG_RIGHT).includes(needle))).toBe(true)
    expect(found).toEqual([])
  })
})
