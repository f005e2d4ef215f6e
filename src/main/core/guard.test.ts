import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ACTION_TARGETS, type ActionId, type ActionPreview, type ServerIdentity } from '../../shared/actions'
import type { ConnectionProfile, EngineKind } from '../../shared/connection'
import { AppFailure } from '../../shared/errors'
import type { ActionSession, EngineActions, PerformResult } from '../engines/action-kit'
import type { TlsOptions } from '../engines/types'
import { AuditLog } from './audit'
import { ConnectionBudget } from '../support/connection-budget'
import { Guard, MAX_OPEN_TICKETS_PER_CONNECTION, TICKET_TTL_MS, type GuardProfiles } from './guard'

const IDENTITY: ServerIdentity = {
  engine: 'postgres',
  id: '7301',
  role: 'primary',
  address: '10.0.0.5:5432',
  summary: 'PostgreSQL 7301 primary at 10.0.0.5:5432'
}

const PREVIEW: ActionPreview = {
  summary: 'Terminate backend 4242.',
  facts: { pid: 4242 },
  warnings: [],
  permission: { verdict: 'permitted', basis: 'member of pg_signal_backend' }
}

interface World {
  events: string[]
  identity: ServerIdentity
  performResult: PerformResult
  previewError: AppFailure | null
  /** The preview's permission when set (PREVIEW's otherwise). */
  permission?: ActionPreview['permission']
  /** The permission read again at execute when set (the preview's otherwise). */
  permissionAtExecute?: ActionPreview['permission']
  opened: number
  /** The TLS each action connection was opened with. */
  openedTls: TlsOptions[]
  closed: number
  auditPath: string
  /** Replaces the bound statement (and the preview's facts.statement) when set. */
  statement?: string
  /** The statement the engine sent in perform. */
  sent?: string
  /** Runs as the statement goes out (after the intent is durable). */
  duringPerform: () => void
}

/** A fake engine: validates with the real catalogue schemas and records what the guard does with it. */
const fakeEngine = (world: World): EngineActions => ({
  has: () => true,
  bind: (action: ActionId, raw: unknown) => {
    const parsed = ACTION_TARGETS[action].safeParse(raw)
    if (!parsed.success) throw new AppFailure('INVALID_INPUT', 'bad target')
    const pid = (parsed.data as { pid?: number }).pid ?? 0
    const statement = world.statement ?? `SELECT pg_terminate_backend(${pid}) /* password=hunter2-secret */`
    return {
      action,
      targetName: String(pid),
      statement,
      suggestedCheck: `select 1 from pg_stat_activity where pid = ${pid}`,
      open: async (connect): Promise<ActionSession> => {
        world.opened++
        world.openedTls.push(connect.tls)
        world.events.push(`open ${connect.url}`)
        return {
          identity: async () => {
            world.events.push('identity')
            return world.identity
          },
          preview: async () => {
            world.events.push('preview')
            if (world.previewError) throw world.previewError
            const preview = world.permission ? { ...PREVIEW, permission: world.permission } : PREVIEW
            return world.statement === undefined
              ? preview
              : { ...preview, facts: { statement }, warnings: [`Runs ${statement}`] }
          },
          permission: async () => {
            world.events.push('permission')
            return world.permissionAtExecute ?? world.permission ?? PREVIEW.permission
          },
          perform: async () => {
            // The intent must already be on disk when the statement goes out.
            const onDisk = readFileSync(world.auditPath, 'utf8')
            world.events.push(
              onDisk.includes('"phase":"intent"') ? 'perform after intent' : 'perform BEFORE intent'
            )
            world.sent = statement
            world.duringPerform()
            return world.performResult
          },
          postCheck: async (preview) => {
            world.events.push(`postCheck ${preview.summary}`)
            return { ok: true, detail: 'gone' }
          },
          close: async () => {
            world.closed++
            world.events.push('close')
          }
        }
      }
    }
  }
})

const profile = (over: Partial<ConnectionProfile> = {}): ConnectionProfile => ({
  id: 'conn-a',
  name: 'orders',
  engine: 'postgres',
  environment: 'staging',
  allowWrites: true,
  allowCatastrophic: false,
  url: 'postgres://app@db:5432/app',
  host: 'db',
  port: 5432,
  tls: { enabled: false, hasKeyPassphrase: false },
  hasPassword: true,
  needsPassword: false,
  ...over
})

let world: World
let profiles: Map<string, ConnectionProfile>
let clock: number
let guard: Guard
let audit: AuditLog

const profileStore: GuardProfiles = {
  get: async (id) => {
    const p = profiles.get(id)
    if (!p) throw new AppFailure('NOT_FOUND', `No connection profile with id ${id}.`)
    return p
  },
  connectUrl: async (id) => `postgres://app:pw-${id}@db:5432/app`,
  connectTls: async (id) => ({ enabled: true, keyFile: '/k.pem', keyPassphrase: `kp-${id}` })
}

const makeGuard = (dataDir: string) => {
  audit = new AuditLog(dataDir)
  world.auditPath = audit.path
  const engine = fakeEngine(world)
  const engines: Record<EngineKind, EngineActions> = { postgres: engine, redis: engine, mongo: engine }
  guard = new Guard({
    profiles: profileStore,
    audit,
    engines,
    budget: new ConnectionBudget(),
    now: () => clock
  })
}

beforeEach(() => {
  world = {
    events: [],
    identity: IDENTITY,
    performResult: { outcome: 'done', detail: 'signal sent', connectionUsable: true },
    previewError: null,
    opened: 0,
    openedTls: [],
    closed: 0,
    auditPath: '',
    duringPerform: () => undefined
  }
  profiles = new Map([
    ['conn-a', profile()],
    ['conn-b', profile({ id: 'conn-b', name: 'other' })]
  ])
  clock = 1_000_000
  makeGuard(mkdtempSync(join(tmpdir(), 'guard-test-')))
})

const prepareTerminate = (connectionId = 'conn-a') =>
  guard.prepare({ connectionId, action: 'postgres.terminateBackend', target: { pid: 4242 } })

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p
    return 'resolved'
  } catch (err) {
    return err instanceof AppFailure ? err.code : `not an AppFailure: ${String(err)}`
  }
}

describe('prepare', () => {
  it('returns a ticket with the preview, exact statement, challenge, expiry, identity and confirm policy', async () => {
    const ticket = await prepareTerminate()
    expect(ticket.ticketId).toMatch(/^[0-9a-f]{32}$/)
    expect(ticket.tier).toBe(2)
    expect(ticket.challenge).toBe('4242')
    expect(ticket.expiresAt).toBe(clock + TICKET_TTL_MS)
    expect(ticket.serverIdentity).toEqual(IDENTITY)
    expect(ticket.preview).toEqual(PREVIEW)
    expect(ticket.exactStatement).toBe('SELECT pg_terminate_backend(4242) /* password=*** */')
    expect(ticket.confirm).toEqual({ cooldownMs: 0, enterConfirms: true })
    // The password is given to the engine to connect, and the connection is closed after the preview.
    expect(world.events).toEqual([
      'open postgres://app:pw-conn-a@db:5432/app',
      'identity',
      'preview',
      'close'
    ])
  })

  it('opens the preview and the action with the TLS key passphrase from the store', async () => {
    const ticket = await prepareTerminate()
    await guard.execute({ ticketId: ticket.ticketId, typed: '4242' })
    expect(world.openedTls).toEqual([
      { enabled: true, keyFile: '/k.pem', keyPassphrase: 'kp-conn-a' },
      { enabled: true, keyFile: '/k.pem', keyPassphrase: 'kp-conn-a' }
    ])
  })

  it('prefixes the challenge with the environment on production profiles', async () => {
    profiles.set('conn-a', profile({ environment: 'production' }))
    expect((await prepareTerminate()).challenge).toBe('production 4242')
  })

  it('refuses a read-only profile before opening any connection', async () => {
    profiles.set('conn-a', profile({ allowWrites: false }))
    expect(await codeOf(prepareTerminate())).toBe('READ_ONLY_PROFILE')
    expect(world.opened).toBe(0)
  })

  it('refuses tier 4 unless the profile enables catastrophic actions', async () => {
    const vacuumFull = () =>
      guard.prepare({ connectionId: 'conn-a', action: 'postgres.vacuumFull', target: { table: 'orders' } })
    expect(await codeOf(vacuumFull())).toBe('TIER_DISABLED')
    expect(world.opened).toBe(0)
    profiles.set('conn-a', profile({ allowCatastrophic: true }))
    const ticket = await vacuumFull()
    expect(ticket.tier).toBe(4)
    expect(ticket.confirm).toEqual({ cooldownMs: 3_000, enterConfirms: false })
  })

  it('refuses an action of another engine, an invalid target and an unknown profile', async () => {
    expect(
      await codeOf(guard.prepare({ connectionId: 'conn-a', action: 'redis.unlink', target: { keys: ['k'] } }))
    ).toBe('INVALID_INPUT')
    expect(
      await codeOf(
        guard.prepare({ connectionId: 'conn-a', action: 'postgres.terminateBackend', target: { pid: -1 } })
      )
    ).toBe('INVALID_INPUT')
    expect(await codeOf(prepareTerminate('conn-zzz'))).toBe('NOT_FOUND')
  })

  it('passes a preview refusal through and still closes the connection', async () => {
    world.previewError = new AppFailure('NOT_FOUND', 'No backend with pid 4242.')
    expect(await codeOf(prepareTerminate())).toBe('NOT_FOUND')
    expect(world.closed).toBe(1)
  })
})

describe('execute', () => {
  it('sends nothing for an action whose preview said the privileges cannot make it succeed', async () => {
    world.permission = {
      verdict: 'denied',
      reason: 'Cannot terminate with this role: backend 4242 belongs to the superuser postgres.',
      nextStep: 'Connect as a superuser.'
    }
    const ticket = await prepareTerminate()
    expect(ticket.preview.permission).toEqual(world.permission)
    world.events = []
    const refusal = await guard.execute({ ticketId: ticket.ticketId, typed: '4242' }).catch((e: unknown) => e)
    expect(refusal).toBeInstanceOf(AppFailure)
    expect((refusal as AppFailure).code).toBe('REFUSED')
    expect((refusal as AppFailure).message).toBe(
      'Not sent: Cannot terminate with this role: backend 4242 belongs to the superuser postgres. Next step: Connect as a superuser.'
    )
    expect(world.events).toEqual([])
    expect(world.sent).toBeUndefined()
    expect(await audit.list(10)).toEqual([])
    // The ticket is spent: trying again does not reopen it.
    expect(await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: '4242' }))).toBe('TICKET_USED')
  })

  it('reads the permission again before sending and sends nothing when it is now denied', async () => {
    const ticket = await prepareTerminate()
    world.events = []
    world.permissionAtExecute = {
      verdict: 'denied',
      reason: 'Backend 4242 now belongs to the superuser postgres.',
      nextStep: 'Connect as a superuser.'
    }
    const refusal = await guard.execute({ ticketId: ticket.ticketId, typed: '4242' }).catch((e: unknown) => e)
    expect((refusal as AppFailure).code).toBe('REFUSED')
    expect((refusal as AppFailure).message).toBe(
      'Not sent: the privileges changed since the preview. Backend 4242 now belongs to the superuser postgres. Next step: Connect as a superuser.'
    )
    expect(world.events).toEqual([
      'open postgres://app:pw-conn-a@db:5432/app',
      'identity',
      'permission',
      'close'
    ])
    expect(world.sent).toBeUndefined()
    expect(await audit.list(10)).toEqual([])
  })

  it('runs an action whose permission could not be checked in advance', async () => {
    world.permission = { verdict: 'unchecked', reason: 'an arbitrary statement' }
    const ticket = await prepareTerminate()
    expect((await guard.execute({ ticketId: ticket.ticketId, typed: '4242' })).outcome).toBe('done')
    expect(world.sent).toContain('pg_terminate_backend(4242)')
  })

  it('re-reads the identity, writes the intent before sending, sends once, post-checks, writes the outcome', async () => {
    const ticket = await prepareTerminate()
    world.events = []
    const result = await guard.execute({ ticketId: ticket.ticketId, typed: '4242' })
    expect(result).toMatchObject({
      outcome: 'done',
      detail: 'signal sent',
      postCheck: { ok: true, detail: 'gone' }
    })
    expect(world.events).toEqual([
      'open postgres://app:pw-conn-a@db:5432/app',
      'identity',
      'permission',
      'perform after intent',
      `postCheck ${PREVIEW.summary}`,
      'close'
    ])
    const entries = await audit.list()
    expect(entries.map((e) => [e.phase, e.result, e.auditId])).toEqual([
      ['outcome', 'done', result.auditId],
      ['intent', undefined, result.auditId]
    ])
    expect((await audit.verify()).ok).toBe(true)
    const file = readFileSync(audit.path, 'utf8')
    expect(file).not.toContain('hunter2')
    expect(file).not.toContain('pw-conn-a')
  })

  it('a statement setting a password is sent as bound, but shown and recorded masked, marked redacted', async () => {
    const secret = 'Guard-Secret-77'
    world.statement = `ALTER ROLE app PASSWORD '${secret}'`
    const ticket = await prepareTerminate()
    expect(ticket.exactStatement).toBe("ALTER ROLE app PASSWORD '***'")
    expect(ticket.redacted).toBe(true)
    expect(JSON.stringify(ticket)).not.toContain(secret)
    await guard.execute({ ticketId: ticket.ticketId, typed: ticket.challenge })
    expect(world.sent).toBe(world.statement)
    const file = readFileSync(audit.path, 'utf8')
    expect(file).toContain("PASSWORD '***'")
    expect(file).not.toContain(secret)
    const entries = await audit.list()
    expect(entries.map((e) => [e.phase, e.redacted])).toEqual([
      ['outcome', true],
      ['intent', true]
    ])
    expect((await audit.verify()).ok).toBe(true)
  })

  it('an action without a secret is not marked redacted', async () => {
    world.statement = 'SELECT pg_terminate_backend(4242)'
    const ticket = await prepareTerminate()
    expect(ticket.redacted).toBeUndefined()
    await guard.execute({ ticketId: ticket.ticketId, typed: ticket.challenge })
    expect((await audit.list()).map((e) => e.redacted)).toEqual([undefined, undefined])
  })

  it('refuses a wrong typed text and sends nothing; the ticket stays usable', async () => {
    const ticket = await prepareTerminate()
    expect(await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: '4243' }))).toBe(
      'CONFIRMATION_MISMATCH'
    )
    expect(await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: ' 4242' }))).toBe(
      'CONFIRMATION_MISMATCH'
    )
    expect(world.events.filter((e) => e.startsWith('perform'))).toEqual([])
    expect(await audit.list()).toEqual([])
    expect((await guard.execute({ ticketId: ticket.ticketId, typed: '4242' })).outcome).toBe('done')
  })

  it('burns the ticket after three wrong texts', async () => {
    const ticket = await prepareTerminate()
    for (let i = 0; i < 3; i++) {
      expect(await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: 'nope' }))).toBe(
        'CONFIRMATION_MISMATCH'
      )
    }
    expect(await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: '4242' }))).toBe('TICKET_USED')
    expect(world.events.filter((e) => e.startsWith('perform'))).toEqual([])
  })

  it('requires the environment name on production', async () => {
    profiles.set('conn-a', profile({ environment: 'production' }))
    const ticket = await prepareTerminate()
    expect(await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: '4242' }))).toBe(
      'CONFIRMATION_MISMATCH'
    )
    expect((await guard.execute({ ticketId: ticket.ticketId, typed: 'production 4242' })).outcome).toBe(
      'done'
    )
  })

  it('refuses an expired ticket (injected clock)', async () => {
    const ticket = await prepareTerminate()
    clock += TICKET_TTL_MS - 1
    // Still valid one millisecond before expiry: prove the boundary, then cross it with a fresh ticket.
    const second = await prepareTerminate()
    clock += 1
    expect(await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: '4242' }))).toBe('TICKET_EXPIRED')
    expect((await guard.execute({ ticketId: second.ticketId, typed: '4242' })).outcome).toBe('done')
    expect(world.events.filter((e) => e.startsWith('perform'))).toHaveLength(1)
  })

  describe('ticket memory', () => {
    afterEach(() => {
      vi.useRealTimers()
    })

    it('drops a ticket once it is executed or burned; a late retry still gets TICKET_USED', async () => {
      const ticket = await prepareTerminate()
      const burned = await prepareTerminate()
      expect(guard.heldTickets).toBe(2)
      await guard.execute({ ticketId: ticket.ticketId, typed: '4242' })
      for (let i = 0; i < 3; i++) await codeOf(guard.execute({ ticketId: burned.ticketId, typed: 'x' }))
      expect(guard.heldTickets).toBe(0)
      expect(await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: '4242' }))).toBe('TICKET_USED')
      expect(await codeOf(guard.execute({ ticketId: burned.ticketId, typed: '4242' }))).toBe('TICKET_USED')
      // The memory of how it ended keeps the connection binding.
      expect(
        await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: '4242', connectionId: 'conn-b' }))
      ).toBe('NOT_FOUND')
    })

    it('drops an expired ticket on the next prepare or execute', async () => {
      const stale = await prepareTerminate()
      clock += TICKET_TTL_MS
      await prepareTerminate()
      expect(guard.heldTickets).toBe(1)
      clock += TICKET_TTL_MS
      expect(await codeOf(guard.execute({ ticketId: stale.ticketId, typed: '4242' }))).toBe('TICKET_EXPIRED')
      expect(guard.heldTickets).toBe(0)
    })

    it('drops expired tickets once a minute with no calls at all', async () => {
      vi.useFakeTimers()
      makeGuard(mkdtempSync(join(tmpdir(), 'guard-test-')))
      await prepareTerminate()
      vi.advanceTimersByTime(60_000)
      expect(guard.heldTickets).toBe(1)
      clock += TICKET_TTL_MS
      vi.advanceTimersByTime(60_000)
      expect(guard.heldTickets).toBe(0)
    })

    it(`keeps at most ${MAX_OPEN_TICKETS_PER_CONNECTION} open tickets per connection, evicting the oldest`, async () => {
      const a = []
      for (let i = 0; i < MAX_OPEN_TICKETS_PER_CONNECTION + 4; i++) a.push(await prepareTerminate())
      const b = await prepareTerminate('conn-b')
      expect(guard.heldTickets).toBe(MAX_OPEN_TICKETS_PER_CONNECTION + 1)
      const evicted = guard.execute({ ticketId: a[3]?.ticketId ?? '', typed: '4242' })
      await expect(evicted).rejects.toMatchObject({
        code: 'TICKET_EXPIRED',
        message: expect.stringContaining('replaced by newer ones') as unknown
      })
      expect((await guard.execute({ ticketId: a[4]?.ticketId ?? '', typed: '4242' })).outcome).toBe('done')
      expect((await guard.execute({ ticketId: b.ticketId, typed: '4242' })).outcome).toBe('done')
    })
  })

  it('refuses a used ticket, also when two executes race', async () => {
    const ticket = await prepareTerminate()
    const [a, b] = await Promise.allSettled([
      guard.execute({ ticketId: ticket.ticketId, typed: '4242' }),
      guard.execute({ ticketId: ticket.ticketId, typed: '4242' })
    ])
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected'])
    const rejected = [a, b].find((r) => r.status === 'rejected')
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: 'TICKET_USED' })
    expect(await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: '4242' }))).toBe('TICKET_USED')
    expect(world.events.filter((e) => e.startsWith('perform'))).toHaveLength(1)
  })

  it('refuses an unknown ticket and another connection’s ticket', async () => {
    expect(await codeOf(guard.execute({ ticketId: 'f'.repeat(32), typed: '4242' }))).toBe('NOT_FOUND')
    const ticket = await prepareTerminate('conn-a')
    expect(
      await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: '4242', connectionId: 'conn-b' }))
    ).toBe('NOT_FOUND')
    expect(world.events.filter((e) => e.startsWith('perform'))).toEqual([])
    // Its own connection can still use it.
    expect(
      (await guard.execute({ ticketId: ticket.ticketId, typed: '4242', connectionId: 'conn-a' })).outcome
    ).toBe('done')
  })

  it('aborts with IDENTITY_CHANGED when the server changed, sends nothing and burns the ticket', async () => {
    const ticket = await prepareTerminate()
    world.identity = { ...IDENTITY, role: 'replica', summary: 'PostgreSQL 7301 replica at 10.0.0.5:5432' }
    expect(await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: '4242' }))).toBe('IDENTITY_CHANGED')
    expect(world.events.filter((e) => e.startsWith('perform'))).toEqual([])
    expect(world.closed).toBe(2)
    expect(await audit.list()).toEqual([])
    world.identity = IDENTITY
    expect(await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: '4242' }))).toBe('TICKET_USED')
  })

  it('re-checks the profile at execute: writes turned off in between refuse it', async () => {
    const ticket = await prepareTerminate()
    profiles.set('conn-a', profile({ allowWrites: false }))
    expect(await codeOf(guard.execute({ ticketId: ticket.ticketId, typed: '4242' }))).toBe(
      'READ_ONLY_PROFILE'
    )
    expect(world.events.filter((e) => e.startsWith('perform'))).toEqual([])
  })

  it('sends nothing when the audit intent cannot be written', async () => {
    const ticket = await prepareTerminate()
    // Point the audit log below a regular file: mkdir fails, so the intent cannot be made durable.
    const blocker = join(mkdtempSync(join(tmpdir(), 'guard-test-')), 'not-a-dir')
    writeFileSync(blocker, 'x')
    const broken = new AuditLog(join(blocker, 'sub'))
    const engine = fakeEngine(world)
    const g = new Guard({
      profiles: profileStore,
      audit: broken,
      engines: { postgres: engine, redis: engine, mongo: engine },
      budget: new ConnectionBudget(),
      now: () => clock
    })
    const t2 = await g.prepare({
      connectionId: 'conn-a',
      action: 'postgres.terminateBackend',
      target: { pid: 4242 }
    })
    world.events = []
    expect(await codeOf(g.execute({ ticketId: t2.ticketId, typed: '4242' }))).toBe('INTERNAL')
    expect(world.events.some((e) => e.startsWith('perform'))).toBe(false)
    expect(ticket.ticketId).not.toBe(t2.ticketId)
  })

  it('keeps an outcome it could not write, lists it as outcome unknown, and writes it before the next record', async () => {
    const first = await prepareTerminate()
    // While the statement runs, audit.jsonl becomes a directory: the outcome append fails (EISDIR).
    world.duringPerform = () => {
      renameSync(world.auditPath, `${world.auditPath}.aside`)
      mkdirSync(world.auditPath)
    }
    const result = await guard.execute({ ticketId: first.ticketId, typed: '4242' })
    expect(result.outcome).toBe('done')
    expect(result.detail).toContain('kept in memory and written before the next audit record')
    rmdirSync(world.auditPath)
    renameSync(`${world.auditPath}.aside`, world.auditPath)
    expect((await audit.list())[0]).toMatchObject({
      auditId: result.auditId,
      phase: 'intent',
      result: 'outcome unknown',
      detail: expect.stringContaining('(done)') as unknown
    })

    world.duringPerform = () => undefined
    const next = await guard.execute({ ticketId: (await prepareTerminate()).ticketId, typed: '4242' })
    const entries = await audit.list()
    expect(entries.map((e) => [e.phase, e.result ?? null, e.auditId])).toEqual([
      ['outcome', 'done', next.auditId],
      ['intent', null, next.auditId],
      ['outcome', 'done', result.auditId],
      ['intent', null, result.auditId]
    ])
    expect((await audit.verify()).ok).toBe(true)
  })

  it('records a lost connection as failed, with no post-check and no retry', async () => {
    world.performResult = {
      outcome: 'failed',
      detail: 'The connection was lost while the statement was in flight. It was sent once and NOT retried.',
      connectionUsable: false
    }
    const ticket = await prepareTerminate()
    const result = await guard.execute({ ticketId: ticket.ticketId, typed: '4242' })
    expect(result).toMatchObject({ outcome: 'failed', postCheck: null })
    expect(result.detail).toContain('NOT retried')
    expect(world.events.filter((e) => e.startsWith('perform'))).toHaveLength(1)
    expect((await audit.list())[0]).toMatchObject({ phase: 'outcome', result: 'failed' })
  })

  it('lists the catalogue, filtered by engine', () => {
    expect(guard.catalog('redis').map((a) => a.action)).toEqual([
      'redis.unlink',
      'redis.consoleCommand',
      'redis.clientKill',
      'redis.configSet',
      'redis.flushDb'
    ])
    expect(guard.catalog().length).toBe(20)
  })
})
