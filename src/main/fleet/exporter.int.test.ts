/**
 * The exporter end to end with a real Prometheus (Debian's): Prometheus scrapes `dbconsole exporter`
 * over the test PostgreSQL and Redis; a problem seeded on Redis (memory near maxmemory) shows as a
 * dbconsole_finding series through Prometheus's HTTP API, and clears once the problem is gone. Scrapes
 * never trigger checks: the check count follows the interval, not the scrape rate.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitUntil } from '../testing/own-servers'
import { redisUrl, TEST_SERVERS } from '../testing/test-servers'
import { startExporter, type RunningExporter } from './exporter'
import { checkTarget } from './run-fleet'
import { readTargets } from './targets'

const PROMETHEUS_PORT = Number(process.env.PROMETHEUS_TEST_PORT ?? 58990)
const dir = mkdtempSync(join(tmpdir(), 'dbconsole-prometheus-'))
const admin = new Redis(redisUrl(), { lazyConnect: true })
let exporter: RunningExporter
let prometheus: ChildProcess
let checks = 0

/** Instant query through Prometheus's HTTP API: the series that match now. */
const series = async (query: string): Promise<Record<string, string>[]> => {
  const res = await fetch(
    `http://127.0.0.1:${PROMETHEUS_PORT}/api/v1/query?query=${encodeURIComponent(query)}`
  )
  const body = (await res.json()) as { data: { result: { metric: Record<string, string> }[] } }
  return body.data.result.map((r) => r.metric)
}

beforeAll(async () => {
  await admin.connect()
  const targetsFile = join(dir, 'targets.yaml')
  writeFileSync(join(dir, 'pg.pw'), `${TEST_SERVERS.pgAppPassword}\n`, { mode: 0o600 })
  writeFileSync(
    targetsFile,
    [
      'targets:',
      `  - { name: sandbox-redis, url: "${redisUrl()}", environment: staging, tags: [cache] }`,
      `  - { name: sandbox-pg, url: "postgres://dbconsole_app@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/app", passwordFile: pg.pw }`,
      '  - { name: dead, url: "redis://127.0.0.1:1", timeoutMs: 500 }',
      ''
    ].join('\n')
  )
  exporter = await startExporter({
    host: '127.0.0.1',
    port: 0,
    targets: await readTargets(targetsFile),
    intervalMs: 1_000,
    check: (t) => {
      checks++
      return checkTarget(t)
    }
  })
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      '  - job_name: dbconsole',
      `    static_configs: [{ targets: ["${new URL(exporter.url).host}"] }]`,
      ''
    ].join('\n')
  )
  prometheus = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`
    ],
    { stdio: 'ignore' }
  )
  await waitUntil(
    'Prometheus to scrape the exporter',
    async () => (await series('dbconsole_check_success').catch(() => [])).length === 3,
    30_000,
    250
  )
}, 60_000)

afterAll(async () => {
  await admin.config('SET', 'maxmemory', '0')
  admin.disconnect()
  prometheus?.kill('SIGTERM')
  await exporter?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('dbconsole exporter scraped by a real Prometheus', () => {
  it('reports each target checked or not, the dead one as 0', async () => {
    const success = await series('dbconsole_check_success == 1')
    expect(success.map((m) => m.target).sort()).toEqual(['sandbox-pg', 'sandbox-redis'])
    expect((await series('dbconsole_check_success == 0')).map((m) => m.target)).toEqual(['dead'])
    expect(await series('dbconsole_pg_xid_headroom{target="sandbox-pg"}')).toHaveLength(1)
  })

  it('a seeded Redis memory problem appears as a finding series, then clears', async () => {
    const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1])
    await admin.config('SET', 'maxmemory', String(Math.round(used * 1.05)))
    const query = 'dbconsole_finding{target="sandbox-redis",rule="redis.memory-usage"}'
    await waitUntil(
      'the memory finding in Prometheus',
      async () => (await series(query)).length > 0,
      20_000,
      250
    )
    const [finding] = await series(query)
    expect(finding).toMatchObject({
      environment: 'staging',
      engine: 'redis',
      node: `127.0.0.1:${TEST_SERVERS.redisPort}`
    })
    expect(['warning', 'critical']).toContain(finding?.severity)

    await admin.config('SET', 'maxmemory', '0')
    await waitUntil(
      'the memory finding to clear',
      async () => (await series(query)).length === 0,
      20_000,
      250
    )
  })

  it('scrapes read the cache: a burst of 50 scrapes triggers no check', async () => {
    const before = checks
    const bodies = await Promise.all(
      Array.from({ length: 50 }, () => fetch(exporter.url).then((r) => r.text()))
    )
    expect(bodies.every((b) => b.includes('dbconsole_check_success'))).toBe(true)
    // At most one interval's run (3 targets) can start meanwhile, whatever the scrapes.
    expect(checks - before).toBeLessThanOrEqual(3)
  })
})
