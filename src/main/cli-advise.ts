/**
 * `dbconsole advise-indexes`: the index advisor of one PostgreSQL database from the command line, the same
 * report as pg.adviseIndexes. Loaded with import() by cli.ts, like cli-check.ts.
 */
import { parseArgs } from 'node:util'
import { AppFailure } from '../shared/errors'
import { registerSecret } from '../shared/redact'
import { exitStatusFor, failOnLevel, type Out } from './cli-common'
import { engineOfUrl, PASSWORD_ENV } from './engines/check-url'
import { mapDriverError } from './engines/map-error'
import { openPostgres } from './engines/postgres/adapter'
import { adviseIndexes } from './engines/postgres/index-advisor/advise'
import { formatReportText } from './format-report'
import { formatConnectionUrl, parseConnectionUrl, splitPassword } from './support/connection-url'

export const runAdviseIndexes = async (args: string[], out: Out): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string' }
    }
  })
  if (!values.url || engineOfUrl(values.url) !== 'postgres')
    throw new AppFailure('INVALID_INPUT', '--url must name a PostgreSQL database (postgres://...)')
  if (values.format !== 'text' && values.format !== 'json')
    throw new AppFailure('INVALID_INPUT', '--format must be text or json')
  const failOn = failOnLevel(values['fail-on'])
  const { bare, password } = splitPassword(parseConnectionUrl('postgres', values.url))
  const secret = password ?? process.env[PASSWORD_ENV.postgres] ?? null
  if (secret) registerSecret(secret)
  const shown = formatConnectionUrl(bare)
  const session = await openPostgres({
    url: formatConnectionUrl(bare, secret),
    tls: { enabled: false },
    purpose: 'diagnostics'
  }).catch((err: unknown) => {
    throw mapDriverError(err, shown)
  })
  try {
    const report = await adviseIndexes(session)
    out(values.format === 'json' ? JSON.stringify(report) : `${formatReportText(report)}\n`)
    return exitStatusFor([report], failOn)
  } finally {
    await session.close()
  }
}
