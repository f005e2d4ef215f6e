/**
 * The ONLY path to destructive effects (docs/architecture.md "Safety"). Nothing else imports the engines'
 * actions modules (core/guard-boundary.test.ts proves it), so every action passes through here:
 *
 * prepare({connectionId, action, target})
 *   validate the target -> the profile allows the tier (READ_ONLY_PROFILE, TIER_DISABLED) -> open an
 *   action connection -> read the server's identity -> read-only preview probes -> a ticket.
 * execute({ticketId, typed})
 *   NOT_FOUND / TICKET_USED / TICKET_EXPIRED / REFUSED when the preview's permission was denied (the
 *   connection's privileges cannot make it succeed) / CONFIRMATION_MISMATCH -> the ticket is taken (a second
 *   execute gets TICKET_USED) -> the profile still allows it -> a NEW action connection -> identity
 *   re-read, IDENTITY_CHANGED aborts -> the permission re-read, REFUSED when it is now denied -> audit
 *   intent fsync'd -> send once -> post-check -> audit outcome.
 *
 * Tickets: random 128-bit id, single use, 5 minutes, bound to the connection id and the identity read at
 * prepare. A wrong typed text leaves the ticket usable for another try; the third wrong text burns it
 * (further tries get TICKET_USED), so nobody can guess at it. A ticket (its preview, its bound statement)
 * is dropped as soon as it is used, burned or expired (swept on every prepare and execute and once a
 * minute), and each connection keeps at most 16 open, the oldest giving way; only a small bounded record of
 * how each ended stays, so a late retry still gets TICKET_USED or TICKET_EXPIRED rather than NOT_FOUND.
 *
 * Actions never use the diagnostics session: those are read-only on the server. Each prepare and execute
 * opens its own connection with purpose 'action' (the profile's third connection) and closes it, holding
 * the profile's exclusive slot of the ConnectionBudget: at most one action connection per profile at a
 * time; a prepare or execute that cannot get it within 15 s (or finds 32 waiting) gets BUSY, and an
 * execute refused so keeps its ticket.
 */
import { randomBytes } from 'node:crypto'
import {
  ACTION_CATALOG,
  actionTier,
  challengeFor,
  confirmPolicy,
  sameIdentity,
  type ActionId,
  type ActionInfo,
  type ActionPreview,
  type ActionTier,
  type ExecutedAction,
  type PostCheckResult,
  type PreparedAction,
  type ServerIdentity
} from '../../shared/actions'
import type { ConnectionProfile, EngineKind } from '../../shared/connection'
import { AppFailure, type ErrorCode } from '../../shared/errors'
import type { ActionSession, BoundAction, EngineActions } from '../engines/action-kit'
import type { TlsOptions, Via } from '../engines/types'
import { mongoActions } from '../engines/mongo/actions'
import { postgresActions } from '../engines/postgres/actions'
import { redisActions } from '../engines/redis/actions'
import type { AuditIntentInput, AuditLog } from './audit'
import type { ConnectionBudget } from '../support/connection-budget'
import { redact, redactDeep } from '../../shared/redact'

export const TICKET_TTL_MS = 5 * 60_000
export const MAX_MISMATCHES = 3
export const MAX_OPEN_TICKETS_PER_CONNECTION = 16
/** How many ended tickets are remembered (id and how it ended only), so a late retry gets the right code. */
const ENDED_MEMORY = 4_096
const SWEEP_MS = 60_000

export interface GuardProfiles {
  get(id: string): Promise<ConnectionProfile>
  connectUrl(id: string): Promise<string>
  connectTls(id: string): Promise<TlsOptions>
}

export interface GuardOptions {
  profiles: GuardProfiles
  audit: AuditLog
  /** The core's one budget: action connections are the profile's exclusive connection, one at a time. */
  budget: ConnectionBudget
  /** Holds the profile's SSH tunnel (when it has one) around an action connection. */
  tunnels?: { with<T>(profile: ConnectionProfile, work: (via: Via | undefined) => Promise<T>): Promise<T> }
  /** The real engine modules by default; unit tests pass fakes. */
  engines?: Record<EngineKind, EngineActions>
  now?: () => number
  /**
   * What the app knows beyond the action's own server, added to the preview (the other nodes' scans of an
   * index about to be dropped). Its failure only adds a warning: the preview itself stands.
   */
  previewContext?: (
    connectionId: string,
    action: ActionId,
    target: unknown
  ) => Promise<Pick<ActionPreview, 'facts' | 'warnings'>>
}

export interface PrepareInput {
  connectionId: string
  action: ActionId
  target: unknown
}

export interface ExecuteInput {
  ticketId: string
  typed: string
  /** When given, must be the connection the ticket was prepared for. */
  connectionId?: string
}

interface Ticket {
  id: string
  connectionId: string
  /** For messages only (a BUSY execute names the profile). */
  connectionName: string
  action: ActionId
  tier: ActionTier
  target: unknown
  bound: BoundAction
  preview: ActionPreview
  identity: ServerIdentity
  challenge: string
  expiresAt: number
  state: 'open' | 'running'
  mismatches: number
}

type Ending = 'used' | 'expired' | 'evicted'

const ENDED_FAILURE: Record<Ending, [ErrorCode, string]> = {
  used: ['TICKET_USED', 'This ticket was already used or burned: prepare the action again.'],
  expired: ['TICKET_EXPIRED', 'The confirmation expired (5 minutes): prepare the action again.'],
  evicted: [
    'TICKET_EXPIRED',
    `This confirmation was replaced by newer ones (at most ${MAX_OPEN_TICKETS_PER_CONNECTION} open per connection): prepare the action again.`
  ]
}

const endedFailure = (ending: Ending): AppFailure => new AppFailure(...ENDED_FAILURE[ending])

const DEFAULT_ENGINES: Record<EngineKind, EngineActions> = {
  postgres: postgresActions,
  redis: redisActions,
  mongo: mongoActions
}

/** The profile must allow the tier, at prepare and again at execute (it may have been edited between). */
const checkProfileAllows = (profile: ConnectionProfile, info: ActionInfo, tier: ActionTier): void => {
  if (tier >= 1 && !profile.allowWrites) {
    throw new AppFailure(
      'READ_ONLY_PROFILE',
      `"${profile.name}" is read-only: enable writes on the profile to run ${info.action}.`
    )
  }
  if (tier >= 4 && !profile.allowCatastrophic) {
    throw new AppFailure(
      'TIER_DISABLED',
      `${info.action}${tier > info.tier ? ' with this target (a script can run any command)' : ''} is tier 4 (catastrophic) and is disabled on "${profile.name}"; the profile must enable catastrophic actions.`
    )
  }
}

export class Guard {
  /** Open and running tickets, oldest first. */
  private readonly tickets = new Map<string, Ticket>()
  private readonly ended = new Map<string, { connectionId: string; ending: Ending }>()
  private readonly engines: Record<EngineKind, EngineActions>
  private readonly now: () => number

  constructor(private readonly options: GuardOptions) {
    this.engines = options.engines ?? DEFAULT_ENGINES
    this.now = options.now ?? Date.now
    // Unref'd: the sweep must never keep a host process alive.
    setInterval(() => this.sweep(), SWEEP_MS).unref()
  }

  /** Tickets held in memory (open or running): bounded by the sweep and the per-connection cap. */
  get heldTickets(): number {
    return this.tickets.size
  }

  catalog(engine?: EngineKind): ActionInfo[] {
    return Object.values(ACTION_CATALOG).filter((a) => engine === undefined || a.engine === engine)
  }

  async prepare(input: PrepareInput): Promise<PreparedAction> {
    this.sweep()
    const info = ACTION_CATALOG[input.action]
    const profile = await this.options.profiles.get(input.connectionId)
    if (info.engine !== profile.engine) {
      throw new AppFailure(
        'INVALID_INPUT',
        `${input.action} is a ${info.engine} action; "${profile.name}" is a ${profile.engine} connection.`
      )
    }
    const engine = this.engines[profile.engine]
    if (!engine.has(input.action))
      throw new AppFailure('INVALID_INPUT', `${input.action} is not implemented for ${profile.engine}.`)
    const bound = engine.bind(input.action, input.target)
    const tier = actionTier(input.action, input.target)
    checkProfileAllows(profile, info, tier)

    const url = await this.options.profiles.connectUrl(profile.id)
    const tls = await this.options.profiles.connectTls(profile.id)
    const { identity, preview: own } = await this.options.budget.withExclusive(profile.id, profile.name, () =>
      this.withTunnel(profile, async (via) => {
        const session = await bound.open({ url, tls, via })
        try {
          return { identity: await session.identity(), preview: await session.preview() }
        } finally {
          await session.close()
        }
      })
    )
    const preview = await this.withContext(profile.id, input.action, input.target, own)

    const ticket: Ticket = {
      id: randomBytes(16).toString('hex'),
      connectionId: profile.id,
      connectionName: profile.name,
      action: input.action,
      tier,
      target: input.target,
      bound,
      preview,
      identity,
      challenge: challengeFor(profile.environment, bound.targetName),
      expiresAt: this.now() + TICKET_TTL_MS,
      state: 'open',
      mismatches: 0
    }
    this.tickets.set(ticket.id, ticket)
    this.evictBeyondCap(profile.id)
    // Shown, not sent: the ticket keeps the bound statement, the screen gets the masked copy.
    const exactStatement = redact(bound.statement)
    return {
      ticketId: ticket.id,
      action: input.action,
      title: info.title,
      tier,
      environment: profile.environment,
      preview: redactDeep(preview) as ActionPreview,
      exactStatement,
      ...(exactStatement === bound.statement ? {} : { redacted: true }),
      challenge: ticket.challenge,
      expiresAt: ticket.expiresAt,
      serverIdentity: identity,
      confirm: confirmPolicy(tier)
    }
  }

  private async withContext(
    connectionId: string,
    action: ActionId,
    target: unknown,
    preview: ActionPreview
  ): Promise<ActionPreview> {
    if (!this.options.previewContext) return preview
    try {
      const extra = await this.options.previewContext(connectionId, action, target)
      return {
        ...preview,
        facts: { ...preview.facts, ...extra.facts },
        warnings: [...preview.warnings, ...extra.warnings]
      }
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err)
      return { ...preview, warnings: [...preview.warnings, `The other nodes could not be read: ${why}`] }
    }
  }

  async execute(input: ExecuteInput): Promise<ExecutedAction> {
    this.sweep()
    const known = this.tickets.get(input.ticketId) ?? this.ended.get(input.ticketId)
    if (!known || (input.connectionId !== undefined && input.connectionId !== known.connectionId)) {
      throw new AppFailure('NOT_FOUND', 'No such ticket for this connection: prepare the action again.')
    }
    if ('ending' in known) throw endedFailure(known.ending)
    const ticket = known
    if (ticket.state !== 'open') throw endedFailure('used')
    // The preview said the server will refuse it: nothing is sent, whatever was typed.
    const permission = ticket.preview.permission
    if (permission.verdict === 'denied') {
      this.end(ticket, 'used')
      throw new AppFailure(
        'REFUSED',
        redact(`Not sent: ${permission.reason} Next step: ${permission.nextStep}`)
      )
    }
    if (input.typed !== ticket.challenge) {
      ticket.mismatches++
      if (ticket.mismatches >= MAX_MISMATCHES) {
        this.end(ticket, 'used')
        throw new AppFailure(
          'CONFIRMATION_MISMATCH',
          `The typed text does not match; after ${MAX_MISMATCHES} wrong tries the ticket is burned: prepare the action again.`
        )
      }
      throw new AppFailure(
        'CONFIRMATION_MISMATCH',
        `The typed text does not match the confirmation text (${MAX_MISMATCHES - ticket.mismatches} tries left).`
      )
    }
    // Taken synchronously, before any await: a concurrent execute of the same ticket gets TICKET_USED.
    ticket.state = 'running'
    let started = false
    try {
      return await this.options.budget.withExclusive(ticket.connectionId, ticket.connectionName, () => {
        started = true
        return this.run(ticket)
      })
    } catch (err) {
      // BUSY before the connection was opened: nothing was sent, so the ticket stays usable.
      if (!started) ticket.state = 'open'
      throw err
    } finally {
      if (started) this.end(ticket, 'used')
    }
  }

  private withTunnel<T>(profile: ConnectionProfile, work: (via: Via | undefined) => Promise<T>): Promise<T> {
    return this.options.tunnels ? this.options.tunnels.with(profile, work) : work(undefined)
  }

  /** Execute's body, holding the profile's action connection: open, identity, intent, send, post-check. */
  private async run(ticket: Ticket): Promise<ExecutedAction> {
    const profile = await this.options.profiles.get(ticket.connectionId)
    return this.withTunnel(profile, (via) => this.runOn(ticket, profile, via))
  }

  private async runOn(
    ticket: Ticket,
    profile: ConnectionProfile,
    via: Via | undefined
  ): Promise<ExecutedAction> {
    let session: ActionSession | null = null
    try {
      checkProfileAllows(profile, ACTION_CATALOG[ticket.action], ticket.tier)
      session = await ticket.bound.open({
        url: await this.options.profiles.connectUrl(profile.id),
        tls: await this.options.profiles.connectTls(profile.id),
        via
      })
      const identity = await session.identity()
      if (!sameIdentity(identity, ticket.identity)) {
        throw new AppFailure(
          'IDENTITY_CHANGED',
          `The server changed since the preview (was ${ticket.identity.summary}; now ${identity.summary}). Nothing was sent; prepare the action again.`
        )
      }
      // Privileges (or the target's owner) may have changed while the ticket waited: ask again.
      const permission = await session.permission()
      if (permission.verdict === 'denied') {
        throw new AppFailure(
          'REFUSED',
          redact(
            `Not sent: the privileges changed since the preview. ${permission.reason} Next step: ${permission.nextStep}`
          )
        )
      }
      const intent: AuditIntentInput = {
        connectionId: profile.id,
        connectionName: profile.name,
        environment: profile.environment,
        action: ticket.action,
        tier: ticket.tier,
        exactStatement: ticket.bound.statement,
        target: ticket.target,
        serverIdentity: identity,
        preview: ticket.preview,
        suggestedCheck: ticket.bound.suggestedCheck
      }
      const auditId = await this.options.audit.intent(intent).catch((err: unknown) => {
        throw new AppFailure(
          err instanceof AppFailure && err.code === 'DISK_FULL' ? 'DISK_FULL' : 'INTERNAL',
          `The audit intent could not be written, so nothing was sent: ${err instanceof Error ? err.message : String(err)}`
        )
      })
      const result = await session.perform()
      let postCheck: PostCheckResult | null = null
      if (result.connectionUsable) {
        postCheck = await session.postCheck(ticket.preview).catch((err: unknown) => ({
          ok: false,
          detail: `The post-check could not run: ${err instanceof Error ? err.message : String(err)}`
        }))
      }
      let detail = redact(result.detail)
      await this.options.audit
        .outcome(auditId, intent, { result: result.outcome, detail: result.detail, postCheck })
        .catch((err: unknown) => {
          detail += ` WARNING: the outcome could not be written to the audit log (${err instanceof Error ? err.message : String(err)}); it is kept in memory and written before the next audit record; until then the audit log lists it as 'outcome unknown', and it stays so if the app stops first.`
        })
      const executed: ExecutedAction = { outcome: result.outcome, detail, auditId, postCheck }
      if (result.data !== undefined) executed.data = result.data
      return executed
    } finally {
      await session?.close()
    }
  }

  /** Drops the ticket and remembers only how it ended (the oldest such memory goes first). */
  private end(ticket: Ticket, ending: Ending): void {
    this.tickets.delete(ticket.id)
    this.ended.set(ticket.id, { connectionId: ticket.connectionId, ending })
    for (const id of this.ended.keys()) {
      if (this.ended.size <= ENDED_MEMORY) break
      this.ended.delete(id)
    }
  }

  private sweep(): void {
    const now = this.now()
    for (const t of this.tickets.values())
      if (t.state === 'open' && now >= t.expiresAt) this.end(t, 'expired')
  }

  private evictBeyondCap(connectionId: string): void {
    const open = [...this.tickets.values()].filter(
      (t) => t.connectionId === connectionId && t.state === 'open'
    )
    for (const t of open.slice(0, Math.max(0, open.length - MAX_OPEN_TICKETS_PER_CONNECTION)))
      this.end(t, 'evicted')
  }
}
