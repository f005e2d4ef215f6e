/** postgres.cancelBackend and postgres.terminateBackend: pg_cancel_backend / pg_terminate_backend of one pid. */
import { defineAction } from '../../action-kit'
import { BACKEND_SQL, backendPreview, type BackendRow } from './backend-probe'
import type { PgActionHandle } from './connection'
import { signalPermission } from './privileges'
import { sleep } from './read-helpers'
import { firstValue, sendOnce } from './send-once'

export const cancelBackend = defineAction<'postgres.cancelBackend', PgActionHandle>(
  'postgres.cancelBackend',
  {
    targetName: (t) => String(t.pid),
    statement: (t) => `SELECT pg_cancel_backend(${t.pid})`,
    suggestedCheck: (t) => `select pid, state, query_start, query from pg_stat_activity where pid = ${t.pid}`,
    preview: (h, t) => backendPreview(h, t.pid, 'cancel'),
    permission: (h, t) => signalPermission(h, t.pid, 'cancel'),
    perform: (h, t, statement) =>
      sendOnce(h, statement, (r) =>
        firstValue(r) === true
          ? { outcome: 'done', detail: `Cancel signal sent to backend ${t.pid}.` }
          : {
              outcome: 'failed',
              detail: `pg_cancel_backend returned false: backend ${t.pid} is gone or not ours to signal.`
            }
      ),
    postCheck: async (h, t, preview) => {
      await sleep(300)
      const [row] = await h.readOnly(() => h.query<BackendRow>(BACKEND_SQL, [t.pid]))
      if (!row) return { ok: true, detail: `Backend ${t.pid} is gone.` }
      const same = row.state === 'active' && row.query_start === preview.facts.query_start
      return same
        ? { ok: false, detail: `Backend ${t.pid} is still running the same query (state ${row.state}).` }
        : {
            ok: true,
            detail: `Backend ${t.pid} is no longer running that query (state ${row.state ?? '?'}).`
          }
    }
  }
)

export const terminateBackend = defineAction<'postgres.terminateBackend', PgActionHandle>(
  'postgres.terminateBackend',
  {
    targetName: (t) => String(t.pid),
    statement: (t) => `SELECT pg_terminate_backend(${t.pid})`,
    suggestedCheck: (t) => `select pid, state, query from pg_stat_activity where pid = ${t.pid}`,
    preview: (h, t) => backendPreview(h, t.pid, 'terminate'),
    permission: (h, t) => signalPermission(h, t.pid, 'terminate'),
    perform: (h, t, statement) =>
      sendOnce(h, statement, (r) =>
        firstValue(r) === true
          ? { outcome: 'done', detail: `Terminate signal sent to backend ${t.pid}.` }
          : {
              outcome: 'failed',
              detail: `pg_terminate_backend returned false: backend ${t.pid} is gone or not ours to signal.`
            }
      ),
    postCheck: async (h, t) => {
      // The signal is asynchronous: give the backend a few seconds to exit.
      for (let i = 0; i < 30; i++) {
        const rows = await h.readOnly(() =>
          h.query<{ pid: number }>('select pid from pg_stat_activity where pid = $1', [t.pid])
        )
        if (rows.length === 0) return { ok: true, detail: `Backend ${t.pid} is gone.` }
        await sleep(100)
      }
      return { ok: false, detail: `Backend ${t.pid} is still present 3 s after the signal.` }
    }
  }
)
