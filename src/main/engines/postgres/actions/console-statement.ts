/** postgres.consoleStatement: a console statement that is not provably read-only, run as typed (autocommit). */
import type { ActionPreview } from '../../../../shared/actions'
import { AppFailure } from '../../../../shared/errors'
import { defineAction, unchecked } from '../../action-kit'
import { oneStatementText } from '../sql-safety'
import type { PgActionHandle } from './connection'
import { estimateWrite, explainedWritePermission, WRITE_START } from './planned-write'
import { sendOnce } from './send-once'

/** The console's statement as it will be sent: one statement, trailing semicolons removed. */
const consoleBody = (sql: string): string => {
  const split = oneStatementText(sql)
  if (!split.ok)
    throw new AppFailure(
      'INVALID_INPUT',
      `The console runs exactly one statement; found ${split.reason ?? 'something else'}.`
    )
  return split.body
}

/** What the user types to confirm: the statement's first two words ("update public.orders", "drop index"). */
const consoleLabel = (sql: string): string =>
  consoleBody(sql)
    .replace(/^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '')
    .split(/\s+/)
    .slice(0, 2)
    .join(' ')
    .toLowerCase()

export const consoleStatement = defineAction<'postgres.consoleStatement', PgActionHandle>(
  'postgres.consoleStatement',
  {
    targetName: (t) => consoleLabel(t.sql),
    statement: (t) => consoleBody(t.sql),
    suggestedCheck: () =>
      'The statement ran as typed and committed on its own: check the rows or objects it names.',
    preview: async (h, t) => {
      const body = consoleBody(t.sql)
      const write = WRITE_START.test(body)
      const facts: ActionPreview['facts'] = { statement: body }
      if (write) {
        const estimate = await estimateWrite(h, body, { primaryOnly: false })
        facts.estimated_rows = estimate.rows
        facts.top_node = estimate.topNode
      }
      return {
        summary: `Run this ${consoleLabel(t.sql).toUpperCase()} statement as typed; it commits when it succeeds.`,
        facts,
        warnings: ['There is no undo: the statement is committed on its own (autocommit).']
      }
    },
    // A write was EXPLAINed by the preview; any other statement's privileges are known only when it runs.
    permission: async (_h, t) =>
      WRITE_START.test(consoleBody(t.sql))
        ? explainedWritePermission()
        : unchecked(
            'dbconsole cannot ask the server in advance whether this role may run an arbitrary statement; the server checks it when it runs.'
          ),
    perform: (h, _t, statement) =>
      sendOnce(h, statement, (results) => {
        const last = results.at(-1)
        return {
          outcome: 'done',
          detail: `${last?.command ?? 'OK'}${last?.rowCount === null || last?.rowCount === undefined ? '' : ` ${last.rowCount}`}`
        }
      }),
    postCheck: async () => ({
      ok: true,
      detail: 'No automatic check exists for an arbitrary statement; see the suggested check.'
    })
  }
)
