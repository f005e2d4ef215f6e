/**
 * Registers the sandbox's servers in a running `dbconsole serve` through its public RPC
 * (docs/spec/rpc.md), then connects each. Usage: DBCONSOLE_TOKEN=<token> add-profiles.ts <base-url>
 * (the token from the environment: on the command line every local user could read it in `ps`).
 */
import { SANDBOX } from './sandbox'

const [base] = process.argv.slice(2)
const token = process.env.DBCONSOLE_TOKEN
if (!base || !token) throw new Error('usage: DBCONSOLE_TOKEN=<token> add-profiles.ts <base-url>')

const rpc = async (method: string, input: unknown): Promise<unknown> => {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${base}/rpc/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input)
      })
      const envelope = (await res.json()) as {
        ok: boolean
        value?: unknown
        error?: { code: string; message: string }
      }
      if (!envelope.ok) throw new Error(`${method}: ${envelope.error?.code} ${envelope.error?.message}`)
      return envelope.value
    } catch (err) {
      // serve may still be starting: retry connection errors for a few seconds.
      if (attempt > 50 || !(err instanceof TypeError)) throw err
      await new Promise((r) => setTimeout(r, 200))
    }
  }
}

const app = `dbconsole_app:${encodeURIComponent(SANDBOX.pgAppPassword)}`
const profiles = [
  {
    name: 'orders-db primary',
    engine: 'postgres',
    environment: 'production',
    url: `postgres://${app}@127.0.0.1:${SANDBOX.pgPrimary}/app`
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
    name: 'sessions-cache replica',
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

for (const profile of profiles) {
  const { id } = (await rpc('connections.save', profile)) as { id: string }
  await rpc('connections.connect', { id }).catch((err: unknown) =>
    console.warn(`demo: ${profile.name} did not connect: ${String(err)}`)
  )
}
console.log(`demo: ${profiles.length} connections added`)
