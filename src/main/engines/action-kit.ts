/**
 * The shape every engine's actions module implements, and the helper that binds a validated target to
 * its statement. The guard sees only `EngineActions`, `BoundAction` and `ActionSession`: it never learns
 * driver types, and the engine modules never decide whether an action may run.
 *
 * One function builds the statement; preview shows it and perform sends that same string (or argv), so
 * the previewed text and the sent bytes cannot drift apart (notes G2).
 */
import type { z } from 'zod'
import {
  ACTION_TARGETS,
  type ActionId,
  type ActionPermission,
  type ActionPreview,
  type PostCheckResult,
  type ServerIdentity
} from '../../shared/actions'
import { AppFailure } from '../../shared/errors'
import type { TlsOptions, Via } from './types'

export interface PerformResult {
  outcome: 'done' | 'failed'
  detail: string
  data?: unknown
  /** False when the connection broke after sending: the outcome is unknown, and no post-check can run. */
  connectionUsable: boolean
}

/** An open action connection with one bound action. Closing it is always safe and idempotent. */
export interface ActionSession {
  identity(): Promise<ServerIdentity>
  /**
   * Read-only probes only. Throws AppFailure (NOT_FOUND, REFUSED) when the target must not be acted on;
   * says in `permission` whether the connection's privileges let the action succeed.
   */
  preview(): Promise<ActionPreview>
  /** Sends the exact statement once. Never throws: a failure is an outcome. */
  perform(): Promise<PerformResult>
  /** Read-only probes confirming the effect (backend gone, index gone and no invalid index left...). */
  postCheck(preview: ActionPreview): Promise<PostCheckResult>
  close(): Promise<void>
}

/** What a spec's preview finds about the target; the kit adds the permission verdict. */
export type TargetPreview = Omit<ActionPreview, 'permission'>

export interface BoundAction {
  action: ActionId
  /** pid, index name, key... : what the user types (before the environment prefix). */
  targetName: string
  /** The exact statement or command, as sent. */
  statement: string
  /** How to find out by hand what happened when the outcome is unknown. */
  suggestedCheck: string
  open(connect: ConnectInfo): Promise<ActionSession>
}

export interface ConnectInfo {
  /** With the password: it never leaves the engine module. */
  url: string
  tls: TlsOptions
  via?: Via
}

export interface EngineActions {
  has(action: ActionId): boolean
  /** Validates the target with the catalogue's schema; INVALID_INPUT when it does not fit. */
  bind(action: ActionId, target: unknown): BoundAction
}

/** An engine-specific definition; `H` is the engine's connection handle, `T` the parsed target. */
export interface ActionSpec<H, T> {
  targetName(target: T): string
  /** The one statement builder. For Redis it returns argv, rendered by the module. */
  statement(target: T): string
  suggestedCheck(target: T): string
  preview(handle: H, target: T): Promise<TargetPreview>
  /**
   * Read-only: can this connection's user do it (role attributes, ownership, ACL, roles)? Runs after the
   * preview found the target. Every action has one, so no challenge is typed for a certain failure.
   */
  permission(handle: H, target: T): Promise<ActionPermission>
  perform(handle: H, target: T, statement: string): Promise<PerformResult>
  /** `preview` is what prepare showed: the baseline the effect is checked against. */
  postCheck(handle: H, target: T, preview: ActionPreview): Promise<PostCheckResult>
}

export interface EngineConnection<H> {
  handle: H
  identity(): Promise<ServerIdentity>
  close(): Promise<void>
}

type Erased<H> = (target: unknown) => {
  targetName: string
  statement: string
  suggestedCheck: string
  session(conn: EngineConnection<H>): Omit<ActionSession, 'identity' | 'close'>
}

/** Ties a spec to its catalogue schema and erases the target type behind closures (no `any`). */
export const defineAction = <A extends ActionId, H>(
  action: A,
  spec: ActionSpec<H, z.infer<(typeof ACTION_TARGETS)[A]>>
): [A, Erased<H>] => {
  // Indexing the table with a generic key loses the per-action type; the output is that schema's, by construction.
  const schema: z.ZodType = ACTION_TARGETS[action]
  return [
    action,
    (raw) => {
      const parsed = schema.safeParse(raw)
      if (!parsed.success) {
        const issues = parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.length ? i.path.join('.') : 'target'}: ${i.message}`)
          .join('; ')
        throw new AppFailure('INVALID_INPUT', `Invalid target for ${action}: ${issues}.`)
      }
      const target = parsed.data as z.infer<(typeof ACTION_TARGETS)[A]>
      const statement = spec.statement(target)
      return {
        targetName: spec.targetName(target),
        statement,
        suggestedCheck: spec.suggestedCheck(target),
        session: (conn) => ({
          preview: async () => {
            const found = await spec.preview(conn.handle, target)
            return { ...found, permission: await spec.permission(conn.handle, target) }
          },
          perform: () => spec.perform(conn.handle, target, statement),
          postCheck: (preview) => spec.postCheck(conn.handle, target, preview)
        })
      }
    }
  ]
}

/** Builds an engine's `EngineActions` from its definitions and its action-connection opener. */
export const engineActions = <H>(
  open: (connect: ConnectInfo, action: ActionId) => Promise<EngineConnection<H>>,
  definitions: [ActionId, Erased<H>][]
): EngineActions => {
  const table = new Map(definitions)
  return {
    has: (action) => table.has(action),
    bind: (action, raw) => {
      const erased = table.get(action)
      if (!erased) throw new AppFailure('INVALID_INPUT', `${action} is not an action of this engine.`)
      const bound = erased(raw)
      return {
        action,
        targetName: bound.targetName,
        statement: bound.statement,
        suggestedCheck: bound.suggestedCheck,
        open: async (connect) => {
          const conn = await open(connect, action)
          return { ...bound.session(conn), identity: () => conn.identity(), close: () => conn.close() }
        }
      }
    }
  }
}

/** Quotes a PostgreSQL identifier the way quote_ident does when quoting is needed: always. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`

/** A PostgreSQL string literal (standard_conforming_strings on): for suggested checks shown to people. */
export const quoteLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`

/** Error text for a perform that failed; keeps the driver's message, which the guard redacts. */
export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err))

/** The three verdicts, spelled once. */
export const permitted = (basis: string): ActionPermission => ({ verdict: 'permitted', basis })
export const denied = (reason: string, nextStep: string): ActionPermission => ({
  verdict: 'denied',
  reason,
  nextStep
})
export const unchecked = (reason: string): ActionPermission => ({ verdict: 'unchecked', reason })
