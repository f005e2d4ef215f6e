/**
 * pgbouncer.pool-mode: a database pooled per transaction or per statement, where session state does
 * not survive (SHOW DATABASES `pool_mode`, else SHOW CONFIG `pool_mode`). Checked on PgBouncer 1.18.
 * No threshold: the mode is a fact an application must be written for (PgBouncer's docs, "pool_mode"
 * and its feature table). Transaction mode is an info; statement mode, where a multi-statement
 * transaction is refused outright, a warning. With server_reset_query_always = 0 (the default) a
 * session SET by one client stays on the server connection for the next one.
 */
import type { Finding } from '../../../../shared/findings'
import { finding } from '../../finding'
import { pgbouncerRule, subjectOn } from '../context'
import { ADMIN_DATABASE } from '../records'

export const RULE = 'pgbouncer.pool-mode'

/** What a client loses when its next transaction may run on another server connection. */
export const SESSION_STATE_LOST =
  'session-level SET and RESET, session advisory locks, LISTEN, WITH HOLD cursors, temporary tables kept across transactions, PREPARE / protocol-level prepared statements (not tracked before PgBouncer 1.21)'

export const poolModeRule = pgbouncerRule({
  id: RULE,
  needs: ['databases', 'config'],
  evaluate: ({ databases, config }, context): Finding[] => {
    const fallback = config.get('pool_mode') ?? 'session'
    const resetAlways = config.get('server_reset_query_always') === '1'
    return databases
      .filter((d) => d.name !== ADMIN_DATABASE)
      .flatMap((d): Finding[] => {
        const mode = d.pool_mode ?? fallback
        if (mode !== 'transaction' && mode !== 'statement') return []
        const leak = resetAlways
          ? ''
          : ' A session SET left by one client stays on the server connection for the next client (server_reset_query_always = 0).'
        const refused = mode === 'statement' ? ' Multi-statement transactions are refused.' : ''
        return [
          {
            ...finding(
              RULE,
              mode === 'statement' ? 'warning' : 'info',
              `Database ${d.name} is pooled per ${mode}: session state does not survive`,
              `Each ${mode} may run on another server connection, so these break: ${SESSION_STATE_LOST}.${refused}${leak}`,
              d.name,
              { poolMode: mode, serverResetQueryAlways: resetAlways, upstreamDatabase: d.database }
            ),
            subject: subjectOn('database', d.name, context)
          }
        ]
      })
  }
})
