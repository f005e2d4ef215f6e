/**
 * The PostgreSQL console and EXPLAIN of a read-only profile (a superuser role: the server's own privilege
 * checks cannot save us), attacked through core.dispatch like the renderer. Every attempt must end refused
 * by dbconsole or on the confirm path, and the server must be exactly as before: canary rows, the canary
 * backend, settings of every session, the sequence, the logical slot, large objects, files, statistics
 * resets and advisory locks. Scratch databases adv_pg / adv_pg_scs and roles adv_su / adv_scs are ours.
 */
import { existsSync } from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsoleResult } from '../../../shared/console'
import type { Result } from '../../../shared/errors'
import type { PgSession } from '../../engines/types'
import { openPostgres } from '../../engines/postgres/adapter'
import { useTestCore } from '../../testing/test-core'
import { pgAdminUrl, TEST_SERVERS } from '../../testing/test-servers'

const { core, call, admin } = useTestCore('pg-adversarial')
const PASSWORD = 'adv-Secret-91b2'
const DB = 'adv_pg'
const SCS_DB = 'adv_pg_scs'
const SLOT = 'adv_pg_canary'
const LO_PATH = `/tmp/dbconsole-adv-lo-${process.pid}`
const url = (role: string, db: string) =>
  `postgres://${role}:${PASSWORD}@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/${db}`
const VICTIM = `(select pid from pg_stat_activity where application_name = 'adv-victim')`

const client = (db: string, name: string) =>
  new pg.Client({ connectionString: pgAdminUrl(undefined, db), application_name: name })
const dbAdmin = client(DB, 'adv-admin')
const scsAdmin = client(SCS_DB, 'adv-admin')
const settingsCanary = client(DB, 'adv-settings')
const victim = client(DB, 'adv-victim')
let victimSleep = 'sleeping'
const profiles: Record<'main' | 'role' | 'database', string> = { main: '', role: '', database: '' }

/** Name spellings the server resolves to the same function. */
const NAME_TRICKS: ((f: string) => string)[] = [
  (f) => f,
  (f) => `"${f}"`,
  (f) => `pg_catalog.${f}`,
  (f) => `PG_CATALOG."${f}"`,
  (f) => `U&"\\00${f.charCodeAt(0).toString(16)}${f.slice(1)}"`,
  (f) => f.toUpperCase(),
  (f) => `${f}/**/`,
  (f) => `${f}/* /* nested */ */`,
  (f) => `${f}\n\t`,
  (f) => `${f} -- c\n`
]

/** Side-effecting built-ins with arguments aimed at our canaries. */
const SIDE_EFFECTS: [string, string][] = [
  ['pg_terminate_backend', VICTIM],
  ['set_config', `'default_transaction_read_only', 'off', false`],
  ['pg_cancel_backend', VICTIM],
  ['nextval', `'adv.canary_seq'`],
  ['setval', `'adv.canary_seq', 999`],
  ['pg_advisory_lock', '42'],
  ['pg_notify', `'adv', 'x'`],
  ['pg_logical_slot_get_changes', `'${SLOT}', null, null`],
  ['pg_replication_slot_advance', `'${SLOT}', pg_current_wal_lsn()`],
  ['pg_backup_start', `'adv', true`],
  ['lo_from_bytea', `0, 'x'`],
  ['pg_stat_reset', ''],
  ['pg_reload_conf', ''],
  ['txid_current', ''],
  ['pg_switch_wal', '']
]

const quote = (sql: string) => `'${sql.replace(/'/g, "''")}'`
const PAYLOADS = [
  `select pg_terminate_backend(${VICTIM})`,
  `select set_config('default_transaction_read_only', 'off', false)`,
  `select nextval('adv.canary_seq')`,
  `select lo_from_bytea(0, 'x')`,
  `select pg_advisory_lock(43)`,
  `select * from pg_logical_slot_get_changes('${SLOT}', null, null)`,
  `delete from adv.canary returning id`
]
const WRAPPERS: ((sql: string) => string)[] = [
  (sql) => `select query_to_xml(${quote(sql)}, true, false, '')`,
  (sql) => `select query_to_xml_and_xmlschema(${quote(sql)}, true, false, '')`,
  (sql) => `select query_to_xmlschema(${quote(sql)}, true, false, '')`,
  (sql) =>
    `select * from dblink('host=127.0.0.1 port=${TEST_SERVERS.pgPrimaryPort} dbname=${DB} user=postgres', ${quote(sql)}) as t(x text)`,
  (sql) =>
    `select * from xpath_table('k', 'd', ${quote(`(select 1 as k, '<a/>'::text as d from (${sql}) q) s`)}, '/a', 'true') as t(k int, a text)`
]

const ATTEMPTS = {
  'side-effecting built-ins × name tricks': SIDE_EFFECTS.flatMap(([f, args], i) =>
    (i < 2 ? NAME_TRICKS : NAME_TRICKS.slice(0, 4)).map((trick) => `select ${trick(f)}(${args})`)
  ),
  'wrappers that run SQL text': [
    ...WRAPPERS.flatMap((wrap) => PAYLOADS.map(wrap)),
    `select dblink_exec('host=127.0.0.1 port=${TEST_SERVERS.pgPrimaryPort} dbname=${DB} user=postgres', 'delete from adv.canary')`,
    `select table_to_xml('adv.v_kill', true, false, '')`,
    `select schema_to_xml('adv', true, false, '')`,
    `select database_to_xml(true, false, '')`,
    `select cursor_to_xml('adv_cursor', 1, true, false, '')`
  ],
  'files and large objects': [
    `select lo_export(lo_from_bytea(0, 'x'), '${LO_PATH}')`,
    `select "lo_export"(pg_catalog.lo_from_bytea(0, 'x'), '${LO_PATH}')`,
    `select query_to_xml(${quote(`select lo_export(lo_from_bytea(0, 'x'), '${LO_PATH}')`)}, true, false, '')`,
    `select lo_import('/etc/hostname')`,
    `select pg_read_file('/etc/hostname')`,
    `select pg_ls_dir('.')`,
    `select pg_stat_reset_shared('bgwriter')`,
    `select pg_stat_reset_single_table_counters('adv.canary'::regclass)`
  ],
  'quoting tricks': [
    `select 1; delete from adv.canary`,
    `select 1;/* c */delete from adv.canary`,
    `select 1 -- c\n; delete from adv.canary`,
    `select $$;$$; delete from adv.canary`,
    `select $a$ x $a$; select pg_terminate_backend(${VICTIM})`,
    `select E'\\''; select set_config('default_transaction_read_only', 'off', false)`,
    `select 1; /* trailing */ select pg_terminate_backend(${VICTIM}) -- end`,
    `select $f$${'$'}f$ as a, pg_terminate_backend(${VICTIM})`
  ],
  structure: [
    `with d as (delete from adv.canary returning *) select count(*) from d`,
    `with u as (update adv.canary set v = 'x' returning *) select * from u`,
    `with i as (insert into adv.canary values (1000, 'x') returning *) select * from i`,
    `select * into adv.copied from adv.canary`,
    `select * from adv.canary for update`,
    `select * from adv.canary for no key update skip locked`,
    `select * from adv.canary for share`,
    `select * from adv.v_kill`,
    `select * from adv.v_nextval`,
    `select * from adv.v_setconfig`,
    `select adv.f_kill()`,
    `select adv.f_setconfig()`,
    `select adv.f_kill_immutable(1)`,
    `select 1 operator(adv.###) 2`,
    `select 1::adv.box`,
    `select cast(2 as adv.box)`,
    `explain analyze select adv.f_kill()`,
    `explain select adv.f_kill_immutable(2)`
  ]
}

/** Statements that the plan method runs under EXPLAIN ANALYZE: every one must be refused. */
const ANALYZED = [
  ...ATTEMPTS.structure.filter((sql) => !sql.startsWith('explain')),
  ...SIDE_EFFECTS.map(([f, args]) => `select ${f}(${args})`),
  ...PAYLOADS.slice(0, 4).map((sql) => WRAPPERS[0]?.(sql) ?? sql)
]

/** Hidden statements the parser reads as one SELECT and a server with standard_conforming_strings=off as three. */
const BACKSLASH_ATTEMPTS = [
  `select '\\' as a, ' ) s; delete from adv.canary; select * from (select 1 --'`,
  `select '\\' as a, ' ) s; select set_config(''default_transaction_read_only'', ''off'', false); commit; delete from adv.canary; select * from (select 1 --'`,
  `select '\\' as a, ' ) s; select pg_terminate_backend(${VICTIM.replace(/'/g, "''")}); select * from (select 1 --'`,
  `show all; select '\\'; delete from adv.canary; --'`
]

/** Ordinary reads: they must still run without a confirmation (over-blocking is a failure too). */
const MUST_RUN = [
  'select count(*) from pg_stat_activity',
  'select pid, state, query from pg_stat_activity',
  'select count(*) from adv.canary',
  'select pg_size_pretty(pg_database_size(current_database()))',
  'select now()',
  'select * from adv.with_default',
  'select $a$;$a$ as semicolon',
  'show default_transaction_read_only'
]

const scalar = async (c: pg.Client, sql: string): Promise<unknown> =>
  Object.values((await c.query(sql)).rows[0] ?? {})[0]

/**
 * Settings of the core session's work connection for the main profile: every console and EXPLAIN read
 * runs there (the other, liveness connection only pings), so a setting an attempt changed shows here.
 */
const coreSessionSettings = async (): Promise<string[]> => {
  const session = (await core.sessions.session(profiles.main)) as PgSession
  const rows = await session.query<{ s: string }>(
    "select md5(string_agg(name || '=' || setting, ',' order by name)) as s from pg_settings"
  )
  return [rows[0]?.s ?? '']
}

/** Everything an attempt could change, read from outside the core. */
const snapshot = async () => {
  const fresh = await openPostgres({
    url: url('adv_su', DB),
    tls: { enabled: false },
    purpose: 'diagnostics'
  })
  const freshSettings = await fresh
    .query<{ s: string }>(
      "select string_agg(name || '=' || setting, ',' order by name) as s from pg_settings where name in ('default_transaction_read_only', 'statement_timeout', 'lock_timeout', 'standard_conforming_strings', 'idle_in_transaction_session_timeout')"
    )
    .finally(() => fresh.close())
  return {
    canary: await scalar(dbAdmin, "select md5(string_agg(id || ':' || v, ',' order by id)) from adv.canary"),
    canaryScs: await scalar(
      scsAdmin,
      "select md5(string_agg(id || ':' || v, ',' order by id)) from adv.canary"
    ),
    copiedTable: await scalar(dbAdmin, "select to_regclass('adv.copied')::text"),
    victimAlive: await scalar(
      dbAdmin,
      "select count(*)::int from pg_stat_activity where application_name = 'adv-victim' and state = 'active'"
    ),
    victimSleep,
    canarySettings: await scalar(
      settingsCanary,
      "select md5(string_agg(name || '=' || setting, ',' order by name)) from pg_settings"
    ),
    freshSettings: freshSettings[0]?.s,
    coreSettings: await coreSessionSettings(),
    persistedSettings: await scalar(
      admin(),
      'select md5(coalesce(string_agg(setdatabase || ' +
        "':' || setrole || ':' || array_to_string(setconfig, ','), ';' order by setdatabase, setrole), '')) from pg_db_role_setting"
    ),
    confLoaded: await scalar(admin(), 'select pg_conf_load_time()::text'),
    sequence: await scalar(dbAdmin, "select last_value || ':' || is_called from adv.canary_seq"),
    slot: await scalar(
      dbAdmin,
      `select confirmed_flush_lsn || '/' || restart_lsn from pg_replication_slots where slot_name = '${SLOT}'`
    ),
    largeObjects: await scalar(dbAdmin, 'select count(*)::int from pg_largeobject_metadata'),
    loFile:
      existsSync(LO_PATH) || (await scalar(admin(), `select pg_stat_file('${LO_PATH}', true) is not null`)),
    statsReset: await scalar(
      admin(),
      `select (select coalesce(stats_reset::text, '') from pg_stat_database where datname = '${DB}') || (select stats_reset::text from pg_stat_bgwriter)`
    ),
    advisoryLocks: await scalar(
      admin(),
      `select count(*)::int from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and d.datname in ('${DB}', '${SCS_DB}')`
    )
  }
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>
type Outcome = 'refused' | 'confirm' | 'ran'

const changed = (a: Snapshot, b: Snapshot): string[] =>
  Object.keys(a).filter(
    (k) => JSON.stringify(a[k as keyof Snapshot]) !== JSON.stringify(b[k as keyof Snapshot])
  )

/** First result per attempt (a retried test must not count twice nor hide what the first run changed). */
const results = new Map<string, { outcome: Outcome; diff: string[]; mayRun: boolean }>()
let previous: Snapshot
let baseline: Snapshot

const SETUP_CANARY = [
  'create schema adv',
  'create table adv.canary (id int primary key, v text not null)',
  "insert into adv.canary select g, 'v' || g from generate_series(1, 100) g"
]

beforeAll(async () => {
  const su = admin()
  await su.query(
    `select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '${SLOT}'`
  )
  for (const db of [DB, SCS_DB]) await su.query(`drop database if exists ${db} with (force)`)
  for (const role of ['adv_su', 'adv_scs']) await su.query(`drop role if exists ${role}`)
  for (const role of ['adv_su', 'adv_scs'])
    await su.query(`create role ${role} login superuser password '${PASSWORD}'`)
  for (const db of [DB, SCS_DB]) await su.query(`create database ${db}`)
  await su.query(`alter database ${SCS_DB} set standard_conforming_strings = off`)
  await su.query(`alter role adv_scs in database ${DB} set standard_conforming_strings = off`)
  await Promise.all([dbAdmin.connect(), scsAdmin.connect(), settingsCanary.connect(), victim.connect()])
  for (const sql of SETUP_CANARY) await scsAdmin.query(sql)
  for (const sql of [
    ...SETUP_CANARY,
    'create extension dblink',
    'create extension xml2',
    'create sequence adv.canary_seq',
    "select setval('adv.canary_seq', 41)",
    "create table adv.with_default (id int default nextval('adv.canary_seq'), v int)",
    'insert into adv.with_default values (1, 1)',
    `create view adv.v_kill as select pg_terminate_backend(${VICTIM}) as killed`,
    "create view adv.v_nextval as select nextval('adv.canary_seq') as n",
    "create view adv.v_setconfig as select set_config('default_transaction_read_only', 'off', false) as s",
    `create function adv.f_kill() returns boolean language plpgsql as $$begin return pg_terminate_backend(${VICTIM}); end$$`,
    "create function adv.f_setconfig() returns text language sql as $$select set_config('statement_timeout', '0', false)$$",
    `create function adv.f_kill_immutable(int) returns boolean immutable language plpgsql as $$begin return pg_terminate_backend(${VICTIM}); end$$`,
    "create function adv.f_op(int, int) returns bigint language sql as $$select nextval('adv.canary_seq') + $1 + $2$$",
    'create operator adv.### (function = adv.f_op, leftarg = int, rightarg = int)',
    'create type adv.box as (v bigint)',
    "create function adv.to_box(int) returns adv.box language sql as $$select row(nextval('adv.canary_seq'))::adv.box$$",
    'create cast (int as adv.box) with function adv.to_box(int)',
    `select pg_create_logical_replication_slot('${SLOT}', 'test_decoding')`,
    "insert into adv.canary values (101, 'after the slot')"
  ])
    await dbAdmin.query(sql)
  await dbAdmin.query('select pg_stat_reset()')
  victim.on('error', () => undefined)
  victim.query('select pg_sleep(3600)').then(
    () => (victimSleep = 'finished'),
    (err: Error) => (victimSleep = `error: ${err.message}`)
  )
  const save = (name: string, role: string, db: string) =>
    call<{ id: string }>('connections.save', {
      name,
      engine: 'postgres',
      url: url(role, db),
      environment: 'production'
    }).then(async ({ id }) => {
      await call('connections.connect', { id })
      return id
    })
  profiles.main = await save('adv main', 'adv_su', DB)
  profiles.role = await save('adv role scs off', 'adv_scs', DB)
  profiles.database = await save('adv database scs off', 'adv_su', SCS_DB)
  await new Promise((r) => setTimeout(r, 200))
  baseline = previous = await snapshot()
}, 60_000)

afterAll(async () => {
  const all = [...results.values()]
  const count = (outcome: Outcome) => all.filter((r) => r.outcome === outcome).length
  console.log(
    `PostgreSQL adversarial: ${all.length} attempts tried, ${count('refused')} refused, ${count('confirm')} sent to confirm, ` +
      `${count('ran')} ran without confirmation, ${all.filter((r) => r.diff.length > 0).length} changed anything`
  )
  const failed = [...results].filter(([, r]) => r.diff.length > 0 || (r.outcome === 'ran' && !r.mayRun))
  console.log(
    `Failed attempts:\n${failed.map(([label, r]) => `${label}: ${r.outcome}${r.diff.length > 0 ? `, changed ${r.diff.join(', ')}` : ''}`).join('\n')}`
  )
  await Promise.all(
    [dbAdmin.end(), scsAdmin.end(), settingsCanary.end(), victim.end()].map((p) => p.catch(() => undefined))
  )
  const su = admin()
  await su.query(
    `select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '${SLOT}'`
  )
  await core.close()
  for (const db of [DB, SCS_DB]) await su.query(`drop database if exists ${db} with (force)`)
  for (const role of ['adv_su', 'adv_scs']) await su.query(`drop role if exists ${role}`)
})

const consoleOutcome = async (connectionId: string, text: string): Promise<Outcome> => {
  const answer = (await core.dispatch('console.run', { connectionId, text })) as Result<ConsoleResult>
  if (!answer.ok) return ['REFUSED', 'INVALID_INPUT'].includes(answer.error.code) ? 'refused' : 'ran'
  if (answer.value.kind !== 'confirmation-required') return 'ran'
  // The dialog must be able to show exactly what would be sent.
  expect(String(answer.value.target.sql).trim()).toBe(text.trim().replace(/[\s;]+$/, ''))
  return 'confirm'
}

const planOutcome = async (connectionId: string, sql: string): Promise<Outcome> => {
  const answer = await core.dispatch('plan.explain', { connectionId, sql, analyze: true })
  return !answer.ok && ['REFUSED', 'INVALID_INPUT'].includes(answer.error.code) ? 'refused' : 'ran'
}

/** Runs one attempt, tallies it, and fails unless it was stopped and changed nothing. */
const attempt = async (label: string, run: () => Promise<Outcome>, mayRun = false) => {
  const outcome = await run()
  const after = await snapshot()
  const diff = changed(previous, after)
  previous = after
  if (!results.has(label)) results.set(label, { outcome, diff, mayRun })
  expect({ outcome: mayRun ? 'may run' : outcome, changed: diff }).toEqual({
    outcome: mayRun ? 'may run' : expect.stringMatching(/^(refused|confirm)$/),
    changed: []
  })
}

const familyCheck = (family: string) => {
  let start: Snapshot
  beforeAll(() => {
    start = previous
  })
  it(`after ${family}: nothing on the server differs from the family's start`, async () => {
    expect(changed(start, await snapshot())).toEqual([])
  })
}

describe('PostgreSQL read-only console, attacked', { retry: 0 }, () => {
  for (const [family, texts] of Object.entries(ATTEMPTS)) {
    describe(`${family} (console)`, () => {
      it.each(texts)('%s', (text) =>
        attempt(`${family} / console / ${text}`, () => consoleOutcome(profiles.main, text))
      )
      familyCheck(family)
    })
  }

  describe('EXPLAIN ANALYZE through the plan method', () => {
    it.each(ANALYZED)('%s', (sql) =>
      attempt(`plan.explain analyze / ${sql}`, () => planOutcome(profiles.main, sql))
    )
    it.each(['select adv.f_kill_immutable(3)', 'select 1 operator(adv.###) 2'])(
      'plain EXPLAIN of %s plans it and changes nothing',
      (sql) =>
        attempt(
          `plan.explain (plan only) / ${sql}`,
          async () =>
            (await core.dispatch('plan.explain', { connectionId: profiles.main, sql })).ok
              ? 'ran'
              : 'refused',
          true
        )
    )
    familyCheck('EXPLAIN ANALYZE')
  })

  describe('backslash quoting with standard_conforming_strings=off', () => {
    it.each(BACKSLASH_ATTEMPTS.flatMap((text) => [['role', text] as const, ['database', text] as const]))(
      'set on the %s: %s',
      (where, text) =>
        // standard_conforming_strings is forced on at startup, so each is one SELECT of a literal: running
        // it is fine; only a change on the server (the hidden DELETE or kill) fails it.
        attempt(`quoting (${where} scs=off) / ${text}`, () => consoleOutcome(profiles[where], text), true)
    )
    familyCheck('backslash quoting')
  })

  describe('ordinary reads still run without a confirmation', () => {
    it.each(MUST_RUN)('%s', async (text) => {
      const answer = (await core.dispatch('console.run', {
        connectionId: profiles.main,
        text
      })) as Result<ConsoleResult>
      expect(answer.ok && answer.value.kind).toBe('rows')
    })
  })

  it('nothing was confirmed, so nothing was audited', async () => {
    expect(await call<unknown[]>('audit.list', { limit: 1000 })).toEqual([])
  })

  it('at the end the server is as at the start, and no attempt changed anything', async () => {
    expect(changed(baseline, await snapshot())).toEqual([])
    expect(results.size).toBeGreaterThanOrEqual(150)
    expect([...results.values()].filter((r) => r.diff.length > 0)).toEqual([])
  })
})
