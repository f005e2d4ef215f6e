import { describe, expect, it } from 'vitest'
import { AppFailure } from '../../../shared/errors'
import { assertAnalyzableSelect, assertSingleStatement } from './classify'

const refusal = async (sql: string): Promise<string> => {
  const err = await assertAnalyzableSelect(sql).then(
    () => null,
    (e: unknown) => e
  )
  if (!(err instanceof AppFailure)) throw new Error(`not refused: ${sql}`)
  return `${err.code}: ${err.message}`
}

describe('assertAnalyzableSelect', () => {
  it.each([
    'select 1',
    'select * from t where a = 1 order by b limit 10',
    'with x as (select 1) select * from x',
    'values (1), (2)',
    'select 1 union all select 2',
    'select pg_sleep(0.1)',
    "select count(*) from t where name = 'pg_terminate_backend(1)' -- nextval('s')"
  ])('allows %s', async (sql) => {
    await expect(assertAnalyzableSelect(sql)).resolves.toBeUndefined()
  })

  it.each([
    ['select 1; select 2', /REFUSED: The input holds 2 statements/],
    ['select * from t for update', /REFUSED: .*FOR UPDATE/],
    ['select * from t for no key update', /REFUSED: .*FOR UPDATE/],
    ['select * from (select * from t for share) s', /REFUSED: .*FOR SHARE/],
    ['insert into t values (1)', /REFUSED: EXPLAIN ANALYZE of INSERT .*postgres\.explainAnalyzeWrite/],
    ['update t set a = 1', /REFUSED: EXPLAIN ANALYZE of UPDATE .*postgres\.explainAnalyzeWrite/],
    ['delete from t', /REFUSED: EXPLAIN ANALYZE of DELETE .*postgres\.explainAnalyzeWrite/],
    ['merge into t using s on t.id = s.id when matched then delete', /REFUSED: EXPLAIN ANALYZE of MERGE/],
    ['with d as (delete from t returning *) select * from d', /REFUSED: .*data-modifying/],
    ['select pg_terminate_backend(123)', /REFUSED: .*pg_terminate_backend/],
    ['select * from pg_catalog.pg_cancel_backend(1)', /REFUSED: .*pg_cancel_backend/],
    ["select nextval('s')", /REFUSED: .*nextval/],
    ["select setval('s', 1)", /REFUSED: .*setval/],
    ['select pg_advisory_lock(1)', /REFUSED: .*pg_advisory_lock/],
    ["select dblink_exec('x', 'drop table t')", /REFUSED: .*dblink_exec/],
    ["select lo_import('/etc/passwd')", /REFUSED: .*lo_import/],
    ['select pg_reload_conf()', /REFUSED: .*pg_reload_conf/],
    ["select set_config('work_mem', '1GB', false)", /REFUSED: .*set_config/],
    ['select * into t2 from t', /REFUSED: SELECT INTO/],
    ['explain select 1', /REFUSED: Pass the statement itself/],
    ['vacuum t', /REFUSED: Only a SELECT/],
    ['selec 1', /INVALID_INPUT: The statement does not parse/]
  ])('refuses %s', async (sql, expected) => {
    expect(await refusal(sql)).toMatch(expected)
  })
})

describe('assertSingleStatement (plain EXPLAIN)', () => {
  it('allows one DML statement (plain EXPLAIN does not execute it)', async () => {
    await expect(assertSingleStatement('delete from t')).resolves.toBeUndefined()
  })
  it('refuses two statements', async () => {
    await expect(assertSingleStatement('select 1; delete from t')).rejects.toMatchObject({ code: 'REFUSED' })
  })
})
