/**
 * Records the pg.plan fixtures from the real PostgreSQL of scripts/pg-up.sh:
 *   npx tsx scripts/record-fixtures/plan.ts
 * It (re)creates schema `plan_lab` in db `app`, runs every scenario as EXPLAIN (FORMAT JSON) and
 * (FORMAT TEXT) inside BEGIN ... ROLLBACK (DML scenarios change nothing), captures a few scenarios through
 * the real psql binary (aligned, border 2 ascii/unicode, localized footers, echoed session), and derives
 * the copy shapes that other tools produce (pgAdmin quotes, DBeaver frame, terminal wrap) from those
 * recordings. Hand-made samples for versions we cannot run are NOT written here (see fixtures/README.md).
 * With scenario names (`npx tsx scripts/record-fixtures/plan.ts 1500-nodes`) it re-records only those
 * scenarios' JSON and TEXT and updates their manifest entries, leaving every other fixture as it is.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { TEST_SERVERS, pgAdminUrl } from '../../src/main/testing/test-servers'

const OUT = join(import.meta.dirname, '../../src/main/diagnostics/plan/fixtures')
const PORT = TEST_SERVERS.pgPrimaryPort
// A scratch database of its own, so that a recording never meets another run's (or suite's) tables.
const DB = `plan_rec_${randomBytes(4).toString('hex')}`

interface Scenario {
  name: string
  /** SET LOCAL statements run in the same transaction before the EXPLAIN. */
  settings?: string[]
  /** Record FORMAT TEXT only (the server's JSON of it is broken). */
  textOnly?: boolean
  /** EXPLAIN options before FORMAT. */
  options: string
  sql: string
}

const PARALLEL = [
  'set local parallel_setup_cost = 0',
  'set local parallel_tuple_cost = 0',
  'set local min_parallel_table_scan_size = 0',
  'set local max_parallel_workers_per_gather = 2'
]
const JIT = [
  'set local jit = on',
  'set local jit_above_cost = 0',
  'set local jit_inline_above_cost = 0',
  'set local jit_optimize_above_cost = 0'
]
const NO_HASH_MERGE = ['set local enable_hashjoin = off', 'set local enable_mergejoin = off']
const A = 'ANALYZE'
const AB = 'ANALYZE, BUFFERS'

export const SCENARIOS: Scenario[] = [
  {
    name: 'seqscan-filter',
    options: AB,
    sql: `select * from plan_orders where status = 'cancelled' and amount > 900`
  },
  { name: 'index-scan', options: AB, sql: 'select * from plan_orders where id = 42' },
  {
    name: 'index-only-heap-fetches',
    options: AB,
    settings: ['set local enable_bitmapscan = off', 'set local enable_seqscan = off'],
    sql: 'select customer_id from plan_ios where customer_id between 100 and 1000'
  },
  {
    name: 'bitmap-lossy',
    options: AB,
    settings: [
      "set local work_mem = '64kB'",
      'set local enable_seqscan = off',
      'set local enable_indexscan = off'
    ],
    sql: 'select count(*) from plan_orders where customer_id between 1 and 3000'
  },
  { name: 'bitmap-or', options: A, sql: 'select * from plan_orders where customer_id = 7 or id < 20' },
  {
    name: 'hash-join-batches',
    options: AB,
    settings: ["set local work_mem = '64kB'"],
    sql: 'select c.region_id, count(*) from plan_orders o join plan_customers c on c.id = o.customer_id group by c.region_id'
  },
  {
    name: 'merge-join',
    options: A,
    settings: ['set local enable_hashjoin = off', 'set local enable_nestloop = off'],
    sql: 'select count(*) from plan_orders o join plan_customers c on c.id = o.customer_id where o.id <= 20000'
  },
  {
    name: 'nested-loop-many-loops',
    options: A,
    settings: [...NO_HASH_MERGE, 'set local enable_memoize = off'],
    sql: 'select count(*) from plan_orders o join plan_customers c on c.id = o.customer_id'
  },
  {
    name: 'never-executed',
    options: A,
    settings: NO_HASH_MERGE,
    sql: 'select * from plan_customers c join plan_orders o on o.customer_id = c.id where c.id = -1'
  },
  {
    name: 'sort-disk',
    options: AB,
    settings: ["set local work_mem = '64kB'"],
    sql: 'select * from plan_orders order by note'
  },
  {
    name: 'hashagg-disk',
    options: AB,
    settings: ["set local work_mem = '64kB'", 'set local enable_sort = off'],
    sql: 'select note, count(*) from plan_orders group by note'
  },
  {
    name: 'incremental-sort',
    options: A,
    sql: 'select * from plan_orders order by customer_id, amount limit 100'
  },
  {
    name: 'memoize',
    options: A,
    settings: NO_HASH_MERGE,
    sql: 'select count(*) from plan_customers c join plan_regions r on r.id = c.region_id'
  },
  {
    name: 'parallel-seqscan',
    options: A,
    settings: PARALLEL,
    sql: 'select count(*) from plan_orders where amount > 10'
  },
  {
    name: 'parallel-gather-merge',
    options: A,
    settings: PARALLEL,
    sql: 'select customer_id, sum(amount) from plan_orders group by customer_id order by customer_id'
  },
  {
    name: 'workers-not-launched',
    options: A,
    settings: [...PARALLEL, 'set local max_parallel_workers = 0'],
    sql: 'select count(*) from plan_orders where amount > 10'
  },
  {
    name: 'cte-scan',
    options: A,
    sql: 'with big as materialized (select customer_id, sum(amount) s from plan_orders group by customer_id) select count(*) from big a join big b on b.customer_id = a.customer_id + 1 where a.s > 1000'
  },
  {
    name: 'initplan',
    options: A,
    sql: 'select count(*) from plan_orders where amount > (select avg(amount) from plan_orders)'
  },
  {
    name: 'subplan',
    options: A,
    sql: 'select c.id, (select max(o.amount) from plan_orders o where o.customer_id = c.id) from plan_customers c where c.id <= 200'
  },
  {
    name: 'hashed-subplan',
    options: A,
    sql: 'select count(*) from plan_customers where id not in (select customer_id from plan_orders where id < 100)'
  },
  { name: 'trigger-fk-cascade', options: AB, sql: 'delete from plan_orders where id <= 30' },
  {
    name: 'jit',
    options: A,
    settings: JIT,
    sql: 'select sum(amount), count(distinct status) from plan_orders'
  },
  {
    name: 'jit-parallel-verbose',
    options: 'ANALYZE, VERBOSE',
    settings: [...JIT, ...PARALLEL],
    sql: 'select status, sum(amount) from plan_orders group by status'
  },
  {
    name: 'append-partitions',
    options: A,
    sql: `select count(*) from plan_events where created_at >= to_date('2024-03-01', 'YYYY-MM-DD')`
  },
  { name: 'append-all-partitions', options: A, sql: 'select kind, count(*) from plan_events group by kind' },
  {
    // Each partition's scan is run by the processes that picked it, often one: the time accounting case.
    name: 'parallel-append',
    options: 'ANALYZE, VERBOSE',
    settings: PARALLEL,
    sql: 'select kind, count(*) from plan_events group by kind'
  },
  {
    // Function Scans have no partial path: each branch of the Parallel Append ran in one process (loops=1).
    name: 'parallel-append-non-partial',
    options: A,
    settings: PARALLEL,
    sql: 'select count(*) from (select g from generate_series(1, 300000) g union all select g from generate_series(1, 200000) g union all select g from generate_series(1, 100000) g) s'
  },
  {
    // The leader only gathers: the subtree ran once per worker (loops = workers launched).
    name: 'parallel-leader-off',
    options: A,
    settings: [...PARALLEL, 'set local parallel_leader_participation = off'],
    sql: 'select count(*) from plan_orders where amount > 10'
  },
  {
    // One process builds the bitmap (Bitmap Index Scan, loops=1) while the others wait for it.
    name: 'parallel-bitmap-heap',
    options: A,
    settings: [...PARALLEL, 'set local enable_seqscan = off', 'set local enable_indexscan = off'],
    sql: 'select count(*) from plan_orders where customer_id between 1 and 3000'
  },
  {
    // The InitPlan hangs from the Gather itself (the top node) and runs in the leader, not in the workers.
    name: 'initplan-on-gather',
    options: A,
    settings: PARALLEL,
    sql: 'select id from plan_orders where amount > (select max(amount) - 1 from plan_orders)'
  },
  {
    // The InitPlan hangs from the Aggregate but runs in the Seq Scan whose Filter reads $0.
    name: 'initplan-below',
    options: A,
    settings: ['set local max_parallel_workers_per_gather = 0'],
    sql: 'select count(*) from plan_orders o join plan_customers c on c.id = o.customer_id where o.amount > (select avg(amount) from plan_orders)'
  },
  { name: 'limit', options: A, sql: 'select * from plan_orders order by id limit 10' },
  {
    name: 'window-agg',
    options: A,
    sql: 'select id, row_number() over (partition by customer_id order by amount) from plan_orders where id <= 2000'
  },
  {
    name: 'values',
    options: A,
    sql: `select * from (values (1, 'a'), (2, 'b'), (3, 'c')) v(a, b) where a > 1`
  },
  { name: 'function-scan', options: A, sql: 'select * from generate_series(1, 1000) g where g % 3 = 0' },
  {
    name: 'unique',
    options: A,
    settings: ['set local enable_hashagg = off'],
    sql: 'select distinct customer_id from plan_orders where id <= 1000'
  },
  {
    name: 'setop',
    options: A,
    sql: 'select customer_id from plan_orders where id < 100 except select id from plan_customers where id < 50'
  },
  {
    name: 'recursive-union',
    options: A,
    sql: 'with recursive r(n) as (select 1 union all select n + 1 from r where n < 100) select count(*) from r'
  },
  { name: 'misestimate', options: A, sql: 'select * from plan_corr where a = 1 and b = 1' },
  {
    name: 'costs-off',
    options: 'ANALYZE, COSTS OFF',
    sql: 'select * from plan_orders o join plan_customers c on c.id = o.customer_id where o.id < 100'
  },
  {
    name: 'no-analyze',
    options: 'COSTS ON',
    sql: 'select * from plan_orders o join plan_customers c on c.id = o.customer_id where o.id < 100'
  },
  {
    name: 'timing-off',
    options: 'ANALYZE, TIMING OFF',
    sql: 'select * from plan_orders o join plan_customers c on c.id = o.customer_id where o.id < 100'
  },
  {
    name: 'buffers-io-timing',
    options: 'ANALYZE, BUFFERS',
    settings: ['set local track_io_timing = on'],
    sql: 'select count(*) from plan_orders o join plan_customers c on c.id = o.customer_id where c.region_id = 3'
  },
  {
    name: 'wal-insert',
    options: 'ANALYZE, BUFFERS, WAL',
    sql: 'insert into plan_scratch select g, md5(g::text) from generate_series(1, 2000) g'
  },
  {
    name: 'update',
    options: 'ANALYZE, BUFFERS, WAL',
    sql: `update plan_orders set status = 'archived' where id <= 500`
  },
  {
    // Partitioned targets: one `Update on <partition> <alias>` line per partition under the ModifyTable.
    name: 'update-partitioned',
    options: AB,
    sql: `update plan_events set kind = 'archived' where id % 100 = 0`
  },
  { name: 'delete-partitioned', options: AB, sql: 'delete from plan_events where id % 10 = 0' },
  {
    // PG 15 MERGE: `Merge on t` is a ModifyTable (with a Tuples line), not a Merge Join.
    name: 'merge',
    options: AB,
    sql: `merge into plan_customers c using (select g from generate_series(9991, 10020) g) s on c.id = s.g when matched then update set name = 'merged' when not matched then insert values (s.g, 'new', 1)`
  },
  {
    // PG 15.18 prints this plan's JSON with the Tuples keys inside the Target Tables array (invalid
    // JSON, a server bug): only its text is recorded.
    name: 'merge-partitioned',
    textOnly: true,
    options: A,
    sql: `merge into plan_events e using (select g from generate_series(1, 2000) g) s on e.id = s.g when matched then update set kind = 'merged'`
  },
  {
    // An alias after the node type: `Subquery Scan on location_state_templates`.
    name: 'subquery-scan',
    options: A,
    sql: 'select * from (select customer_id, count(*) c from plan_orders group by customer_id offset 0) location_state_templates where c > 25'
  },
  {
    // The size of plan an ORM or a report generator produces: a UNION ALL of 500 joins, an Append over
    // 500 Nested Loops of two Index Scans, 1,501 nodes (about 1 MB of JSON). The UI bench opens it.
    name: '1500-nodes',
    options: A,
    // Serial, so the tree is the same on every run (a Parallel Append shares branches among workers).
    settings: ['set local max_parallel_workers_per_gather = 0'],
    sql: Array.from(
      { length: 500 },
      (_, i) =>
        `select o.id, o.amount, c.region_id from plan_orders o join plan_customers c on c.id = o.customer_id where o.id = ${i + 1}`
    ).join(' union all ')
  },
  {
    name: 'settings',
    options: 'ANALYZE, SETTINGS',
    settings: ["set local work_mem = '1MB'", 'set local random_page_cost = 1.1'],
    sql: 'select * from plan_orders where customer_id = 77'
  }
]

const SETUP = `
drop schema if exists plan_lab cascade;
create schema plan_lab;
set search_path = plan_lab;
select setseed(0.42);
create table plan_regions (id int primary key, name text not null);
insert into plan_regions select g, 'region ' || g from generate_series(1, 20) g;
create table plan_customers (id int primary key, name text not null, region_id int not null);
insert into plan_customers select g, 'customer ' || g, 1 + (g % 20) from generate_series(1, 10000) g;
create table plan_orders (id int primary key, customer_id int not null, status text not null, amount numeric not null, note text not null, created_at timestamptz not null);
insert into plan_orders
  select g, 1 + floor(random() * 10000)::int, (array['new','paid','shipped','cancelled','refunded'])[1 + g % 5],
         round((random() * 1000)::numeric, 2), md5(g::text), timestamptz '2024-01-01' + g * interval '1 minute'
    from generate_series(1, 200000) g;
create index plan_orders_customer_idx on plan_orders (customer_id);
-- FK without an index on the referencing column: the cascade fixture shows the slow RI trigger.
create table plan_items (id int primary key, order_id int not null references plan_orders (id) on delete cascade, sku text not null);
insert into plan_items select g, 1 + (g % 200000), 'sku-' || (g % 500) from generate_series(1, 100000) g;
-- No vacuum and no autovacuum: the visibility map stays empty, so index-only scans fetch the heap.
create table plan_ios (id int primary key, customer_id int not null) with (autovacuum_enabled = off);
insert into plan_ios select g, 1 + (g % 10000) from generate_series(1, 100000) g;
create index plan_ios_customer_idx on plan_ios (customer_id);
create table plan_events (id int not null, kind text not null, created_at date not null) partition by range (created_at);
create table plan_events_2024_01 partition of plan_events for values from ('2024-01-01') to ('2024-02-01');
create table plan_events_2024_02 partition of plan_events for values from ('2024-02-01') to ('2024-03-01');
create table plan_events_2024_03 partition of plan_events for values from ('2024-03-01') to ('2024-04-01');
create table plan_events_2024_04 partition of plan_events for values from ('2024-04-01') to ('2024-05-01');
insert into plan_events select g, (array['click','view','buy'])[1 + g % 3], date '2024-01-01' + (g % 120) from generate_series(1, 40000) g;
-- Perfectly correlated columns: the planner multiplies their selectivities and underestimates.
create table plan_corr (a int not null, b int not null);
insert into plan_corr select g % 100, g % 100 from generate_series(1, 100000) g;
create table plan_scratch (id int, v text);
vacuum analyze plan_regions, plan_customers, plan_orders, plan_items, plan_events, plan_corr, plan_scratch;
analyze plan_ios;
`

const write = (file: string, content: string): void => {
  writeFileSync(join(OUT, file), content.endsWith('\n') ? content : `${content}\n`)
}

/** What the server returned, untouched: the json column as raw text, the text rows joined by newlines. */
const explain = async (client: pg.Client, s: Scenario, format: 'JSON' | 'TEXT'): Promise<string> => {
  await client.query('begin')
  try {
    await client.query('set local search_path = plan_lab')
    for (const set of s.settings ?? []) await client.query(set)
    const result = await client.query<{ 'QUERY PLAN': string }>({
      text: `explain (${s.options}, format ${format}) ${s.sql}`,
      types: { getTypeParser: () => (value: string) => value }
    })
    return result.rows.map((r) => r['QUERY PLAN']).join('\n')
  } finally {
    await client.query('rollback')
  }
}

/** The same scenario through the real psql binary; `extra` are psql flags (border, linestyle...). */
const viaPsql = (
  s: Scenario,
  format: 'JSON' | 'TEXT',
  flags: string[],
  env: Record<string, string> = {},
  script?: string
): string => {
  const body =
    script ??
    [
      'begin;',
      'set local search_path = plan_lab;',
      ...(s.settings ?? []).map((x) => `${x};`),
      `explain (${s.options}, format ${format}) ${s.sql};`,
      'rollback;'
    ].join('\n')
  return execFileSync(
    'psql',
    ['-X', '-h', '127.0.0.1', '-p', String(PORT), '-U', 'postgres', '-d', DB, ...flags],
    {
      input: body,
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C.UTF-8', ...env }
    }
  )
}

const scenario = (name: string): Scenario => {
  const s = SCENARIOS.find((x) => x.name === name)
  if (!s) throw new Error(`no scenario ${name}`)
  return s
}

/** Scenarios named on the command line; empty: record everything. */
const ONLY = process.argv.slice(2)

type ManifestEntry = { file: string; base: string; shape: string; source: 'server' | 'psql' | 'derived' }

const main = async (): Promise<void> => {
  for (const name of ONLY) scenario(name)
  mkdirSync(OUT, { recursive: true })
  const root = new pg.Client({ connectionString: pgAdminUrl(PORT) })
  await root.connect()
  await root.query(`create database ${DB}`)
  const client = new pg.Client({ connectionString: pgAdminUrl(PORT, DB) })
  await client.connect()
  try {
    await recordAll(client)
  } finally {
    await client.end()
    await root.query(`drop database if exists ${DB} with (force)`)
    await root.end()
  }
}

const recordAll = async (client: pg.Client): Promise<void> => {
  // One statement at a time: VACUUM cannot run inside the implicit transaction of a multi-statement query.
  for (const statement of SETUP.split(/;\n/)
    .map((x) => x.replace(/^--.*$/gm, '').trim())
    .filter(Boolean))
    await client.query(statement)
  const version =
    (await client.query<{ v: string }>("select current_setting('server_version_num') as v")).rows[0]?.v ?? ''
  const server = `pg${version.slice(0, 2)}`
  const manifest: ManifestEntry[] = []
  const record = (
    file: string,
    base: string,
    shape: string,
    source: 'server' | 'psql' | 'derived',
    content: string
  ): void => {
    write(file, content)
    manifest.push({ file, base, shape, source })
  }

  for (const s of ONLY.length === 0 ? SCENARIOS : ONLY.map(scenario)) {
    if (!s.textOnly)
      record(
        `explain-json--${s.name}--${server}.json`,
        s.name,
        'server',
        'server',
        await explain(client, s, 'JSON')
      )
    record(
      `explain-text--${s.name}--${server}.txt`,
      s.name,
      'server',
      'server',
      await explain(client, s, 'TEXT')
    )
  }

  if (ONLY.length > 0) {
    // Keep every other recording and its manifest entry; replace only the scenarios just recorded.
    const file = join(OUT, `manifest--${server}.json`)
    const kept = (JSON.parse(readFileSync(file, 'utf8')) as ManifestEntry[]).filter(
      (m) => !manifest.some((n) => n.file === m.file)
    )
    writeFileSync(file, `${JSON.stringify([...kept, ...manifest], null, 2)}\n`)
    console.log(`wrote ${manifest.map((m) => m.file).join(', ')} to ${OUT}`)
    return
  }

  // Real psql output: aligned with header and footer, frames, JSON with + and ↵ continuation marks.
  const q = ['-q']
  const seq = scenario('seqscan-filter')
  record(
    `explain-text--seqscan-filter-psql-aligned--${server}.txt`,
    'seqscan-filter',
    'psql-aligned',
    'psql',
    viaPsql(seq, 'TEXT', q)
  )
  record(
    `explain-text--seqscan-filter-psql-border2-ascii--${server}.txt`,
    'seqscan-filter',
    'psql-border2-ascii',
    'psql',
    viaPsql(seq, 'TEXT', [...q, '-P', 'border=2'])
  )
  record(
    `explain-text--seqscan-filter-psql-border2-unicode--${server}.txt`,
    'seqscan-filter',
    'psql-border2-unicode',
    'psql',
    viaPsql(seq, 'TEXT', [...q, '-P', 'border=2', '-P', 'linestyle=unicode'])
  )
  record(
    `explain-json--seqscan-filter-psql-aligned--${server}.txt`,
    'seqscan-filter',
    'psql-aligned',
    'psql',
    viaPsql(seq, 'JSON', q)
  )
  record(
    `explain-json--seqscan-filter-psql-unicode--${server}.txt`,
    'seqscan-filter',
    'psql-unicode',
    'psql',
    viaPsql(seq, 'JSON', [...q, '-P', 'linestyle=unicode', '-P', 'unicode_border_linestyle=single'])
  )
  record(
    `explain-json--seqscan-filter-psql-border2-unicode--${server}.txt`,
    'seqscan-filter',
    'psql-border2-unicode',
    'psql',
    viaPsql(seq, 'JSON', [...q, '-P', 'border=2', '-P', 'linestyle=unicode'])
  )
  const hj = scenario('hash-join-batches')
  record(
    `explain-text--hash-join-batches-psql-footer-es--${server}.txt`,
    'hash-join-batches',
    'psql-footer-es',
    'psql',
    viaPsql(hj, 'TEXT', q, { LANGUAGE: 'es' })
  )
  record(
    `explain-text--hash-join-batches-psql-footer-de--${server}.txt`,
    'hash-join-batches',
    'psql-footer-de',
    'psql',
    viaPsql(hj, 'TEXT', q, { LANGUAGE: 'de' })
  )
  // psql's wrapped format (\pset format wrapped): `.` / `…` in the pads where a line was wrapped.
  const fn = scenario('function-scan')
  for (const [shape, flags] of [
    ['psql-wrapped80', ['-P', 'format=wrapped', '-P', 'columns=80']],
    ['psql-wrapped80-border2', ['-P', 'format=wrapped', '-P', 'columns=80', '-P', 'border=2']],
    ['psql-wrapped72-unicode', ['-P', 'format=wrapped', '-P', 'columns=72', '-P', 'linestyle=unicode']]
  ] as const)
    record(
      `explain-text--function-scan-${shape}--${server}.txt`,
      'function-scan',
      shape,
      'psql',
      viaPsql(fn, 'TEXT', [...q, ...flags])
    )
  // An echoed session: \timing, SET and BEGIN tags, the command echoed (-e), Time: lines.
  const sortDisk = scenario('sort-disk')
  const session = [
    '\\timing on',
    'begin;',
    'set local search_path = plan_lab;',
    ...(sortDisk.settings ?? []).map((x) => `${x};`),
    `explain (${sortDisk.options}) ${sortDisk.sql};`,
    'rollback;'
  ].join('\n')
  record(
    `explain-text--sort-disk-psql-session--${server}.txt`,
    'sort-disk',
    'psql-session',
    'psql',
    viaPsql(sortDisk, 'TEXT', ['-e'], {}, session)
  )

  // Shapes other tools produce, derived from the recordings above (marked "derived" in the manifest).
  const text = (name: string): string =>
    readFileSync(join(OUT, `explain-text--${name}--${server}.txt`), 'utf8').replace(/\n$/, '')
  const json = (name: string): string =>
    readFileSync(join(OUT, `explain-json--${name}--${server}.json`), 'utf8').replace(/\n$/, '')
  const quoteLines = (t: string): string =>
    t
      .split('\n')
      .map((l) => `"${l.replaceAll('"', '""')}"`)
      .join('\n')
  record(
    `explain-text--subplan-pgadmin-quoted--${server}.txt`,
    'subplan',
    'pgadmin-quoted',
    'derived',
    `"QUERY PLAN"\n${quoteLines(text('subplan'))}`
  )
  record(
    `explain-json--initplan-pgadmin-quoted--${server}.txt`,
    'initplan',
    'pgadmin-quoted',
    'derived',
    `"${json('initplan').replaceAll('"', '""')}"`
  )
  const dbeaver = (t: string): string => {
    const lines = ['QUERY PLAN', ...t.split('\n')]
    const width = Math.max(...lines.map((l) => l.length))
    const framed = lines.map((l) => `|${l.padEnd(width)}|`)
    return [framed[0], `|${'-'.repeat(width)}|`, ...framed.slice(1)].join('\n')
  }
  record(
    `explain-text--cte-scan-dbeaver--${server}.txt`,
    'cte-scan',
    'dbeaver',
    'derived',
    dbeaver(text('cte-scan'))
  )
  const hardWrap = (t: string, width: number): string =>
    t
      .split('\n')
      .flatMap((l) => {
        const parts: string[] = []
        for (let i = 0; i < l.length || i === 0; i += width) parts.push(l.slice(i, i + width))
        return parts
      })
      .join('\n')
  record(
    `explain-text--parallel-seqscan-wrapped80--${server}.txt`,
    'parallel-seqscan',
    'wrapped80',
    'derived',
    hardWrap(viaPsql(scenario('parallel-seqscan'), 'TEXT', q), 80)
  )
  record(
    `explain-json--merge-join-wrapped80--${server}.txt`,
    'merge-join',
    'wrapped80',
    'derived',
    hardWrap(json('merge-join'), 80)
  )
  record(
    `explain-text--initplan-psql-prompt--${server}.txt`,
    'initplan',
    'psql-prompt',
    'derived',
    `app=# EXPLAIN (ANALYZE)\napp-# select count(*) from plan_orders where amount > (select avg(amount) from plan_orders);\n${viaPsql(scenario('initplan'), 'TEXT', q)}\nTime: 61.207 ms\napp=# `
  )
  const bare = JSON.parse(json('window-agg')) as unknown[]
  record(
    `explain-json--window-agg-bare-object--${server}.json`,
    'window-agg',
    'bare-object',
    'derived',
    `   \n\n  ${JSON.stringify(bare[0], null, 2)}  \n\n`
  )

  writeFileSync(join(OUT, `manifest--${server}.json`), `${JSON.stringify(manifest, null, 2)}\n`)
  console.log(`wrote ${manifest.length} fixtures to ${OUT} (${readdirSync(OUT).length} files there)`)
}

await main()
