/**
 * Keeps live problems going while the demo runs: a session idle in transaction holding a row lock,
 * another blocked behind it, replay paused on the replica while the primary keeps writing (growing lag),
 * and a slow Redis command now and then. Undoes what it changed on SIGTERM.
 */
import pg from 'pg'
import { Redis } from 'ioredis'
import { SANDBOX, pgSuperuser } from './sandbox'

const connect = async (port: number, name: string): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: pgSuperuser(port), application_name: name })
  client.on('error', () => undefined)
  await client.connect()
  return client
}

const holder = await connect(SANDBOX.pgPrimary, 'nightly-export')
await holder.query('begin')
await holder.query("update orders set note = 'exporting' where id = 42")
const waiter = await connect(SANDBOX.pgPrimary, 'checkout-api')
void waiter.query("update orders set status = 'paid' where id = 42").catch(() => undefined)

const replica = await connect(SANDBOX.pgReplica, 'demo-ops')
await replica.query('select pg_wal_replay_pause()')
const writer = await connect(SANDBOX.pgPrimary, 'ingest')
await writer.query(
  'create table if not exists heartbeat (at timestamptz not null default now(), payload text)'
)

const redis = new Redis({ port: SANDBOX.redis, connectionName: 'report-cron' })
redis.on('error', () => undefined)

let tick = 0
const timer = setInterval(() => {
  tick += 1
  void writer
    .query("insert into heartbeat (payload) select repeat('x', 200) from generate_series(1, 500)")
    .catch(() => undefined)
  if (tick % 20 === 0) void redis.hgetall('sessions:active').catch(() => undefined)
}, 1000)

const stop = async (): Promise<void> => {
  clearInterval(timer)
  await replica.query('select pg_wal_replay_resume()').catch(() => undefined)
  await holder.query('rollback').catch(() => undefined)
  await Promise.all([holder, waiter, replica, writer].map((c) => c.end().catch(() => undefined)))
  redis.disconnect()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
console.log('demo troublemaker running')
