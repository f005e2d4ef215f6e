/**
 * Guarded actions end to end through `dbconsole serve`'s HTTP API, on real servers:
 * - the shared PostgreSQL primary (terminate a backend we start, drop an unused index we create);
 * - OUR OWN PostgreSQL pair (55632/55633) for the failover case, started and stopped here;
 * - OUR OWN Redis master + replica (46379/46380) for UNLINK, REPLICAOF NO ONE and the network cut.
 * Nothing here stops, promotes or flushes the shared servers.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditEntry, ExecutedAction, PreparedAction } from '../../shared/actions'
import { startServe, type RunningServe } from '../serve'
import { startOwnRedis, type OwnRedis as OwnRedisServer } from '../testing/own-servers'
import { startTcpProxy, type TcpProxy } from '../testing/tcp-proxy'
import { pgAdminUrl, pgAppUrl, redisUrl, TEST_SERVERS } from '../testing/test-servers'
import { respOf } from '../engines/redis/render-command'

const TOKEN = 'guard-int-token-0123456789'
const OWN_PG = { base: '/tmp/guard-pg', primary: 55632, replica: 55633 }
const OWN_REDIS = { master: 46550, replica: 46551 }
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

let serve: RunningServe
let dataDir: string
let rendererDir: string

type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } }

const rpc = async <T>(method: string, input: unknown): Promise<Envelope<T>> => {
  const res = await fetch(`http://127.0.0.1:${serve.port}/rpc/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(input)
  })
  expect(res.status).toBe(200)
  return (await res.json()) as Envelope<T>
}

const value = async <T>(method: string, input: unknown): Promise<T> => {
  const result = await rpc<T>(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value
}

const errorCode = async (method: string, input: unknown): Promise<string> => {
  const result = await rpc(method, input)
  return result.ok ? 'ok' : result.error.code
}

const saveProfile = (
  name: string,
  engine: 'postgres' | 'redis',
  url: string,
  extra: Record<string, unknown> = {}
) =>
  value<{ id: string }>('connections.save', {
    name,
    engine,
    url,
    environment: 'staging',
    allowWrites: true,
    ...extra
  }).then((r) => r.id)

const auditFor = async (auditId: string): Promise<AuditEntry[]> =>
  (await value<AuditEntry[]>('audit.list', { limit: 1000 })).filter((e) => e.auditId === auditId)

/** A session of the app role that sleeps, so there is a backend to act on. */
const startVictim = async (port: number, name: string) => {
  const client = new pg.Client({ connectionString: pgAppUrl(port), application_name: name })
  client.on('error', () => undefined)
  await client.connect()
  const [row] = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows
  const pid = row?.pid ?? 0
  const sleeping = client.query('select pg_sleep(60)').then(
    () => 'finished',
    (err: Error) => `error: ${err.message}`
  )
  /**
   * Ends the victim on the server too: closing its client does not stop pg_sleep(60) (the backend only
   * notices a gone client when it writes), and a backend left sleeping in a transaction holds a snapshot
   * that makes later suites' CREATE/REINDEX ... CONCURRENTLY wait on it.
   */
  const stop = async (): Promise<void> => {
    const admin = new pg.Client({ connectionString: pgAdminUrl(port) })
    await admin.connect()
    try {
      await admin.query('select pg_terminate_backend($1)', [pid])
    } finally {
      await admin.end()
    }
    await client.end().catch(() => undefined)
  }
  return { client, pid, sleeping, stop }
}

const waitFor = async (check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> => {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error('condition not reached in time')
}

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'guard-int-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>dbconsole</title>')
  dataDir = mkdtempSync(join(tmpdir(), 'guard-int-data-'))
  serve = await startServe({ port: 0, host: '127.0.0.1', token: TOKEN, dataDir, rendererDir })
})

afterAll(async () => {
  await serve.close()
  for (const d of [dataDir, rendererDir]) rmSync(d, { recursive: true, force: true })
})

describe('PostgreSQL actions on the shared primary', () => {
  let admin: pg.Client
  let profileId: string

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: pgAdminUrl(TEST_SERVERS.pgPrimaryPort, 'app') })
    await admin.connect()
    profileId = await saveProfile('pg primary', 'postgres', pgAppUrl())
  })
  afterAll(async () => {
    await admin.query('drop table if exists guard_int_orders')
    await admin.end()
  })

  it('lists the catalogue', async () => {
    const catalog = await value<{ action: string; tier: number }[]>('actions.catalog', { engine: 'postgres' })
    expect(catalog.find((a) => a.action === 'postgres.terminateBackend')?.tier).toBe(2)
    expect(catalog.every((a) => a.action.startsWith('postgres.'))).toBe(true)
  })

  it('terminates a pg_sleep backend: the pid is gone, one intent and one outcome are audited', async () => {
    const victim = await startVictim(TEST_SERVERS.pgPrimaryPort, 'guard-int-victim')
    try {
      await waitFor(async () => {
        const r = await admin.query("select 1 from pg_stat_activity where pid = $1 and state = 'active'", [
          victim.pid
        ])
        return r.rowCount === 1
      })
      const ticket = await value<PreparedAction>('actions.prepare', {
        connectionId: profileId,
        action: 'postgres.terminateBackend',
        target: { pid: victim.pid }
      })
      expect(ticket.challenge).toBe(String(victim.pid))
      expect(ticket.exactStatement).toBe(`SELECT pg_terminate_backend(${victim.pid})`)
      expect(ticket.preview.facts).toMatchObject({
        pid: victim.pid,
        application_name: 'guard-int-victim',
        state: 'active',
        query: 'select pg_sleep(60)'
      })
      expect(ticket.serverIdentity).toMatchObject({ engine: 'postgres', role: 'primary' })
      expect(ticket.serverIdentity.id).toMatch(/^\d{10,}$/)

      const result = await value<ExecutedAction>('actions.execute', {
        ticketId: ticket.ticketId,
        typed: String(victim.pid)
      })
      expect(result.outcome).toBe('done')
      expect(result.postCheck).toEqual({ ok: true, detail: `Backend ${victim.pid} is gone.` })
      const left = await admin.query('select 1 from pg_stat_activity where pid = $1', [victim.pid])
      expect(left.rowCount).toBe(0)
      expect(await victim.sleeping).toMatch(/^error: terminating connection/)

      const records = await auditFor(result.auditId)
      expect(records.map((r) => r.phase).sort()).toEqual(['intent', 'outcome'])
      expect(records.find((r) => r.phase === 'outcome')?.result).toBe('done')
      expect(records.every((r) => r.exactStatement === ticket.exactStatement)).toBe(true)
      // The password of the profile never reaches the audit log.
      expect(readFileSync(join(dataDir, 'audit.jsonl'), 'utf8')).not.toContain(TEST_SERVERS.pgAppPassword)

      expect(
        await errorCode('actions.execute', { ticketId: ticket.ticketId, typed: String(victim.pid) })
      ).toBe('TICKET_USED')
    } finally {
      await victim.stop()
    }
  })

  it('a wrong typed text changes nothing', async () => {
    const victim = await startVictim(TEST_SERVERS.pgPrimaryPort, 'guard-int-victim-2')
    try {
      const before = (await value<AuditEntry[]>('audit.list', { limit: 1000 })).length
      const ticket = await value<PreparedAction>('actions.prepare', {
        connectionId: profileId,
        action: 'postgres.terminateBackend',
        target: { pid: victim.pid }
      })
      expect(await errorCode('actions.execute', { ticketId: ticket.ticketId, typed: `${victim.pid}0` })).toBe(
        'CONFIRMATION_MISMATCH'
      )
      const alive = await admin.query('select 1 from pg_stat_activity where pid = $1', [victim.pid])
      expect(alive.rowCount).toBe(1)
      expect((await value<AuditEntry[]>('audit.list', { limit: 1000 })).length).toBe(before)
      expect(await errorCode('actions.execute', { ticketId: 'no-such-ticket', typed: 'x' })).toBe('NOT_FOUND')
    } finally {
      await victim.stop()
    }
  })

  it('refuses a read-only profile and tier 4 when not enabled', async () => {
    const readOnly = await value<{ id: string }>('connections.save', {
      name: 'pg read-only',
      engine: 'postgres',
      url: pgAppUrl(),
      environment: 'production'
    })
    expect(
      await errorCode('actions.prepare', {
        connectionId: readOnly.id,
        action: 'postgres.cancelBackend',
        target: { pid: 1 }
      })
    ).toBe('READ_ONLY_PROFILE')
    expect(
      await errorCode('actions.prepare', {
        connectionId: profileId,
        action: 'postgres.vacuumFull',
        target: { table: 'x' }
      })
    ).toBe('TIER_DISABLED')
  })

  it('drops an unused index concurrently: gone, no invalid index left; refuses a constraint index', async () => {
    await admin.query('drop table if exists guard_int_orders')
    await admin.query('create table guard_int_orders (id int primary key, note text)')
    await admin.query('create index guard_int_orders_note_idx on guard_int_orders (note)')
    await admin.query('alter table guard_int_orders owner to dbconsole_app')

    expect(
      await errorCode('actions.prepare', {
        connectionId: profileId,
        action: 'postgres.dropIndex',
        target: { index: 'guard_int_orders_pkey' }
      })
    ).toBe('REFUSED')

    const ticket = await value<PreparedAction>('actions.prepare', {
      connectionId: profileId,
      action: 'postgres.dropIndex',
      target: { index: 'guard_int_orders_note_idx' }
    })
    expect(ticket.tier).toBe(3)
    expect(ticket.exactStatement).toBe('DROP INDEX CONCURRENTLY "public"."guard_int_orders_note_idx"')
    expect(ticket.preview.facts).toMatchObject({ scans: 0, valid: true, table: 'public.guard_int_orders' })
    expect(ticket.confirm).toEqual({ cooldownMs: 3000, enterConfirms: false })

    const result = await value<ExecutedAction>('actions.execute', {
      ticketId: ticket.ticketId,
      typed: 'guard_int_orders_note_idx'
    })
    expect(result).toMatchObject({ outcome: 'done', postCheck: { ok: true } })
    const gone = await admin.query("select 1 from pg_class where relname = 'guard_int_orders_note_idx'")
    expect(gone.rowCount).toBe(0)
    const invalid = await admin.query(
      "select 1 from pg_index where indrelid = 'guard_int_orders'::regclass and not indisvalid"
    )
    expect(invalid.rowCount).toBe(0)
    expect((await auditFor(result.auditId)).length).toBe(2)
  })
})

describe('PostgreSQL EXPLAIN ANALYZE of a write, and ANALYZE, on the shared primary', () => {
  let admin: pg.Client
  let profileId: string

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: pgAdminUrl(TEST_SERVERS.pgPrimaryPort, 'app') })
    await admin.connect()
    await admin.query('drop table if exists guard_int_items')
    await admin.query(
      "create table guard_int_items as select g as id, 'n' || g as note from generate_series(1, 50) g"
    )
    await admin.query('alter table guard_int_items owner to dbconsole_app')
    profileId = await saveProfile('pg primary (explain)', 'postgres', pgAppUrl())
  })
  afterAll(async () => {
    await admin.query('drop table if exists guard_int_items')
    await admin.end()
  })

  it('runs the UPDATE under EXPLAIN ANALYZE, returns the plan, and changes no row', async () => {
    const ticket = await value<PreparedAction>('actions.prepare', {
      connectionId: profileId,
      action: 'postgres.explainAnalyzeWrite',
      target: { sql: "update guard_int_items set note = 'changed' where id <= 10;" }
    })
    expect(ticket.challenge).toBe('update guard_int_items')
    expect(ticket.exactStatement).toBe(
      "BEGIN; EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) update guard_int_items set note = 'changed' where id <= 10; ROLLBACK;"
    )
    const result = await value<ExecutedAction>('actions.execute', {
      ticketId: ticket.ticketId,
      typed: 'update guard_int_items'
    })
    expect(result.outcome).toBe('done')
    const plan = JSON.parse(result.detail) as { Plan: { 'Node Type': string; 'Actual Rows': number } }[]
    expect(plan[0]?.Plan['Node Type']).toBe('ModifyTable')
    expect(result.postCheck?.ok).toBe(true)
    const changed = await admin.query("select count(*)::int as n from guard_int_items where note = 'changed'")
    expect(changed.rows[0]).toEqual({ n: 0 })
  })

  it('refuses two statements at prepare', async () => {
    expect(
      await errorCode('actions.prepare', {
        connectionId: profileId,
        action: 'postgres.explainAnalyzeWrite',
        target: { sql: 'update guard_int_items set note = 1; drop table guard_int_items' }
      })
    ).toBe('INVALID_INPUT')
  })

  it('ANALYZEs a table and the post-check sees last_analyze move', async () => {
    const ticket = await value<PreparedAction>('actions.prepare', {
      connectionId: profileId,
      action: 'postgres.analyze',
      target: { table: 'guard_int_items' }
    })
    expect(ticket.exactStatement).toBe('ANALYZE "public"."guard_int_items"')
    const result = await value<ExecutedAction>('actions.execute', {
      ticketId: ticket.ticketId,
      typed: 'guard_int_items'
    })
    expect(result).toMatchObject({ outcome: 'done', postCheck: { ok: true } })
  })
})

describe('PostgreSQL failover between prepare and execute (own pair on 55632/55633)', () => {
  const env = {
    ...process.env,
    PGBASE: OWN_PG.base,
    PG_PRIMARY_PORT: String(OWN_PG.primary),
    PG_REPLICA_PORT: String(OWN_PG.replica)
  }

  beforeAll(() => {
    execFileSync('bash', [join(REPO, 'scripts/pg-up.sh')], { env, stdio: 'pipe' })
  }, 120_000)
  afterAll(() => {
    execFileSync('bash', [join(REPO, 'scripts/pg-down.sh')], { env, stdio: 'pipe' })
  })

  it('promoting the replica aborts the action with IDENTITY_CHANGED and sends nothing', async () => {
    const replicaAdmin = new pg.Client({ connectionString: pgAdminUrl(OWN_PG.replica) })
    await replicaAdmin.connect()
    try {
      // The app role and database were created on the primary; wait until the replica has replayed them.
      await waitFor(
        async () =>
          (
            await replicaAdmin.query(
              "select 1 from pg_roles r, pg_database d where r.rolname = 'dbconsole_app' and d.datname = 'app'"
            )
          ).rowCount === 1,
        20_000
      )
      const profileId = await saveProfile('own replica', 'postgres', pgAppUrl(OWN_PG.replica))
      const victim = await startVictim(OWN_PG.replica, 'guard-int-replica-victim')
      try {
        const ticket = await value<PreparedAction>('actions.prepare', {
          connectionId: profileId,
          action: 'postgres.terminateBackend',
          target: { pid: victim.pid }
        })
        expect(ticket.serverIdentity.role).toBe('replica')

        await replicaAdmin.query('select pg_promote(true, 60)')
        const before = (await value<AuditEntry[]>('audit.list', { limit: 1000 })).length
        const result = await rpc('actions.execute', { ticketId: ticket.ticketId, typed: String(victim.pid) })
        expect(result.ok).toBe(false)
        if (!result.ok) {
          expect(result.error.code).toBe('IDENTITY_CHANGED')
          expect(result.error.message).toContain('replica')
        }
        const alive = await replicaAdmin.query('select 1 from pg_stat_activity where pid = $1', [victim.pid])
        expect(alive.rowCount).toBe(1)
        expect((await value<AuditEntry[]>('audit.list', { limit: 1000 })).length).toBe(before)
        expect(
          await errorCode('actions.execute', { ticketId: ticket.ticketId, typed: String(victim.pid) })
        ).toBe('TICKET_USED')
      } finally {
        await victim.stop()
      }
    } finally {
      await replicaAdmin.end()
    }
  })
})

describe('Redis actions (own master 46550 + replica 46551)', () => {
  let ownMaster: OwnRedisServer
  let ownReplica: OwnRedisServer
  let master: Redis
  let replica: Redis

  beforeAll(async () => {
    ownMaster = await startOwnRedis('guard-master', OWN_REDIS.master, ['--repl-diskless-sync-delay', '0'])
    ownReplica = await startOwnRedis('guard-replica', OWN_REDIS.replica, [
      '--replicaof',
      '127.0.0.1',
      String(OWN_REDIS.master)
    ])
    await waitFor(
      async () => (await ownReplica.cli('info', 'replication')).includes('master_link_status:up'),
      20_000
    )
    master = new Redis({ port: OWN_REDIS.master })
    replica = new Redis({ port: OWN_REDIS.replica })
  }, 30_000)

  afterAll(() => {
    master.disconnect()
    replica.disconnect()
    ownReplica.down()
    ownMaster.down()
  })

  it('UNLINKs a named key: preview shows type, size and TTL; the key is gone', async () => {
    await master.set('guard:int:k1', 'x'.repeat(100), 'EX', 600)
    const id = await saveProfile('own redis', 'redis', redisUrl(OWN_REDIS.master))
    const ticket = await value<PreparedAction>('actions.prepare', {
      connectionId: id,
      action: 'redis.unlink',
      target: { keys: ['guard:int:k1'] }
    })
    expect(ticket.exactStatement).toBe('UNLINK guard:int:k1')
    expect(ticket.challenge).toBe('guard:int:k1')
    expect(String(ticket.preview.facts['key 1'])).toMatch(
      /^guard:int:k1: string, \d+ bytes, expires in \d+ s$/
    )
    expect(ticket.serverIdentity).toMatchObject({ engine: 'redis', role: 'master' })
    const result = await value<ExecutedAction>('actions.execute', {
      ticketId: ticket.ticketId,
      typed: 'guard:int:k1'
    })
    expect(result).toMatchObject({
      outcome: 'done',
      detail: 'Removed 1 of 1 key(s).',
      postCheck: { ok: true }
    })
    expect(await master.exists('guard:int:k1')).toBe(0)
  })

  it('REPLICAOF NO ONE on the replica between prepare and execute aborts with IDENTITY_CHANGED', async () => {
    await master.set('guard:int:k2', 'v')
    await waitFor(async () => (await replica.exists('guard:int:k2')) === 1)
    const id = await saveProfile('own redis replica', 'redis', redisUrl(OWN_REDIS.replica))
    const ticket = await value<PreparedAction>('actions.prepare', {
      connectionId: id,
      action: 'redis.unlink',
      target: { keys: ['guard:int:k2'] }
    })
    expect(ticket.serverIdentity.role).toBe('slave')
    await replica.call('REPLICAOF', 'NO', 'ONE')
    expect(await errorCode('actions.execute', { ticketId: ticket.ticketId, typed: 'guard:int:k2' })).toBe(
      'IDENTITY_CHANGED'
    )
    expect(await replica.exists('guard:int:k2')).toBe(1)
  })

  describe('network cut while the command is in flight', () => {
    let proxy: TcpProxy

    beforeAll(async () => {
      proxy = await startTcpProxy({ port: OWN_REDIS.master })
    })
    afterAll(() => proxy.close())

    const unlinkCalls = async (): Promise<number> => {
      const stats = String(await master.info('commandstats'))
      return Number(/cmdstat_unlink:calls=(\d+)/.exec(stats)?.[1] ?? 0)
    }

    it('the command reaches the server at most once, is not retried, and the outcome is failed', async () => {
      await master.set('guard:int:cut', 'v')
      const id = await saveProfile('own redis via proxy', 'redis', redisUrl(proxy.port))
      const ticket = await value<PreparedAction>('actions.prepare', {
        connectionId: id,
        action: 'redis.unlink',
        target: { keys: ['guard:int:cut'] }
      })
      const callsBefore = await unlinkCalls()
      const auditPath = join(dataDir, 'audit.jsonl')
      const intentsBefore = readFileSync(auditPath, 'utf8').split('"phase":"intent"').length

      // Every chunk now takes 1 s to cross: when the intent is on disk the UNLINK is in the proxy's hands.
      proxy.setMode({ kind: 'delay', ms: 1_000 })
      const executing = value<ExecutedAction>('actions.execute', {
        ticketId: ticket.ticketId,
        typed: 'guard:int:cut'
      })
      await waitFor(
        () => readFileSync(auditPath, 'utf8').split('"phase":"intent"').length > intentsBefore,
        40_000
      )
      proxy.setMode({ kind: 'blackhole' })
      proxy.cutAll()

      const result = await executing
      expect(result.outcome).toBe('failed')
      expect(result.detail).toMatch(/NOT retried/)
      expect(result.postCheck).toBeNull()

      await new Promise((r) => setTimeout(r, 2_000))
      const wire = proxy.sentToServer()
      const unlink = respOf(['UNLINK', 'guard:int:cut'])
      let seen = 0
      for (let at = wire.indexOf(unlink); at !== -1; at = wire.indexOf(unlink, at + 1)) seen++
      expect(seen).toBeLessThanOrEqual(1)
      expect((await unlinkCalls()) - callsBefore).toBe(seen)
      // Cut before delivery: the server never saw it, so the key is still there.
      expect(await master.exists('guard:int:cut')).toBe(1 - seen)
      const records = await auditFor(result.auditId)
      expect(records.find((r) => r.phase === 'outcome')?.result).toBe('failed')
      proxy.setMode({ kind: 'pass' })
    }, 60_000)
  })
})
