/**
 * `dbconsole serve`: the same core and renderer in any browser, on loopback with a per-run token.
 * Used by Playwright, by people without the Electron binary, and on jump hosts.
 */
import { randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import { createCore, type Core } from './core/create-core'
import { MemorySecretStore } from './core/secrets'
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
  core: Core
  close(): Promise<void>
}

export const startServe = async (options: ServeOptions): Promise<RunningServe> => {
  if (options.host !== 'localhost' && isIP(options.host) === 0)
    throw new Error(`--host must be an IP address, got "${options.host}"`)
  const warnings = hostWarnings(options.host, options.allowRemote ?? false)
  ensurePrivateDir(options.dataDir)
  const token = options.token ?? randomBytes(24).toString('base64url')
  // serve keeps secrets in memory only: nothing about a password is ever written to disk here.
  const core = createCore({ dataDir: options.dataDir, secrets: new MemorySecretStore(), host: 'serve' })
  let port = options.port
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host
  const server = createHttpTransport({
    dispatch: core.dispatch,
    events: core.events,
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
  const address = server.address()
  if (address && typeof address === 'object') port = address.port
  return {
    url: `http://${hostForUrl}:${port}/#token=${token}`,
    token,
    port,
    warnings,
    core,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await core.close()
    }
  }
}
