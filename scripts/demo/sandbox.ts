/** The demo sandbox's servers (scripts/ports.sh with DBCONSOLE_SANDBOX=demo exports these). */
const env = (name: string, fallback: string): string => process.env[name] ?? fallback

export const SANDBOX = {
  pgPrimary: Number(env('PG_PRIMARY_PORT', '55532')),
  pgReplica: Number(env('PG_REPLICA_PORT', '55533')),
  pgAppPassword: env('PG_APP_PASSWORD', 'app-secret-Sentinel-7f3a'),
  redis: Number(env('REDIS_PORT', '56479')),
  redisReplica: Number(env('REDIS_REPLICA_PORT', '56480')),
  redisCluster: env('REDIS_CLUSTER_PORTS', '47101 47102 47103').split(' ').map(Number),
  mongo: Number(env('MONGO_FAKE_PORT', '57317')),
  pgbouncer: Number(env('PGBOUNCER_PORT', '59250'))
}

export const pgSuperuser = (port: number, db = 'app'): string => `postgres://postgres@127.0.0.1:${port}/${db}`
