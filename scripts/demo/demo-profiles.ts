/**
 * The demo's connection profiles and how they are registered: by name, so a second `npm run demo` (on
 * the same data directory) updates the profiles it made before instead of adding copies.
 */
import { SANDBOX } from './sandbox'

export type Rpc = (method: string, input: unknown) => Promise<unknown>

const app = `dbconsole_app:${encodeURIComponent(SANDBOX.pgAppPassword)}`
/** The sandbox's servers as the demo registers them; names differ in their first words (the sidebar truncates). */
export const DEMO_PROFILES = [
  {
    name: 'orders-db primary',
    engine: 'postgres',
    environment: 'production',
    // Its PgBouncer's admin console too (the demo's pooler in front of the primary).
    url: `postgres://${app}@127.0.0.1:${SANDBOX.pgPrimary}/app?pgbouncer=127.0.0.1:${SANDBOX.pgbouncer}`
  },
  {
    name: 'orders-db replica',
    engine: 'postgres',
    environment: 'production',
    url: `postgres://${app}@127.0.0.1:${SANDBOX.pgReplica}/app`
  },
  {
    name: 'sessions-cache',
    engine: 'redis',
    environment: 'staging',
    url: `redis://127.0.0.1:${SANDBOX.redis}`
  },
  {
    name: 'replica of sessions-cache',
    engine: 'redis',
    environment: 'staging',
    url: `redis://127.0.0.1:${SANDBOX.redisReplica}`
  },
  {
    name: 'ratelimit-cluster',
    engine: 'redis',
    environment: 'production',
    url: `redis://127.0.0.1:${SANDBOX.redisCluster[0]}/?cluster=true`
  },
  {
    name: 'catalog-rs (fake)',
    engine: 'mongo',
    environment: 'development',
    url: `mongodb://127.0.0.1:${SANDBOX.mongo}/?replicaSet=rs0`
  }
]

/** Saves every demo profile (the existing one of the same name is updated in place); returns their ids. */
export const saveDemoProfiles = async (rpc: Rpc): Promise<string[]> => {
  const existing = (await rpc('connections.list', {})) as { id: string; name: string }[]
  const ids: string[] = []
  for (const profile of DEMO_PROFILES) {
    const id = existing.find((p) => p.name === profile.name)?.id
    const saved = (await rpc('connections.save', id === undefined ? profile : { ...profile, id })) as {
      id: string
    }
    ids.push(saved.id)
  }
  return ids
}
