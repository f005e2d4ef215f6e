/**
 * Where the real servers of scripts/pg-up.sh and scripts/redis-up.sh listen (defaults of scripts/ports.sh;
 * the environment overrides them). Integration tests import only from here.
 */
const env = (name: string, fallback: string): string => process.env[name] ?? fallback

export const TEST_SERVERS = {
  pgPrimaryPort: Number(env('PG_PRIMARY_PORT', '55432')),
  pgReplicaPort: Number(env('PG_REPLICA_PORT', '55433')),
  pgAppPassword: env('PG_APP_PASSWORD', 'app-secret-Sentinel-7f3a'),
  redisPort: Number(env('REDIS_PORT', '56379')),
  redisReplicaPort: Number(env('REDIS_REPLICA_PORT', '56380')),
  redisClusterPorts: env('REDIS_CLUSTER_PORTS', '47001 47002 47003').split(' ').map(Number),
  mongoFakePort: Number(env('MONGO_FAKE_PORT', '57017')),
  /** scripts/pgbouncer-up.sh: pools dbc_tx / dbc_session / dbc_stmt on `app`, `*` (pool_size 1) on the rest. */
  pgbouncerPort: Number(env('PGBOUNCER_PORT', '59200')),
  pgbouncerAdminPassword: env('PGBOUNCER_ADMIN_PASSWORD', 'pgbouncer-admin-Sentinel-2c9d')
} as const

/** Superuser over TCP (trust auth for postgres on 127.0.0.1): for setting up and inducing conditions. */
export const pgAdminUrl = (port: number = TEST_SERVERS.pgPrimaryPort, db = 'postgres'): string =>
  `postgres://postgres@127.0.0.1:${port}/${db}`

/** The password-authenticated role the app connects as (pg_monitor + pg_signal_backend). */
export const pgAppUrl = (port: number = TEST_SERVERS.pgPrimaryPort, db = 'app'): string =>
  `postgres://dbconsole_app:${encodeURIComponent(TEST_SERVERS.pgAppPassword)}@127.0.0.1:${port}/${db}`

export const redisUrl = (port: number = TEST_SERVERS.redisPort): string => `redis://127.0.0.1:${port}`
