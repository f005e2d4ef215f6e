import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../shared/findings'
import type { ProbeOutcomes } from '../pipeline/engine-diagnostics'
import { evaluatePgBouncer, pgbouncerFacts } from './diagnostics'
import type { PgBouncerPool } from '../../../shared/records/pgbouncer'
import { PGBOUNCER_PARSERS, PGBOUNCER_PROBE_IDS, type PgBouncerRecords } from './records'
import { RULE as WAITING, WAIT_WARNING_S } from './rules/clients-waiting'
import { RULE as MODE } from './rules/pool-mode'
import { RULE as SATURATION } from './rules/pool-saturation'

const NODE = '127.0.0.1:59200'
const raw = (probe: string, scenario: string): unknown =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, 'fixtures', `${probe}--${scenario}--pgbouncer1.18.json`), 'utf8')
  )

const records = (scenario: string): PgBouncerRecords => {
  const out: Record<string, unknown> = {}
  for (const id of PGBOUNCER_PROBE_IDS) {
    const result = PGBOUNCER_PARSERS[id](raw(id, scenario))
    if (!result.ok) throw new Error(`${id}--${scenario}: ${result.message}`)
    out[id] = result.value
  }
  return out as unknown as PgBouncerRecords
}
const outcomes = (r: Partial<PgBouncerRecords>): ProbeOutcomes<PgBouncerRecords> =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { ok: true, value: v }]))
const judge = (r: Partial<PgBouncerRecords>): Finding[] => evaluatePgBouncer(outcomes(r), { node: NODE })
const ofRule = (findings: Finding[], rule: string) => findings.filter((f) => f.rule === rule)

const saturated = records('saturated')
const held = saturated.pools.find((p) => p.cl_waiting > 0)
if (!held) throw new Error('the saturated fixture has no waiting pool')
const withPool = (change: Partial<PgBouncerPool>): PgBouncerRecords => ({
  ...saturated,
  pools: saturated.pools.map((p) => (p === held ? { ...p, ...change } : p))
})

describe('PgBouncer console parsers', () => {
  it('parse every recorded SHOW answer', () => {
    for (const scenario of ['rest', 'saturated']) {
      const r = records(scenario)
      for (const id of ['pools', 'databases', 'stats', 'clients', 'servers'] as const)
        expect(r[id].length, `${id}--${scenario}`).toBe((raw(id, scenario) as unknown[]).length)
      expect(r.config.size).toBe((raw('config', scenario) as unknown[]).length)
    }
    expect(saturated.config.get('query_wait_timeout')).toBe('120')
  })

  it('name the command, row and column of a bad cell', () => {
    const rows = raw('pools', 'rest') as Record<string, unknown>[]
    const bad = PGBOUNCER_PARSERS.pools(rows.map((r, i) => (i === 1 ? { ...r, cl_waiting: 'many' } : r)))
    expect(bad).toMatchObject({
      ok: false,
      message: 'SHOW POOLS: row 2, column cl_waiting: expected num, got "many".'
    })
  })

  it('accept an older console without maxwait_us and pool_mode columns', () => {
    const rows = (raw('pools', 'saturated') as Record<string, unknown>[]).map(
      ({ maxwait_us: _us, pool_mode: _mode, ...rest }) => rest
    )
    const result = PGBOUNCER_PARSERS.pools(rows)
    expect(result.ok && result.value.every((p) => p.maxwait_us === null && p.pool_mode === null)).toBe(true)
  })

  it('take an empty SHOW CONFIG as cut, not as a console without settings', () => {
    expect(PGBOUNCER_PARSERS.config([])).toMatchObject({ ok: false, code: 'TRUNCATED' })
  })
})

describe(WAITING, () => {
  it('fires on the recorded waiting client with its wait and the console limit', () => {
    const [f, ...rest] = ofRule(judge(saturated), WAITING)
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      severity: 'warning',
      target: `${held.database}/dbconsole_app`,
      subject: { kind: 'pool', name: `${held.database}/dbconsole_app`, node: NODE },
      evidence: { clWaiting: 1, svActive: 1, queryWaitTimeoutSeconds: 120 }
    })
    expect(f?.evidence.maxwaitSeconds).toBeCloseTo(held.maxwait + (held.maxwait_us ?? 0) / 1e6)
  })

  it('is an info below 1 s, critical at half of query_wait_timeout, silent at rest', () => {
    expect(ofRule(judge(withPool({ maxwait: 0, maxwait_us: 400_000 })), WAITING)[0]?.severity).toBe('info')
    expect(ofRule(judge(withPool({ maxwait: WAIT_WARNING_S, maxwait_us: 0 })), WAITING)[0]?.severity).toBe(
      'warning'
    )
    expect(ofRule(judge(withPool({ maxwait: 59, maxwait_us: 900_000 })), WAITING)[0]?.severity).toBe(
      'warning'
    )
    expect(ofRule(judge(withPool({ maxwait: 60, maxwait_us: 0 })), WAITING)[0]?.severity).toBe('critical')
    expect(ofRule(judge(records('rest')), WAITING)).toEqual([])
  })

  it('with query_wait_timeout off, stays a warning and says they wait for ever', () => {
    const config = new Map(saturated.config)
    config.set('query_wait_timeout', '0')
    const [f] = ofRule(judge({ ...withPool({ maxwait: 500 }), config }), WAITING)
    expect(f?.severity).toBe('warning')
    expect(f?.detail).toContain('wait for ever')
  })
})

describe(SATURATION, () => {
  it('fires when sv_active reaches pool_size, with the servers by state', () => {
    const [f, ...rest] = ofRule(judge(saturated), SATURATION)
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      severity: 'warning',
      evidence: { svActive: 1, poolSize: 1, reservePool: 0, clWaiting: 1, inUseRatio: 1 },
      units: { inUseRatio: 'ratio', poolSize: 'count' }
    })
    expect(ofRule(judge(records('rest')), SATURATION)).toEqual([])
  })

  it('is critical once the reserve pool is in use too, silent below pool_size', () => {
    const databases = saturated.databases.map((d) =>
      d.name === held.database ? { ...d, pool_size: 2, reserve_pool: 1 } : d
    )
    expect(ofRule(judge({ ...saturated, databases }), SATURATION)).toEqual([])
    expect(ofRule(judge({ ...withPool({ sv_active: 3 }), databases }), SATURATION)[0]?.severity).toBe(
      'critical'
    )
  })

  it('says it cannot judge a busy pool whose database SHOW DATABASES no longer lists', () => {
    const databases = saturated.databases.filter((d) => d.name !== held.database)
    expect(ofRule(judge({ ...saturated, databases }), SATURATION)).toMatchObject([
      { severity: 'info', title: `Could not evaluate ${SATURATION}` }
    ])
  })
})

describe(MODE, () => {
  it('names transaction pools (info) and statement pools (warning), never session pools or the console', () => {
    const found = ofRule(judge(records('rest')), MODE)
    const byTarget = Object.fromEntries(found.map((f) => [f.target, f.severity]))
    expect(byTarget).toMatchObject({ dbc_tx: 'info', dbc_stmt: 'warning' })
    expect(byTarget).not.toHaveProperty('dbc_session')
    expect(byTarget).not.toHaveProperty('pgbouncer')
    expect(found.find((f) => f.target === 'dbc_tx')?.detail).toContain('session-level SET')
  })

  it('takes the console default for a database without its own mode, and drops the leak note with server_reset_query_always', () => {
    const rest = records('rest')
    const databases = rest.databases.map((d) => ({ ...d, pool_mode: null }))
    const config = new Map(rest.config)
    config.set('server_reset_query_always', '1')
    const found = ofRule(judge({ ...rest, databases, config }), MODE)
    expect(found.map((f) => f.evidence.poolMode)).toEqual(found.map(() => 'transaction'))
    expect(found.every((f) => !f.detail.includes('stays on the server connection'))).toBe(true)
  })
})

describe('the PgBouncer rules never go silent', () => {
  it('each says it could not evaluate when a probe it needs failed', () => {
    const findings = evaluatePgBouncer(
      {
        ...outcomes(saturated),
        config: { ok: false, why: 'permission denied' },
        databases: { ok: false, why: 'x' }
      },
      { node: NODE }
    )
    for (const rule of [WAITING, SATURATION, MODE])
      expect(findings.find((f) => f.rule === rule)?.title).toBe(`Could not evaluate ${rule}`)
  })

  it('sums the workload pools for the summary, leaving the console out', () => {
    expect(pgbouncerFacts(outcomes(saturated))).toMatchObject({ clientsWaiting: 1, serversActive: 1 })
  })
})
