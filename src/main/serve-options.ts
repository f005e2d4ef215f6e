/**
 * Decisions about how `dbconsole serve` is exposed: where the token comes from, where data lives by
 * default, and which hosts it may listen on. Pure apart from reading the token file.
 */
import { join } from 'node:path'
import { AppFailure } from '../shared/errors'
import { readPrivateFile } from './private-files'

export const TOKEN_ENV = 'DBCONSOLE_TOKEN'

export interface TokenSources {
  flag?: string
  file?: string
  env?: string
}

export interface ResolvedToken {
  /** Absent: serve makes a random one for this run. */
  token?: string
  warnings: string[]
}

/** One source at most: two that disagree would leave the user unsure which token is in force. */
export const resolveServeToken = (sources: TokenSources): ResolvedToken => {
  const env = sources.env === '' ? undefined : sources.env
  const given = [sources.flag, sources.file, env].filter((s) => s !== undefined)
  if (given.length > 1)
    throw new AppFailure(
      'INVALID_INPUT',
      `Give the token one way only: --token-file, ${TOKEN_ENV} or --token.`
    )
  const token =
    sources.file !== undefined ? readPrivateFile(sources.file, 'The token file') : (env ?? sources.flag)
  if (token !== undefined && (token === '' || /\s/.test(token)))
    throw new AppFailure('INVALID_INPUT', 'The token must be one word with no spaces, and not empty.')
  const warnings =
    sources.flag === undefined
      ? []
      : [`warning: --token is visible to every local user in \`ps\`; prefer ${TOKEN_ENV} or --token-file.`]
  return { token, warnings }
}

/** `$XDG_STATE_HOME/dbconsole/serve`, or `~/.local/state/dbconsole/serve` (XDG ignores relative values). */
export const defaultServeDataDir = (xdgStateHome: string | undefined, home: string): string => {
  const stateHome = xdgStateHome?.startsWith('/') ? xdgStateHome : join(home, '.local', 'state')
  return join(stateHome, 'dbconsole', 'serve')
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || host.startsWith('127.')

/** Refuses a non-loopback host unless asked for; then says what listening there exposes. */
export const hostWarnings = (host: string, allowRemote: boolean): string[] => {
  if (isLoopback(host)) return []
  if (!allowRemote)
    throw new AppFailure(
      'REFUSED',
      `--host ${host} would serve beyond this machine: add --allow-remote if that is what you want.`
    )
  return [
    `warning: serving on ${host} over plain HTTP: the traffic, your data and the token travel in clear. ` +
      'Prefer an SSH tunnel to 127.0.0.1.'
  ]
}
