import { AppFailure } from '../../../shared/errors'
import { redact } from '../../../shared/redact'
import { markedOwn } from '../../diagnostics/postgres/own-statements'
import { guardedBegin } from './transaction-guardrails'

interface SettingRow extends Record<string, unknown> {
  name: string
  setting: string
}

interface Queryable {
  query<R extends Record<string, unknown>>(sql: string, values: unknown[]): Promise<{ rows: R[] }>
}

// Schema-qualified relation, operator and type: a search_path or an object planted in public cannot
// answer in place of the catalogue.
const SETTINGS_SQL = markedOwn(
  `select name, setting from pg_catalog.pg_settings
 where name operator(pg_catalog.=) any($1::pg_catalog.text[])`,
  'diagnostics'
)

/**
 * Reads back, in one query, the settings a new session was started with, and fails with UNSAFE_SESSION
 * naming every one it does not hold (a pooler that drops the startup options, a server that ignores
 * them). The caller closes the session: it must never be used.
 */
export const verifySession = async (
  client: Queryable,
  expected: Readonly<Record<string, string>>,
  where: string
): Promise<void> => {
  const { rows } = await client.query<SettingRow>(SETTINGS_SQL, [Object.keys(expected)])
  const held = new Map(rows.map((r) => [r.name, r.setting]))
  const wrong = Object.entries(expected)
    .filter(([name, want]) => held.get(name) !== want)
    .map(([name, want]) => `${name} = ${held.get(name) ?? '(not reported)'}, needs ${want}`)
  if (wrong.length > 0) {
    throw new AppFailure(
      'UNSAFE_SESSION',
      `${where}: the new session does not hold its safety settings (${wrong.join('; ')}); it was closed and not used.`
    )
  }
}

/**
 * The same read-back for a session whose guardrails are set per transaction: inside one guarded
 * transaction, as every statement of the session will run. A pooler that cannot carry a transaction
 * (PgBouncer in statement mode refuses BEGIN) makes the session UNSAFE_SESSION as well.
 */
export const verifyPerTransaction = async (
  client: Queryable,
  expected: Readonly<Record<string, string>>,
  where: string
): Promise<void> => {
  try {
    await client.query(guardedBegin(expected), [])
  } catch (err) {
    throw new AppFailure(
      'UNSAFE_SESSION',
      `${where}: the safety settings cannot be set per transaction (${redact(err instanceof Error ? err.message : String(err))}); the session was closed and not used.`
    )
  }
  try {
    await verifySession(client, expected, where)
  } finally {
    await client.query('ROLLBACK', [])
  }
}
