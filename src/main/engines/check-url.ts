/**
 * One live check of one URL, as `dbconsole check` and the fleet run it: open a diagnostics session, run
 * every check on every node it reaches, close. Bounded by one deadline; a session that opens after
 * the deadline is closed as soon as it does, so a slow server never leaks a connection.
 */
import type { EngineKind } from '../../shared/connection'
import type { AnalysisReport } from '../../shared/findings'
import { AppFailure } from '../../shared/errors'
import { formatConnectionUrl, parseConnectionUrl, splitPassword } from '../support/connection-url'
import { withTimeout } from '../support/interrupt'
import { registerSecret } from '../../shared/redact'
import { runChecks } from './check'
import { failedHealthReport } from './health-report'
import { mapDriverError } from './map-error'
import { openSession } from './open-session'

const ENGINE_BY_SCHEME: Record<string, EngineKind> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  redis: 'redis',
  rediss: 'redis',
  mongodb: 'mongo',
  'mongodb+srv': 'mongo'
}

/** Where `dbconsole check --url` takes a password the URL does not carry. */
export const PASSWORD_ENV: Record<EngineKind, string> = {
  postgres: 'PGPASSWORD',
  redis: 'REDISCLI_AUTH',
  mongo: 'MONGODB_PASSWORD'
}

export const engineOfUrl = (url: string): EngineKind => {
  const scheme = /^([a-z+]+):\/\//i.exec(url)?.[1]?.toLowerCase() ?? ''
  const engine = ENGINE_BY_SCHEME[scheme]
  if (!engine)
    throw new AppFailure(
      'INVALID_INPUT',
      `Unsupported URL scheme "${scheme}": use postgres://, redis:// or mongodb://`
    )
  return engine
}

/**
 * `password`: used when the URL has none (null: none at all). The reports name the URL without it.
 * Never throws for a server problem: an unreachable or slow target is a failed report.
 */
export const checkUrl = async (
  url: string,
  timeoutMs: number,
  password: string | null
): Promise<AnalysisReport[]> => {
  const engine = engineOfUrl(url)
  const { bare: parsed, password: given } = splitPassword(parseConnectionUrl(engine, url))
  const secret = given ?? password
  if (secret) registerSecret(secret)
  const shown = formatConnectionUrl(parsed)
  const deadline = Date.now() + timeoutMs
  const noAnswer = () => new AppFailure('TIMEOUT', `no answer within ${timeoutMs} ms`)
  const opening = openSession(engine, {
    url: formatConnectionUrl(parsed, secret),
    tls: { enabled: false },
    purpose: 'diagnostics'
  })
  try {
    const session = await withTimeout(opening, timeoutMs, noAnswer)
    try {
      return await withTimeout(runChecks(session, shown), Math.max(deadline - Date.now(), 1), noAnswer)
    } finally {
      await session.close()
    }
  } catch (err) {
    opening.then((late) => late.close()).catch(() => undefined)
    return [failedHealthReport(shown, engine, mapDriverError(err, shown))]
  }
}
