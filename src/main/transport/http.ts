/**
 * The `serve` transport: the built renderer, `POST /rpc/<method>` and server-sent events at `/events`.
 * RPC and events need `Authorization: Bearer <token>`; static files do not (a page load cannot carry the
 * header), but they hold no data. Host and Origin are checked so a web page elsewhere cannot reach us
 * through DNS rebinding or a cross-site form post.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { timingSafeEqual } from 'node:crypto'
import { MAX_ANALYZE_BYTES } from '../../shared/limits'
import { fail } from '../../shared/errors'
import type { EventHub } from '../core/events'
import type { Dispatch } from '../core/dispatch'

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm'
}

/** JSON envelopes for a 64 MB paste, plus room for the JSON quoting. */
const MAX_BODY_BYTES = MAX_ANALYZE_BYTES + 4 * 1024 * 1024

/** What answers the API: the core, which serve may still be loading when the first request comes in. */
export interface Backend {
  dispatch: Dispatch
  events: EventHub
}

export interface HttpTransportOptions {
  /** Called only by API requests that passed the Host, Origin and token checks; pages never wait. */
  backend: () => Promise<Backend>
  token: string
  rendererDir: string
  /** host:port values accepted in the Host header. */
  allowedHosts: () => string[]
}

const tokenMatches = (header: string | undefined, token: string): boolean => {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '')
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff'
  })
  res.end(text)
}

const readBody = (req: IncomingMessage): Promise<string | null> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        resolve(null)
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })

const serveStatic = async (rendererDir: string, urlPath: string, res: ServerResponse): Promise<void> => {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    // A malformed escape (`/%zz`) names no file: 404, not a 500 from the URIError.
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    return
  }
  const relative = urlPath === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const file = normalize(join(rendererDir, relative))
  if (!file.startsWith(normalize(rendererDir) + sep)) {
    res.writeHead(403).end()
    return
  }
  try {
    const body = await readFile(file)
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff'
    }
    if (extname(file) === '.html') {
      headers['content-security-policy'] = CONTENT_SECURITY_POLICY
      headers['cache-control'] = 'no-store'
    }
    res.writeHead(200, headers).end(body)
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
  }
}

const streamEvents = (events: EventHub, req: IncomingMessage, res: ServerResponse): void => {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive'
  })
  res.write(': connected\n\n')
  const unsubscribe = events.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`))
  // A comment every 15 s keeps proxies and idle timers from closing the stream.
  const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000)
  req.on('close', () => {
    clearInterval(heartbeat)
    unsubscribe()
  })
}

export const createHttpTransport = (options: HttpTransportOptions): Server =>
  createServer((req, res) => {
    void handle(options, req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', 'The request could not be handled.'))
      else res.end()
    })
  })

const handle = async (
  options: HttpTransportOptions,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> => {
  if (!options.allowedHosts().includes(req.headers.host ?? '')) {
    sendJson(res, 421, fail('REFUSED', 'Unexpected Host header.'))
    return
  }
  // Parse the request target as a path only: `new URL('//x', base)` would read `//x` as a host (and `//`
  // throws), turning a malformed target into a 500.
  const target = req.url ?? '/'
  const url =
    target.startsWith('/') && URL.canParse(`http://local${target}`) ? new URL(`http://local${target}`) : null
  if (!url) {
    sendJson(res, 400, fail('INVALID_INPUT', 'Malformed request target.'))
    return
  }
  const isApi = url.pathname.startsWith('/rpc/') || url.pathname === '/events'
  if (!isApi) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    await serveStatic(options.rendererDir, url.pathname, res)
    return
  }
  const origin = req.headers.origin
  if (origin !== undefined && !options.allowedHosts().some((h) => origin === `http://${h}`)) {
    sendJson(res, 403, fail('REFUSED', 'Cross-origin requests are refused.'))
    return
  }
  if (!tokenMatches(req.headers.authorization, options.token)) {
    sendJson(
      res,
      401,
      fail('REFUSED', 'Missing or wrong token: open the URL that `dbconsole serve` printed.')
    )
    return
  }
  if (url.pathname === '/events' && req.method === 'GET') {
    streamEvents((await options.backend()).events, req, res)
    return
  }
  if (req.method !== 'POST') {
    res.writeHead(405).end()
    return
  }
  const method = url.pathname.slice('/rpc/'.length)
  const body = await readBody(req)
  if (body === null) {
    sendJson(res, 413, fail('INVALID_INPUT', 'Request body too large.'))
    return
  }
  let input: unknown = {}
  if (body.trim() !== '') {
    try {
      input = JSON.parse(body)
    } catch {
      sendJson(res, 200, fail('INVALID_INPUT', 'The request body is not valid JSON.'))
      return
    }
  }
  const result = await (await options.backend()).dispatch(method, input)
  sendJson(res, !result.ok && result.error.code === 'UNKNOWN_METHOD' ? 404 : 200, result)
}
