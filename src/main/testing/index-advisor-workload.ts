/**
 * The index advisor's planted workload (index-advisor.int.test.ts and the recorded plans of
 * diagnostics/postgres/index-advice/fixtures): tables in schema `advisor` of a scratch database, each
 * missing the index one statement needs, plus statements that are already well served, all run through
 * the app role with parameters so that pg_stat_statements holds them normalised ($1, $2...).
 */
import pg from 'pg'
import type { ScratchDb } from './pg-health-scenarios'

const TABLES_SQL = `
create schema advisor;
create table advisor.orders(id int primary key, customer_id int not null, status text not null,
                            created_at timestamptz not null, total numeric not null);
insert into advisor.orders
select g, g % 5000, (array['new','paid','shipped','done','void','held','lost','back'])[1 + g % 8],
       timestamptz '2026-01-01' + g * interval '1 minute', g % 997
  from generate_series(1, 100000) g;
create table advisor.customers(id int primary key, region text not null, name text not null);
insert into advisor.customers select g, 'r' || (g % 2000), 'c' || g from generate_series(1, 20000) g;
create table advisor.tickets(id int primary key, customer_id int not null, body text not null);
insert into advisor.tickets select g, g % 20000, 't' from generate_series(1, 100000) g;
create table advisor.events(id int primary key, kind int not null, created_at timestamptz not null);
insert into advisor.events
select g, g % 10, timestamptz '2026-01-01' + (g * 7919 % 100000) * interval '1 second' from generate_series(1, 100000) g;
create table advisor.settings(key text not null, value text not null);
insert into advisor.settings select 'k' || g, 'v' from generate_series(1, 10) g;
create table advisor.docs(id int primary key, body json not null);
insert into advisor.docs select g, json_build_object('n', g) from generate_series(1, 20000) g;
analyze advisor.orders, advisor.customers, advisor.tickets, advisor.events, advisor.settings, advisor.docs;
alter table advisor.orders owner to dbconsole_app;
grant usage, create on schema advisor to dbconsole_app;
grant select on all tables in schema advisor to dbconsole_app;`

export interface PlantedStatement {
  sql: string
  params: unknown[]
  /** The index it lacks as `schema.table(col, col)`, or null when it is already well served. */
  needs: string | null
}

export const PLANTED: PlantedStatement[] = [
  {
    sql: 'select * from advisor.orders where customer_id = $1',
    params: [42],
    needs: 'advisor.orders(customer_id)'
  },
  {
    sql: 'select id, total from advisor.orders where status = $1 and created_at > $2',
    params: ['held', '2026-02-01'],
    needs: 'advisor.orders(status, created_at)'
  },
  {
    sql: 'select * from advisor.events order by created_at desc limit 10',
    params: [],
    needs: 'advisor.events(created_at)'
  },
  {
    sql: 'select c.id, count(*) from advisor.customers c join advisor.tickets t on t.customer_id = c.id where c.region = $1 group by c.id',
    params: ['r7'],
    needs: 'advisor.tickets(customer_id)'
  },
  // Well served: a primary-key lookup, a ten-row table, and a filter that keeps a third of the table.
  { sql: 'select * from advisor.orders where id = $1', params: [7], needs: null },
  { sql: 'select value from advisor.settings where key = $1', params: ['k3'], needs: null },
  { sql: 'select count(*) from advisor.orders where total >= $1', params: [300], needs: null },
  // json has no B-tree operator class: the candidate on docs.body is dropped before hypopg sees it.
  { sql: 'select id from advisor.docs where body::text = $1', params: ['{"n" : 5}'], needs: null }
]

/**
 * Creates the tables and runs every planted statement `calls` times as the app role; `sessionSql` runs
 * first on that connection (pg_qualstats samples 1 statement in max_connections unless told otherwise).
 */
export const plantWorkload = async (
  db: Pick<ScratchDb, 'admin' | 'appUrl'>,
  calls = 3,
  sessionSql?: string
): Promise<void> => {
  await db.admin.query(TABLES_SQL)
  // The inserts' counts (the advice's table_writes) reach pg_stat_user_tables at once, not up to 10 s later.
  await db.admin.query('select pg_stat_force_next_flush()')
  const app = new pg.Client({ connectionString: db.appUrl() })
  await app.connect()
  try {
    if (sessionSql) await app.query(sessionSql)
    for (let i = 0; i < calls; i++) for (const s of PLANTED) await app.query(s.sql, s.params)
  } finally {
    await app.end()
  }
}
