/**
 * Issue 22: 200 targets checked concurrently finish within the slowest target's timeout plus a small
 * constant, not the sum. 4 real servers (the test PostgreSQL primary and replica, Redis, one cluster
 * node), 96 refused ports, 100 blackholes on loopback (they accept and never answer, so each waits
 * out its 2 s timeout). Needs the servers of scripts/pg-up.sh and scripts/redis-up.sh.
 */
import { createServer, type Server, type Socket } from 'node:net'
import type { Benchmark } from './harness'
import { runFleet } from '../src/main/fleet/run-fleet'
import type { FleetTarget } from '../src/main/fleet/targets'
import { TEST_SERVERS } from '../src/main/testing/test-servers'

const TIMEOUT_MS = 2_000
const sockets = new Set<Socket>()
let blackhole: Server | null = null
let targets: FleetTarget[] = []

const target = (name: string, url: string): FleetTarget => ({
  name,
  url,
  environment: 'production',
  tags: [],
  timeoutMs: TIMEOUT_MS,
  password: null
})

export const benchmarks: Benchmark[] = [
  {
    name: 'fleet: 200 targets, 100 blackholed (timeout 2 s each)',
    target: `< ${TIMEOUT_MS} ms timeout + 1,500 ms (the sum would be 200 s)`,
    budgetMs: TIMEOUT_MS + 1_500,
    iterations: 3,
    setup: async () => {
      blackhole = createServer((s) => {
        sockets.add(s)
        s.on('close', () => sockets.delete(s))
      })
      await new Promise<void>((r) => blackhole?.listen(0, '127.0.0.1', () => r()))
      const port = (blackhole.address() as { port: number }).port
      targets = [
        target('pg-primary', `postgres://postgres@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/postgres`),
        target('pg-replica', `postgres://postgres@127.0.0.1:${TEST_SERVERS.pgReplicaPort}/postgres`),
        target('redis', `redis://127.0.0.1:${TEST_SERVERS.redisPort}`),
        target('redis-replica', `redis://127.0.0.1:${TEST_SERVERS.redisReplicaPort}`),
        ...Array.from({ length: 96 }, (_, i) => target(`refused-${i}`, `redis://127.0.0.1:${1 + i}`)),
        ...Array.from({ length: 100 }, (_, i) =>
          target(`slow-${i}`, i % 2 ? `redis://127.0.0.1:${port}` : `postgres://u@127.0.0.1:${port}/db`)
        )
      ]
    },
    run: async () => {
      const results = await runFleet(targets)
      const ok = results.filter((r) => r.reports.every((x) => x.ok)).length
      if (ok !== 4) throw new Error(`expected the 4 real servers checked, got ${ok}`)
    },
    teardown: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((r) => blackhole?.close(() => r()))
    }
  }
]
