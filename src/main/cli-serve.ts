/**
 * The commands that host the app: serve, and start (the desktop app, or serve without Electron). cli.ts
 * loads this module with import(); it stays light itself, because serve listens before it loads the
 * core (serve.ts).
 */
import { existsSync, readFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { homedir } from 'node:os'
import { parseArgs } from 'node:util'
import { AppFailure } from '../shared/errors'
import { redact } from '../shared/redact'
import type { Out } from './cli-common'
import { startServe } from './serve'
import { defaultServeDataDir, resolveServeToken, TOKEN_ENV } from './serve-options'
import { terminalSafe } from './terminal-text'

/**
 * The directory of the CLI entry (out/main when built): this module is a chunk of its own in the build,
 * so paths are taken from the entry, which cli.ts passes in, never from this file's own URL.
 */
type EntryDir = string

const repoRoot = (entryDir: EntryDir): string => resolve(entryDir, '..', '..')

export const runServe = async (args: string[], out: Out, entryDir: EntryDir): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '4173' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-remote': { type: 'boolean', default: false },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      'data-dir': { type: 'string' }
    }
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new AppFailure('INVALID_INPUT', '--port must be 0-65535')
  const { token, warnings } = resolveServeToken({
    flag: values.token,
    file: values['token-file'],
    env: process.env[TOKEN_ENV]
  })
  // The renderer built beside this file (out/renderer, or another --outDir of electron-vite build).
  const rendererDir = join(entryDir, '..', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new AppFailure('NOT_FOUND', `No built renderer in ${rendererDir}: run npm run build first.`)
  const running = await startServe({
    port,
    host: values.host,
    allowRemote: values['allow-remote'],
    token,
    dataDir: resolve(values['data-dir'] ?? defaultServeDataDir(process.env.XDG_STATE_HOME, homedir())),
    rendererDir
  })
  for (const warning of [...warnings, ...running.warnings]) console.error(`dbconsole serve: ${warning}`)
  out(`dbconsole serve: open ${running.url}`)
  running.core.catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err)
    console.error(`dbconsole serve: the core did not load: ${terminalSafe(redact(message))}`)
    process.exit(2)
  })
  const stop = () => void running.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return new Promise<number>(() => undefined)
}

/** Where an Electron binary is present (never downloaded here: requiring 'electron' would try to). */
const electronBinary = (entryDir: EntryDir): string | null => {
  const dir = join(repoRoot(entryDir), 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

export const runStart = async (args: string[], out: Out, entryDir: EntryDir): Promise<number> => {
  const binary = electronBinary(entryDir)
  if (binary) {
    const child = spawn(binary, [repoRoot(entryDir)], { stdio: 'inherit' })
    return new Promise((r) => child.on('exit', (code) => r(code ?? 0)))
  }
  out(
    'No Electron binary on this machine: starting `dbconsole serve` instead (the same app in your browser).'
  )
  return runServe(args, out, entryDir)
}
