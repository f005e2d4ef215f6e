import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AnalysisReport } from '../../shared/findings'
import { fleetSummary } from './fleet-cli'
import { formatJunit } from './junit'
import { formatPrometheus } from './prometheus'
import { runFleet, type TargetResult } from './run-fleet'
import { parseTargets, targetPassword, type FleetTarget } from './targets'

const target = (name: string, over: Partial<FleetTarget> = {}): FleetTarget => ({
  name,
  url: 'redis://127.0.0.1:1',
  environment: 'production',
  tags: [],
  timeoutMs: 1000,
  password: null,
  ...over
})

const report = (over: Partial<AnalysisReport> = {}): AnalysisReport => ({
  input: 'redis://127.0.0.1:1',
  ok: true,
  engine: 'redis',
  kind: 'redis.health',
  summary: { node: '127.0.0.1:1', fragmentationRatio: 1.5, keys: 3, replicas: [{ name: 'r1', lagBytes: 7 }] },
  findings: [],
  error: null,
  ...over
})

describe('targets file', () => {
  it('reads YAML with defaults, tags and password sources, resolving a password file beside it', () => {
    const targets = parseTargets(
      `defaults: { timeoutMs: 2500, environment: staging }
targets:
  - { name: main-db, url: "postgres://monitor@db1:5432/app", passwordEnv: PG_MONITOR_PW, tags: [eu, tier1] }
  - { name: cache, url: "redis://cache:6379", passwordFile: secrets/cache.pw, environment: production, timeoutMs: 900 }
`,
      '/etc/dbconsole/targets.yaml'
    )
    expect(targets).toEqual([
      {
        name: 'main-db',
        url: 'postgres://monitor@db1:5432/app',
        environment: 'staging',
        tags: ['eu', 'tier1'],
        timeoutMs: 2500,
        password: { env: 'PG_MONITOR_PW' }
      },
      {
        name: 'cache',
        url: 'redis://cache:6379',
        environment: 'production',
        tags: [],
        timeoutMs: 900,
        password: { file: '/etc/dbconsole/secrets/cache.pw' }
      }
    ])
  })

  it('reads a bare JSON list', () => {
    expect(parseTargets('[{"name":"a","url":"redis://h:1"}]', 'f.json')).toMatchObject([
      { name: 'a', timeoutMs: 10_000 }
    ])
  })

  it.each([
    ['targets: [{ name: a, url: "postgres://u:secret@h/db" }]', /password in its URL.*passwordEnv/],
    ['[{ name: a, url: "redis://h:1" }, { name: a, url: "redis://h:2" }]', /"a" is used twice/],
    ['[{ name: a, url: "http://h" }]', /Unsupported URL scheme "http"/],
    ['[{ name: a, url: "redis://h:1", pasword: x }]', /\[0\]/],
    ['[{ name: a, url: "redis://h:1", passwordEnv: A, passwordFile: b }]', /not both/],
    ['[{ name: a, url: "redis://h:1", timeoutMs: 5 }]', /\[0\]\.timeoutMs/],
    ['[]', /the file|\[/],
    ['targets: [ {', /not YAML or JSON/]
  ])('refuses %j saying what and where', (text, message) => {
    expect(() => parseTargets(text, 'targets.yaml')).toThrow(message)
  })

  it('a named password source that is missing is an error, never an empty password', async () => {
    delete process.env.DBCONSOLE_TEST_MISSING
    await expect(
      targetPassword(target('a', { password: { env: 'DBCONSOLE_TEST_MISSING' } }))
    ).rejects.toThrow(/DBCONSOLE_TEST_MISSING is not set/)
    await expect(targetPassword(target('b', { password: { file: '/nonexistent/pw' } }))).rejects.toThrow(
      /ENOENT/
    )
    const dir = mkdtempSync(join(tmpdir(), 'fleet-pw-'))
    writeFileSync(join(dir, 'pw'), 's3cret\n')
    expect(await targetPassword(target('c', { password: { file: join(dir, 'pw') } }))).toBe('s3cret')
  })
})

describe('runFleet', () => {
  it('keeps at most `concurrency` checks in flight and returns results in target order', async () => {
    let inFlight = 0
    let most = 0
    const targets = Array.from({ length: 40 }, (_, i) => target(`t${i}`))
    const results = await runFleet(targets, {
      concurrency: 7,
      check: async (t) => {
        most = Math.max(most, ++inFlight)
        await new Promise((r) => setTimeout(r, Number(t.name.slice(1)) % 5))
        inFlight--
        return [report({ input: t.name })]
      }
    })
    expect(most).toBe(7)
    expect(results.map((r) => r.reports[0]?.input)).toEqual(targets.map((t) => t.name))
  })

  it('slow targets overlap: 20 targets of 200 ms take about 200 ms, not 4 s', async () => {
    const started = performance.now()
    await runFleet(
      Array.from({ length: 20 }, (_, i) => target(`t${i}`)),
      { concurrency: 50, check: () => new Promise((r) => setTimeout(() => r([report()]), 200)) }
    )
    expect(performance.now() - started).toBeLessThan(1_500)
  })
})

const results = (): TargetResult[] => [
  {
    target: target('cache "eu"\\1'),
    durationMs: 1234,
    reports: [
      report({
        findings: [
          {
            rule: 'redis.memory',
            severity: 'critical',
            title: 'Memory at 95%',
            detail: 'd',
            target: 'n1',
            evidence: {}
          },
          {
            rule: 'redis.slowlog',
            severity: 'warning',
            title: 'Slow <KEYS>',
            detail: 'x & y',
            target: 'n1',
            evidence: {}
          },
          {
            rule: 'redis.slowlog',
            severity: 'warning',
            title: 'Slow <KEYS>',
            detail: 'again',
            target: 'n1',
            evidence: {}
          }
        ]
      })
    ]
  },
  {
    target: target('dead'),
    durationMs: 1000,
    reports: [
      report({
        ok: false,
        summary: {},
        error: { code: 'UNREACHABLE', message: 'connection refused', line: null }
      })
    ]
  }
]

describe('Prometheus exposition', () => {
  const text = formatPrometheus(results())

  it('has check success, duration, findings and summary numbers, with labels escaped', () => {
    expect(text).toContain(
      'dbconsole_check_success{target="cache \\"eu\\"\\\\1",environment="production",engine="redis"} 1'
    )
    expect(text).toContain('dbconsole_check_success{target="dead",environment="production",engine="redis"} 0')
    expect(text).toContain(
      'dbconsole_check_duration_seconds{target="dead",environment="production",engine="redis"} 1'
    )
    expect(text).toMatch(/dbconsole_finding\{[^}]*rule="redis.memory",severity="critical",subject="n1"\} 1/)
    expect(text).toMatch(/dbconsole_redis_fragmentation_ratio\{[^}]*node="127.0.0.1:1"\} 1.5/)
    expect(text).toMatch(/dbconsole_redis_replicas_lag_bytes\{[^}]*item="r1"\} 7/)
  })

  it('two findings with the same labels become one series with value 2, and each family is typed once', () => {
    expect(text).toMatch(/rule="redis.slowlog",severity="warning",subject="n1"\} 2/)
    expect(text.match(/# TYPE dbconsole_finding gauge/g)).toHaveLength(1)
    for (const line of text.trim().split('\n'))
      expect(line).toMatch(/^(# (HELP|TYPE) [a-z_]+ .+|[a-z_:][a-z0-9_:]*\{.*\} -?[0-9.e+-]+)$/)
  })
})

describe('JUnit XML', () => {
  it('one case per node and rule, failures at --fail-on, an error for an unreachable node, text escaped', () => {
    const xml = formatJunit(results(), 'warning')
    expect(xml).toContain('<testsuite name="cache &quot;eu&quot;\\1" tests="3" failures="2" errors="0"')
    expect(xml).toContain('<failure message="Slow &lt;KEYS&gt;">[warning] Slow &lt;KEYS&gt; (n1): x &amp; y')
    expect(xml).toContain('<testsuite name="dead" tests="1" failures="0" errors="1"')
    expect(xml).toContain('<error message="UNREACHABLE: connection refused"/>')
    expect(formatJunit(results(), 'critical')).toContain('failures="1"')
  })
})

describe('summary', () => {
  it('counts targets checked, failed and with findings by severity', () => {
    expect(fleetSummary(results())).toBe(
      '2 targets: 1 checked, 1 failed, 1 with findings (1 critical, 2 warning, 0 info)'
    )
  })
})
