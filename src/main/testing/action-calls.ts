/**
 * The calls the guarded-action integration tests make through a test core, as a renderer would: save a
 * profile, prepare an action, execute its ticket with the typed challenge, read the audit of one action.
 */
import type { AuditEntry, ExecutedAction, PreparedAction } from '../../shared/actions'
import type { EngineKind } from '../../shared/connection'
import type { TestCore } from './test-core'

export const actionCalls = (t: TestCore) => {
  /** A staging profile that allows writes unless `extra` says otherwise; its id. */
  const saveProfile = (name: string, engine: EngineKind, url: string, extra: object = {}): Promise<string> =>
    t
      .call<{ id: string }>('connections.save', {
        name,
        engine,
        url,
        environment: 'staging',
        allowWrites: true,
        ...extra
      })
      .then((r) => r.id)
  const prepare = (connectionId: string, action: string, target: unknown) =>
    t.call<PreparedAction>('actions.prepare', { connectionId, action, target })
  const execute = (ticket: PreparedAction) =>
    t.call<ExecutedAction>('actions.execute', { ticketId: ticket.ticketId, typed: ticket.challenge })
  /** 'ok', or the refusal's code and message. */
  const errorOf = async (method: string, input: unknown): Promise<string> => {
    const result = await t.core.dispatch(method, input)
    return result.ok ? 'ok' : `${result.error.code}: ${result.error.message}`
  }
  const auditOf = async (auditId: string): Promise<AuditEntry[]> =>
    (await t.call<AuditEntry[]>('audit.list', { limit: 1000 })).filter((e) => e.auditId === auditId)
  return { saveProfile, prepare, execute, errorOf, auditOf }
}
