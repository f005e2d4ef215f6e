import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCheck } from './cli-check'
import { redisUrl, TEST_SERVERS } from './testing/test-servers'
import { captureCliOutput as capture } from './testing/cli-capture'

const appUrlWithoutPassword = (port: number) => `postgres://dbconsole_app@127.0.0.1:${port}/app`

afterEach(() => {
  delete process.env.PGPASSWORD
})

describe('dbconsole check', () => {
  it('checks the primary and the replica, one pg.health report each, with the password from PGPASSWORD never printed', async () => {
    process.env.PGPASSWORD = TEST_SERVERS.pgAppPassword
    const c = capture()
    const urls = [
      appUrlWithoutPassword(TEST_SERVERS.pgPrimaryPort),
      appUrlWithoutPassword(TEST_SERVERS.pgReplicaPort)
    ]
    const status = await runCheck(['--format', 'json', '--url', urls[0] ?? '', '--url', urls[1] ?? ''], c.out)
    const [primary, replica] = c.reports()
    expect(primary).toMatchObject({
      input: urls[0],
      ok: true,
      engine: 'postgres',
      kind: 'pg.health',
      summary: { role: 'primary', node: `127.0.0.1:${TEST_SERVERS.pgPrimaryPort}` }
    })
    expect(replica).toMatchObject({
      input: urls[1],
      ok: true,
      kind: 'pg.health',
      summary: { role: 'replica' }
    })
    expect(String(primary?.summary.serverVersion)).toMatch(/^15\./)
    expect(c.lines.join('\n')).not.toContain(TEST_SERVERS.pgAppPassword)
    expect([0, 1]).toContain(status)
  })

  it.each([
    [
      'user part',
      (pw: string) => `postgres://dbconsole_app:${pw}@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/app`
    ],
    ['?password=', (pw: string) => `${appUrlWithoutPassword(TEST_SERVERS.pgPrimaryPort)}?password=${pw}`]
  ])('a password in the URL (%s) is used and removed from the report input', async (_where, urlWith) => {
    const c = capture()
    await runCheck(
      ['--format', 'json', '--url', urlWith(encodeURIComponent(TEST_SERVERS.pgAppPassword))],
      c.out
    )
    expect(c.reports()[0]?.input).toBe(appUrlWithoutPassword(TEST_SERVERS.pgPrimaryPort))
    expect(c.reports()[0]?.ok).toBe(true)
    expect(c.lines.join('\n')).not.toContain(TEST_SERVERS.pgAppPassword)
  })

  it('checks every node of a Redis Cluster from one seed URL', async () => {
    const c = capture()
    await runCheck(
      ['--format', 'json', '--url', `${redisUrl(TEST_SERVERS.redisClusterPorts[0])}/?cluster=true`],
      c.out
    )
    const reports = c.reports()
    expect(reports.map((r) => r.summary.node).sort()).toEqual(
      TEST_SERVERS.redisClusterPorts.map((p) => `127.0.0.1:${p}`).sort()
    )
    expect(reports.every((r) => r.kind === 'redis.health' && r.summary.role === 'cluster-master')).toBe(true)
  })

  it('an unreachable node and a wrong password give ok:false with their code and exit status 2', async () => {
    const c = capture()
    const status = await runCheck(
      [
        '--format',
        'json',
        '--timeout-ms',
        '8000',
        '--url',
        'redis://127.0.0.1:1',
        '--url',
        `postgres://dbconsole_app:Wrong-Sentinel-123@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/app`
      ],
      c.out
    )
    const [redis, pg] = c.reports()
    expect(status).toBe(2)
    expect(redis).toMatchObject({
      ok: false,
      engine: 'redis',
      kind: 'redis.health',
      error: { code: 'UNREACHABLE' }
    })
    expect(pg).toMatchObject({ ok: false, engine: 'postgres', error: { code: 'AUTH_FAILED' } })
    expect(c.lines.join('\n')).not.toContain('Wrong-Sentinel-123')
  })
})

describe('dbconsole check --targets', () => {
  const targetsFile = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-targets-'))
    process.env.DBCONSOLE_TEST_PG_PW = TEST_SERVERS.pgAppPassword
    writeFileSync(
      join(dir, 'targets.json'),
      JSON.stringify([
        {
          name: 'pg',
          url: appUrlWithoutPassword(TEST_SERVERS.pgPrimaryPort),
          passwordEnv: 'DBCONSOLE_TEST_PG_PW'
        },
        { name: 'cache', url: redisUrl(), environment: 'staging' },
        { name: 'dead', url: 'redis://127.0.0.1:1', timeoutMs: 500 }
      ])
    )
    return join(dir, 'targets.json')
  }

  it('prints JUnit XML for CI: a suite per target, the dead one as an error; the summary goes to stderr', async () => {
    const c = capture()
    const err: string[] = []
    const status = await runCheck(['--targets', targetsFile(), '--format', 'junit'], c.out, (t) =>
      err.push(t)
    )
    expect(status).toBe(2)
    const xml = c.lines.join('\n')
    expect(xml).toMatch(/^<\?xml version="1.0"/)
    expect(xml).toMatch(/<testsuite name="pg" tests="\d+" failures="\d+" errors="0"/)
    expect(xml).toMatch(/<testsuite name="dead" tests="1" failures="0" errors="1"/)
    expect(xml).not.toContain(TEST_SERVERS.pgAppPassword)
    expect(err.join('')).toMatch(/3 targets: 2 checked, 1 failed/)
  })

  it('prints the Prometheus exposition with check success per target', async () => {
    const c = capture()
    await runCheck(['--targets', targetsFile(), '--format', 'prometheus'], c.out, () => undefined)
    const text = c.lines.join('\n')
    expect(text).toContain(
      'dbconsole_check_success{target="pg",environment="production",engine="postgres"} 1'
    )
    expect(text).toContain('dbconsole_check_success{target="dead",environment="production",engine="redis"} 0')
    expect(text).toMatch(
      /dbconsole_redis_used_memory_bytes\{target="cache",environment="staging",node="[^"]+"\} \d+/
    )
  })
})
