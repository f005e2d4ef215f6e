import { beforeAll, describe, expect, it } from 'vitest'
import type { ActionId } from '../../../shared/actions'
import { AppFailure } from '../../../shared/errors'
import { engineActions } from '../action-kit'
import { explainableWrite, POSTGRES_DEFINITIONS, postgresActions, type PgActionHandle } from './actions'
import { ensureParser, oneStatementText } from './sql-safety'

// The action definitions judge statements with the real parser, loaded once (the core awaits it too).
beforeAll(() => ensureParser())

const codeOf = (fn: () => unknown): string => {
  try {
    fn()
    return 'ok'
  } catch (err) {
    return err instanceof AppFailure ? err.code : 'other'
  }
}

describe('postgres action statements', () => {
  it('builds exact, quoted statements from the target', () => {
    const s = (action: Parameters<typeof postgresActions.bind>[0], target: unknown) =>
      postgresActions.bind(action, target).statement
    expect(s('postgres.cancelBackend', { pid: 123 })).toBe('SELECT pg_cancel_backend(123)')
    expect(s('postgres.terminateBackend', { pid: 123 })).toBe('SELECT pg_terminate_backend(123)')
    expect(s('postgres.dropIndex', { index: 'orders_note_idx' })).toBe(
      'DROP INDEX CONCURRENTLY "public"."orders_note_idx"'
    )
    expect(s('postgres.dropIndex', { schema: 'Sales', index: 'we"ird; drop table x' })).toBe(
      'DROP INDEX CONCURRENTLY "Sales"."we""ird; drop table x"'
    )
    expect(s('postgres.reindex', { index: 'i' })).toBe('REINDEX INDEX CONCURRENTLY "public"."i"')
    expect(s('postgres.vacuum', { table: 'orders' })).toBe('VACUUM "public"."orders"')
    expect(s('postgres.analyze', { schema: 's', table: 't' })).toBe('ANALYZE "s"."t"')
    expect(s('postgres.vacuumFull', { table: 'orders' })).toBe('VACUUM (FULL) "public"."orders"')
    expect(s('postgres.explainAnalyzeWrite', { sql: 'update t set a = 1 where id = 2;' })).toBe(
      'BEGIN; EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) update t set a = 1 where id = 2; ROLLBACK;'
    )
  })

  it('names the target the user must type', () => {
    expect(postgresActions.bind('postgres.terminateBackend', { pid: 77 }).targetName).toBe('77')
    expect(postgresActions.bind('postgres.dropIndex', { index: 'orders_note_idx' }).targetName).toBe(
      'orders_note_idx'
    )
    expect(
      postgresActions.bind('postgres.explainAnalyzeWrite', { sql: 'DELETE FROM public.orders WHERE id = 1' })
        .targetName
    ).toBe('delete public.orders')
  })

  it('rejects invalid targets with INVALID_INPUT', () => {
    const bind = (action: Parameters<typeof postgresActions.bind>[0], target: unknown) => () =>
      postgresActions.bind(action, target)
    expect(codeOf(bind('postgres.terminateBackend', { pid: 0 }))).toBe('INVALID_INPUT')
    expect(codeOf(bind('postgres.terminateBackend', { pid: '12' }))).toBe('INVALID_INPUT')
    expect(codeOf(bind('postgres.terminateBackend', { pid: 12, extra: 1 }))).toBe('INVALID_INPUT')
    expect(codeOf(bind('postgres.dropIndex', { index: 'x'.repeat(64) }))).toBe('INVALID_INPUT')
    expect(codeOf(bind('postgres.dropIndex', { index: 'a\nb' }))).toBe('INVALID_INPUT')
    expect(codeOf(bind('postgres.vacuum', {}))).toBe('INVALID_INPUT')
    expect(codeOf(bind('redis.unlink', { keys: ['k'] }))).toBe('INVALID_INPUT')
  })
})

describe('oneStatementText', () => {
  it('accepts one statement with trailing semicolons and comments, cut after its last token', () => {
    expect(oneStatementText('update t set a = 1 ;; -- done\n')).toMatchObject({
      ok: true,
      body: 'update t set a = 1'
    })
    // Without a semicolon the comment would swallow what the EXPLAIN wrapper appends.
    expect(oneStatementText('update t set a = 1 -- done').body).toBe('update t set a = 1')
    expect(oneStatementText('update t set a = 1 /* done */').body).toBe('update t set a = 1')
    expect(oneStatementText("update t set a = ';' where b = 'x''y;'").body).toBe(
      "update t set a = ';' where b = 'x''y;'"
    )
    expect(oneStatementText('update t set a = $$a;b$$').ok).toBe(true)
    expect(oneStatementText('update t set a = $tag$ ; $ $tag$').ok).toBe(true)
    expect(oneStatementText('update "we;ird" set a = 1').ok).toBe(true)
    expect(oneStatementText("update t set a = E'it\\'s;'").ok).toBe(true)
    expect(oneStatementText('update t /* a ; /* nested ; */ b */ set a = 1').ok).toBe(true)
    expect(oneStatementText('delete from t where id = $1').ok).toBe(true)
  })

  it('refuses several statements and unterminated text', () => {
    expect(oneStatementText('update t set a = 1; delete from t').reason).toBe('more than one statement')
    expect(oneStatementText("update t set a = 1; 'x'").ok).toBe(false)
    for (const open of ["update t set a = 'open", 'update t set a = $$open', 'update t /* open'])
      expect(oneStatementText(open).reason).toMatch(/^text PostgreSQL cannot parse \(unterminated/)
    expect(oneStatementText(' ; ').reason).toBe('no statement')
  })
})

describe('explainableWrite', () => {
  it('accepts one INSERT/UPDATE/DELETE/MERGE/WITH', () => {
    expect(explainableWrite('insert into t values (1)')).toMatchObject({ verb: 'insert', relation: 't' })
    expect(explainableWrite('  -- c\nUPDATE ONLY "S"."T" set a = 1')).toMatchObject({
      verb: 'update',
      relation: '"S"."T"'
    })
    expect(explainableWrite('merge into t using s on t.id = s.id when matched then do nothing').verb).toBe(
      'merge'
    )
    expect(explainableWrite('with x as (select 1) delete from t using x').verb).toBe('with')
  })

  it('refuses reads, utility statements, several statements and non-transactional functions', () => {
    expect(codeOf(() => explainableWrite('select 1'))).toBe('INVALID_INPUT')
    expect(codeOf(() => explainableWrite('drop table t'))).toBe('INVALID_INPUT')
    expect(codeOf(() => explainableWrite('commit'))).toBe('INVALID_INPUT')
    expect(codeOf(() => explainableWrite('update t set a = 1; commit'))).toBe('INVALID_INPUT')
    expect(codeOf(() => explainableWrite("update t set a = dblink_exec('x', 'y')"))).toBe('REFUSED')
    expect(codeOf(() => explainableWrite('delete from t where pg_terminate_backend(pid)'))).toBe('REFUSED')
    expect(codeOf(() => explainableWrite("insert into t select set_config('a', 'b', false)"))).toBe('REFUSED')
    // An allow-list, not a list of bad names: a sequence advanced by nextval() stays advanced after ROLLBACK.
    expect(codeOf(() => explainableWrite("insert into t values (nextval('s'))"))).toBe('REFUSED')
    expect(codeOf(() => explainableWrite('insert into t select "PG_SLEEP"(1)'))).toBe('REFUSED')
    expect(explainableWrite('update t set at = now(), n = lower(name)').verb).toBe('update')
  })
})

/** A fake action connection: rows answered by a matcher on the SQL text; records what perform sends. */
const fakePg = (rows: (sql: string) => Record<string, unknown>[], fail?: Error) => {
  const sent: string[] = []
  let readOnlyDepth = 0
  const probesOutsideReadOnly: string[] = []
  let broken = false
  const handle: PgActionHandle = {
    query: async <R extends Record<string, unknown>>(sql: string) => {
      if (readOnlyDepth === 0 && !/now\(\) = statement_timestamp/.test(sql)) probesOutsideReadOnly.push(sql)
      return rows(sql) as R[]
    },
    simple: async (sql) => {
      sent.push(sql)
      if (fail) {
        if (/terminat/i.test(fail.message)) broken = true
        throw fail
      }
      return [{ command: 'SELECT', rows: rows(sql), rowCount: 1, oid: 0, fields: [] }]
    },
    readOnly: async (fn) => {
      readOnlyDepth++
      try {
        return await fn()
      } finally {
        readOnlyDepth--
      }
    },
    usable: () => !broken
  }
  const open = (action: ActionId, target: unknown) =>
    engineActions<PgActionHandle>(
      async () => ({
        handle,
        identity: async () => ({ engine: 'postgres', id: '1', role: 'primary', address: 'h:1', summary: '' }),
        close: async () => undefined
      }),
      POSTGRES_DEFINITIONS
    )
      .bind(action, target)
      .open({ url: 'postgres://h/db', tls: { enabled: false } })
  return { sent, probesOutsideReadOnly, open }
}

const codeOfAsync = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p
    return 'ok'
  } catch (err) {
    return err instanceof AppFailure ? err.code : `other: ${String(err)}`
  }
}

const indexRow = (over: Record<string, unknown> = {}) => ({
  relkind: 'i',
  table_oid: '16400',
  table_name: 'public.orders',
  bytes: '8192',
  size: '8192 bytes',
  scans: '0',
  last_used: null,
  indisvalid: true,
  indisunique: false,
  indisprimary: false,
  indisreplident: false,
  constraints: null,
  stats_reset: null,
  definition: 'CREATE INDEX orders_note_idx ON public.orders USING btree (note)',
  invalid_on_table: null,
  version_num: 150004,
  ...over
})

/** The privilege probe's row for the owner of public.orders (privileges.ts). */
const OWNER_ROW = {
  me: 'app',
  me_super: false,
  table: 'public.orders',
  owner: 'app',
  owns: true,
  schema_owner: 'pg_database_owner',
  owns_schema: false,
  owns_database: false,
  database_owner: 'postgres',
  schema: 'public',
  schema_usage: true,
  schema_create: false,
  maintain: null,
  version_num: 150004
}

describe('postgres previews and performs (fake connection)', () => {
  const answer =
    (index: Record<string, unknown> | null, recovery = false) =>
    (sql: string) => {
      if (sql.includes('pg_is_in_recovery() as r')) return [{ r: recovery }]
      if (sql.includes('pg_get_indexdef')) return index ? [index] : []
      if (sql.includes('as owns_database')) return [OWNER_ROW]
      return []
    }

  it('previews an index with read-only probes only, then sends the exact statement once', async () => {
    const fake = fakePg(answer(indexRow()))
    const session = await fake.open('postgres.dropIndex', { index: 'orders_note_idx' })
    const preview = await session.preview()
    expect(preview.facts).toMatchObject({
      scans: 0,
      size: '8192 bytes',
      table: 'public.orders',
      table_oid: 16400
    })
    expect(preview.permission).toEqual({
      verdict: 'permitted',
      basis: 'app has the privileges of app, the owner of public.orders.'
    })
    expect(fake.probesOutsideReadOnly).toEqual([])
    expect(fake.sent).toEqual([])
    await session.perform()
    expect(fake.sent).toEqual(['DROP INDEX CONCURRENTLY "public"."orders_note_idx"'])
  })

  it('refuses constraint, unique, partitioned and replica-identity indexes, a replica, and a missing index', async () => {
    const cases: [Record<string, unknown> | null, boolean, string][] = [
      [indexRow({ constraints: 'orders_pkey (p)', indisunique: true, indisprimary: true }), false, 'REFUSED'],
      [indexRow({ indisunique: true }), false, 'REFUSED'],
      [indexRow({ relkind: 'I' }), false, 'REFUSED'],
      [indexRow({ indisreplident: true }), false, 'REFUSED'],
      [indexRow(), true, 'REFUSED'],
      [null, false, 'NOT_FOUND']
    ]
    for (const [row, recovery, code] of cases) {
      const fake = fakePg(answer(row, recovery))
      expect(await codeOfAsync((await fake.open('postgres.dropIndex', { index: 'x' })).preview())).toBe(code)
    }
    // REINDEX CONCURRENTLY is refused before PostgreSQL 12 rather than falling back to a blocking REINDEX.
    const old = fakePg(answer(indexRow({ version_num: 110000 })))
    expect(await codeOfAsync((await old.open('postgres.reindex', { index: 'x' })).preview())).toBe('REFUSED')
  })

  it('post-check reports an index left INVALID by a failed concurrent drop', async () => {
    const fake = fakePg((sql) =>
      sql.includes('as present') ? [{ present: 1, valid: false, invalid_on_table: 'orders_note_idx' }] : []
    )
    const session = await fake.open('postgres.dropIndex', { index: 'orders_note_idx' })
    const check = await session.postCheck({
      summary: '',
      facts: { table_oid: 16400, invalid_on_table: null },
      warnings: [],
      permission: { verdict: 'permitted', basis: 'owner' }
    })
    expect(check.ok).toBe(false)
    expect(check.detail).toContain('INVALID')
  })

  it('refuses to terminate a non-client backend and a missing pid', async () => {
    const walsender = fakePg(() => [{ pid: 9, backend_type: 'walsender', state: 'active' }])
    expect(await codeOfAsync((await walsender.open('postgres.terminateBackend', { pid: 9 })).preview())).toBe(
      'REFUSED'
    )
    const none = fakePg(() => [])
    expect(await codeOfAsync((await none.open('postgres.terminateBackend', { pid: 9 })).preview())).toBe(
      'NOT_FOUND'
    )
  })

  it('a false return is a failed outcome; a lost connection is failed, unusable and not retried', async () => {
    const refused = fakePg(() => [{ pg_terminate_backend: false }])
    expect(await (await refused.open('postgres.terminateBackend', { pid: 9 })).perform()).toMatchObject({
      outcome: 'failed',
      connectionUsable: true
    })
    const lost = fakePg(() => [], new Error('Connection terminated unexpectedly'))
    const result = await (await lost.open('postgres.terminateBackend', { pid: 9 })).perform()
    expect(result).toMatchObject({ outcome: 'failed', connectionUsable: false })
    expect(result.detail).toContain('NOT retried')
    expect(lost.sent).toHaveLength(1)
  })
})
