/**
 * Seeds real problems into the demo sandbox so a newcomer sees real findings at once:
 * PostgreSQL dead tuples, an unused and a duplicate index, an invalid index, slow statements and a
 * forgotten replication slot; Redis big keys and SLOWLOG entries from a named client.
 */
import pg from 'pg'
import { Cluster, Redis } from 'ioredis'
import { SANDBOX, pgSuperuser } from './sandbox'

const seedPostgres = async (): Promise<void> => {
  const db = new pg.Client({ connectionString: pgSuperuser(SANDBOX.pgPrimary) })
  await db.connect()
  await db.query(`
    create table orders (id bigint primary key, customer_id int not null, status text not null, note text, created_at timestamptz not null default now())
      with (autovacuum_enabled = false);
    insert into orders select g, g % 5000, 'new', null, now() - (g || ' seconds')::interval from generate_series(1, 200000) g;
    create index orders_customer_idx on orders (customer_id);
    create index orders_customer_status_idx on orders (customer_id, status);
    create index orders_note_idx on orders (note);
    analyze orders;
    update orders set status = 'shipped' where id % 10 <> 0;
    create table payments (id bigint primary key, order_id bigint references orders (id), amount numeric not null);
    insert into payments select g, g, 10 from generate_series(1, 1000) g;
    create table coupons (code text not null);
    insert into coupons values ('WELCOME'), ('WELCOME');
    grant select on all tables in schema public to dbconsole_app;
  `)
  // Fails on the duplicate value and leaves an invalid index behind, like a real failed migration.
  await db.query('create unique index concurrently coupons_code_key on coupons (code)').catch(() => undefined)
  await db.query("select pg_create_physical_replication_slot('analytics_forgotten', true)")
  await db.end()

  const app = new pg.Client({
    connectionString: `postgres://dbconsole_app:${encodeURIComponent(SANDBOX.pgAppPassword)}@127.0.0.1:${SANDBOX.pgPrimary}/app`,
    application_name: 'billing-report'
  })
  await app.connect()
  for (let i = 0; i < 4; i++) await app.query('select count(*), pg_sleep(0.3) from orders where note is null')
  for (let i = 0; i < 20; i++)
    await app.query('select * from orders where status = $1 order by created_at desc limit 50', ['new'])
  await app.end()
}

const seedRedis = async (): Promise<void> => {
  const redis = new Redis({ port: SANDBOX.redis, connectionName: 'billing-worker' })
  await redis.config('SET', 'slowlog-log-slower-than', '5000')
  // In batches: one command with 100,000+ arguments overflows the client's call stack.
  for (let start = 0; start < 60_000; start += 1_000) {
    const fields: string[] = []
    for (let i = start; i < start + 1_000; i++) fields.push(`user:${i}`, `{"plan":"pro","seen":${i}}`)
    await redis.hset('sessions:active', ...fields)
  }
  for (let start = 0; start < 120_000; start += 1_000) {
    const items: string[] = []
    for (let i = start; i < start + 1_000; i++) items.push(`job-${i}`)
    await redis.rpush('queue:emails', ...items)
  }
  for (let i = 0; i < 2000; i++) await redis.set(`cache:product:${i}`, 'x'.repeat(200), 'EX', 3600)
  await redis.hgetall('sessions:active')
  await redis.call('DEBUG', 'SLEEP', '0.08')
  await redis.call('SORT', 'queue:emails', 'LIMIT', '0', '10', 'ALPHA')
  await redis.quit()

  const cluster = new Cluster(SANDBOX.redisCluster.map((port) => ({ host: '127.0.0.1', port })))
  for (let i = 0; i < 3000; i++) await cluster.set(`ratelimit:{client${i % 300}}:${i}`, String(i), 'EX', 3600)
  await cluster.quit()
}

await seedPostgres()
await seedRedis()
console.log('demo: seeded PostgreSQL and Redis problems')
