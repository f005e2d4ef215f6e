/**
 * `dbconsole serve`: the same core and renderer in any browser, on loopback with a per-run token.
 * Used by Playwright, by people without the Electron binary, and on jump hosts.
 *
 * It listens first and loads the core (drivers, the SQL parser, zod) behind it with import(), so the
 * page is on its way while the core loads; API calls wait for it. serve-startup.bench.ts times this.
 */
import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import type { Core } from './core/create-core'
import { createHttpTransport } from './transport/http'
import { ensurePrivateDir } from './private-files'
import { hostWarnings, isLoopback } from './serve-options'

export interface ServeOptions {
  port: number
  host: string
  /** Listening beyond loopback is refused unless this is set. */
  allowRemote?: boolean
  token?: string
  dataDir: string
  rendererDir: string
}

export interface RunningServe {
  url: string
  token: string
  port: number
  /** Things the person starting serve must be told (exposure beyond loopback). */
  warnings: string[]
  /** Loads after the first response; rejects if it could not load (API calls then answer 500). */
  core: Promise<Core>
  close(): Promise<void>
}

export const startServe = async (options: ServeOptions): Promise<RunningServe> => {
  if (options.host !== 'localhost' && isIP(options.host) === 0)
    throw new Error(`--host must be an IP address, got "${options.host}"`)
  const warnings = hostWarnings(options.host, options.allowRemote ?? false)
  ensurePrivateDir(options.dataDir)
  const token = options.token ?? randomBytes(24).toString('base64url')
  let loading: Promise<Core> | undefined
  let began: (core: Promise<Core>) => void = () => undefined
  const loaded = new Promise<Core>((adopt) => (began = adopt))
  const core = (): Promise<Core> => {
    if (!loading) began((loading = loadCore(options.dataDir)))
    return loading
  }
  let port = options.port
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host
  const server = createHttpTransport({
    backend: core,
    token,
    rendererDir: options.rendererDir,
    allowedHosts: () => [
      `${hostForUrl}:${port}`,
      ...(isLoopback(options.host) ? [`localhost:${port}`, `127.0.0.1:${port}`] : [])
    ]
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  // Loading the core blocks the event loop for a while: it starts once the first response (the page)
  // has gone out, or at the first API call if that comes sooner, so the page never waits behind it.
  server.once('request', (_req: unknown, res: ServerResponse) =>
    res.once('finish', () => setImmediate(() => void core().catch(() => undefined)))
  )
  const address = server.address()
  if (address && typeof address === 'object') port = address.port
  return {
    url: `http://${hostForUrl}:${port}/#token=${token}`,
    token,
    port,
    warnings,
    core: loaded,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      // Only a core that began loading needs closing (none did if no request ever came).
      await loading?.then(
        (c) => c.close(),
        () => undefined
      )
    }
  }
}

const loadCore = async (dataDir: string): Promise<Core> => {
  const [{ createCore }, { MemorySecretStore }] = await Promise.all([
    import('./core/create-core'),
    import('./core/secrets')
  ])
  // serve keeps secrets in memory only: nothing about a password is ever written to disk here.
  return createCore({ dataDir, secrets: new MemorySecretStore(), host: 'serve' })
}
