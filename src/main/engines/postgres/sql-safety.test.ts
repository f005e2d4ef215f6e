import { describe, expect, it } from 'vitest'
import { AppFailure } from '../../../shared/errors'
import { assertAnalyzableSelect, assertExplainable, sqlVerdict } from './sql-safety'

const refusal = async (p: Promise<unknown>): Promise<string> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e
  )
  if (!(err instanceof AppFailure)) throw new Error('not refused')
  return `${err.code}: ${err.message}`
}

describe('sqlVerdict: allow-list of functions', () => {
  it.each([
    'select 1',
    'select now(), pg_catalog.now(), count(*) from pg_stat_activity',
    "select pg_size_pretty(pg_relation_size('t')), pg_blocking_pids(1)",
    'with x as (select 1) select * from x',
    'select * from generate_series(1, 3) g',
    "select count(*) from t where name = 'pg_terminate_backend(1)' -- nextval('s')",
    'select * from pg_stat_statements',
    'select 1 operator(pg_catalog.+) 2',
    'show work_mem',
    'explain select 1'
  ])('reads %s', async (sql) => {
    expect(await sqlVerdict(sql)).toMatchObject({ verdict: 'read' })
  })

  it.each([
    [
      "select query_to_xml('select pg_terminate_backend(1)', true, false, '')",
      /query_to_xml\(\), which runs SQL text/
    ],
    ["select table_to_xml('v', true, false, '')", /table_to_xml\(\), which runs SQL/],
    ["select pg_logical_slot_get_changes('s', null, null)", /replication slots/],
    ["select pg_backup_start('x')", /backup/],
    ["select lo_export(lo_from_bytea(0, 'x'), '/tmp/x')", /large objects/],
    ["select set_config('default_transaction_read_only', 'off', false)", /setting/],
    ['select "PG_TERMINATE_BACKEND"(1)', /PG_TERMINATE_BACKEND\(\), which is not on the list/],
    ['select pg_catalog.pg_terminate_backend(1)', /signals other backends/],
    ['select "pg_terminate_backend"(1)', /signals other backends/],
    ['select public.now()', /public\.now\(\), which is not a built-in function of pg_catalog/],
    ['select my_function()', /my_function\(\), which is not on the list/],
    ["select * from (select 1 where exists (select nextval('s'))) q", /nextval/],
    ['select 1 operator(public.+) 2', /operator public\.\+/],
    ['select txid_current()', /transaction id/],
    ['select * from t for update', /FOR UPDATE/],
    ['select * into t2 from t', /SELECT INTO/],
    ['with d as (delete from t returning *) select * from d', /data-modifying/],
    ['explain analyze select 1', /EXPLAIN ANALYZE executes/],
    ['explain select pg_terminate_backend(1)', /signals other backends/],
    ['delete from t', /Delete is not a read-only statement/]
  ])('sends %s to confirm', async (sql, reason) => {
    const verdict = await sqlVerdict(sql)
    expect(verdict.verdict).toBe('confirm')
    expect(verdict.verdict === 'confirm' && verdict.reason).toMatch(reason)
  })

  it('refuses several statements and fails on text that does not parse', async () => {
    expect(await refusal(sqlVerdict('select 1; select 2'))).toMatch(/REFUSED: .*2 statements/)
    expect(await refusal(sqlVerdict('-- nothing'))).toMatch(/REFUSED: There is no statement/)
    expect(await refusal(sqlVerdict('selec 1'))).toMatch(/INVALID_INPUT: PostgreSQL cannot parse/)
  })
})

describe('assertAnalyzableSelect', () => {
  it('allows a SELECT on the allow-list', async () => {
    await expect(assertAnalyzableSelect('select count(*) from t where a > 1')).resolves.toHaveProperty(
      'SelectStmt'
    )
  })

  it.each([
    ['insert into t values (1)', /EXPLAIN ANALYZE of INSERT .*postgres\.explainAnalyzeWrite/],
    ['merge into t using s on t.id = s.id when matched then delete', /EXPLAIN ANALYZE of MERGE/],
    ['explain select 1', /Pass the statement itself/],
    ['vacuum t', /Only a SELECT/],
    ["select nextval('s')", /will not EXPLAIN ANALYZE this: .*nextval/],
    ['select * from t for share', /FOR UPDATE \/ FOR SHARE/]
  ])('refuses %s', async (sql, message) => {
    expect(await refusal(assertAnalyzableSelect(sql))).toMatch(message)
  })
})

describe('assertExplainable (plain EXPLAIN)', () => {
  it('allows one DML statement (plain EXPLAIN does not execute it)', async () => {
    await expect(assertExplainable('delete from t where id = 1')).resolves.toHaveProperty('DeleteStmt')
  })
  it('refuses two statements, EXPLAIN inside, and functions off the list (the planner may fold them)', async () => {
    expect(await refusal(assertExplainable('select 1; delete from t'))).toMatch(/REFUSED/)
    expect(await refusal(assertExplainable('explain select 1'))).toMatch(/Pass the statement itself/)
    expect(await refusal(assertExplainable('select my_immutable_func()'))).toMatch(/will not plan this/)
  })
})
