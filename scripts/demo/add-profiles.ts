/**
 * Registers the sandbox's servers in a running `dbconsole serve` through its public RPC
 * (docs/spec/rpc.md), then connects each. Usage: DBCONSOLE_TOKEN=<token> add-profiles.ts <base-url>
 * (the token from the environment: on the command line every local user could read it in `ps`).
 */
import { DEMO_PROFILES, saveDemoProfiles, type Rpc } from './demo-profiles'

const [base] = process.argv.slice(2)
const token = process.env.DBCONSOLE_TOKEN
if (!base || !token) throw new Error('usage: DBCONSOLE_TOKEN=<token> add-profiles.ts <base-url>')

const rpc: Rpc = async (method, input) => {
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

const ids = await saveDemoProfiles(rpc)
for (const [i, id] of ids.entries()) {
  await rpc('connections.connect', { id }).catch((err: unknown) =>
    console.warn(`demo: ${DEMO_PROFILES[i]?.name ?? id} did not connect: ${String(err)}`)
  )
}
console.log(`demo: ${ids.length} connections registered`)
