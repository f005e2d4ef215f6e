/**
 * The index advisor against the real primary (:55432) on a planted workload (testing/index-advisor-workload.ts):
 * one scratch database with hypopg, one without. Driven through the core like the renderer would:
 * pg.adviseIndexes, then the advice's remedy through actions.prepare / actions.execute (the guard).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditEntry, ExecutedAction, PreparedAction } from '../../../../shared/actions'
import type { AnalysisReport, Finding } from '../../../../shared/findings'
import { PLANTED, plantWorkload } from '../../../testing/index-advisor-workload'
import { createScratchDb, type ScratchDb } from '../../../testing/pg-health-scenarios'
import { useTestCore } from '../../../testing/test-core'
import { main } from '../../../cli'

const t = useTestCore('advisor')

const shape = (f: Finding): string =>
  `${String(f.evidence['table'])}(${(f.evidence['columns'] as string[]).join(', ')})`
const advice = (r: AnalysisReport): Finding[] => r.findings.filter((f) => f.rule === 'pg.index-advice')
const planted = PLANTED.flatMap((s) => (s.needs ? [s.needs] : []))

let withHypopg: ScratchDb
let plain: ScratchDb
const profiles: Record<string, string> = {}

const save = async (db: ScratchDb): Promise<string> =>
  (
    await t.call<{ id: string }>('connections.save', {
      name: db.name,
      engine: 'postgres',
      url: db.appUrl(),
      environment: 'development',
      allowWrites: true
    })
  ).id

beforeAll(async () => {
  withHypopg = await createScratchDb('advisor_h')
  plain = await createScratchDb('advisor_p')
  await withHypopg.admin.query('create extension hypopg')
  await Promise.all([plantWorkload(withHypopg), plantWorkload(plain)])
  profiles['hypopg'] = await save(withHypopg)
  profiles['plain'] = await save(plain)
}, 30_000)

afterAll(async () => {
  await withHypopg?.drop()
  await plain?.drop()
})

describe('pg.adviseIndexes with hypopg', () => {
  let report: AnalysisReport
  beforeAll(async () => {
    report = await t.call<AnalysisReport>('pg.adviseIndexes', { connectionId: profiles['hypopg'] })
  })

  it('proposes exactly the planted indexes, each proven by the planner', () => {
    expect(report.kind).toBe('pg.index-advice')
    expect(report.summary).toMatchObject({ hypopg: true, pg_qualstats: false })
    expect(Number(report.summary['planned'])).toBeGreaterThanOrEqual(PLANTED.length)
    expect(advice(report).map(shape).sort()).toEqual([...planted].sort())
    expect(report.summary['refused']).toEqual([])
    for (const f of advice(report)) {
      expect(f).toMatchObject({ severity: 'warning', subject: { kind: 'table', name: f.evidence['table'] } })
      expect(f.evidence).toMatchObject({ proof: 'hypopg', planner_uses: true })
      expect(Number(f.evidence['cost_reduction'])).toBeGreaterThanOrEqual(0.5)
      expect(Number(f.evidence['hypothetical_size_bytes'])).toBeGreaterThan(8192)
      expect(Number(f.evidence['table_writes'])).toBeGreaterThanOrEqual(10)
      expect(f.units).toMatchObject({
        hypothetical_size_bytes: 'bytes',
        cost_reduction: 'ratio',
        table_writes: 'count'
      })
      expect(f.remedy).toMatchObject({
        action: 'postgres.createIndex',
        target: { schema: 'advisor', columns: f.evidence['columns'] }
      })
    }
  })

  it('names the statement each index serves, with its cost before and after', () => {
    const join = advice(report).find((f) => shape(f) === 'advisor.tickets(customer_id)')
    const statements = join?.evidence['statements'] as {
      query: string
      cost_before: number
      cost_after: number
    }[]
    expect(statements.map((s) => s.query)).toEqual([expect.stringContaining('join advisor.tickets')])
    expect(statements[0]?.cost_after).toBeLessThan((statements[0]?.cost_before ?? 0) / 2)
  })

  it('says pg_qualstats is missing and what it adds, and leaves no hypothetical index or prepared statement', async () => {
    expect(report.findings.map((f) => f.rule)).toContain('pg.index-advice.qualstats-missing')
    expect(report.findings.map((f) => f.rule)).not.toContain('pg.index-advice.hypopg-missing')
    const session = await t.core.sessions.session(profiles['hypopg'] ?? '')
    if (session.engine !== 'postgres') throw new Error('not postgres')
    // The diagnostics work pool has one connection: this is the backend the advisor used.
    const [left] = await session.query<{ hypo: number; prepared: number; ro: string }>(
      `select (select count(*) from hypopg_list_indexes)::int as hypo,
              (select count(*) from pg_prepared_statements)::int as prepared,
              current_setting('default_transaction_read_only') as ro`
    )
    expect(left).toEqual({ hypo: 0, prepared: 0, ro: 'on' })
    const real = await withHypopg.admin.query(
      "select count(*)::int as n from pg_indexes where schemaname = 'advisor'"
    )
    expect(real.rows[0]).toEqual({ n: 5 }) // the primary keys only: advice built nothing
  })

  it('builds the advised index through the guard, after which it is no longer advised', async () => {
    const f = advice(report).find((a) => shape(a) === 'advisor.orders(customer_id)')
    if (!f?.remedy) throw new Error('no remedy')
    const ticket = await t.call<PreparedAction>('actions.prepare', {
      connectionId: profiles['hypopg'],
      action: f.remedy.action,
      target: f.remedy.target
    })
    expect(ticket).toMatchObject({
      tier: 2,
      exactStatement:
        'CREATE INDEX CONCURRENTLY "orders_customer_id_idx" ON "advisor"."orders" ("customer_id")',
      challenge: 'orders_customer_id_idx',
      preview: { facts: { table: 'advisor.orders', columns: 'customer_id', same_columns_index: null } }
    })
    expect(ticket.preview.warnings.join(' ')).toMatch(/INVALID/)
    const wrong = await t.core.dispatch('actions.execute', { ticketId: ticket.ticketId, typed: 'orders' })
    expect(wrong.ok ? null : wrong.error.code).toBe('CONFIRMATION_MISMATCH')
    const done = await t.call<ExecutedAction>('actions.execute', {
      ticketId: ticket.ticketId,
      typed: ticket.challenge
    })
    expect(done, done.detail).toMatchObject({ outcome: 'done', postCheck: { ok: true } })
    const built = await withHypopg.admin.query(
      "select indexdef from pg_indexes where schemaname = 'advisor' and indexname = 'orders_customer_id_idx'"
    )
    expect(built.rows).toEqual([{ indexdef: expect.stringContaining('btree (customer_id)') }])
    const audit = await t.call<AuditEntry[]>('audit.list', {})
    expect(audit.filter((e) => e.action === 'postgres.createIndex').map((e) => e.phase)).toEqual(
      expect.arrayContaining(['intent', 'outcome'])
    )
    const again = await t.call<AnalysisReport>('pg.adviseIndexes', { connectionId: profiles['hypopg'] })
    expect(advice(again).map(shape)).not.toContain('advisor.orders(customer_id)')
    expect(advice(again).map(shape)).toContain('advisor.events(created_at)')
  })
})

describe('pg.adviseIndexes cancelled while trying candidates', () => {
  it('answers CANCELLED and leaves nothing behind on the diagnostics connection', async () => {
    const id = profiles['hypopg'] ?? ''
    const stop = t.core.events.subscribe((e) => {
      if (e.type === 'progress' && e.requestId === 'advise-cancel' && e.message.startsWith('trying'))
        void t.core.dispatch('requests.cancel', { requestId: 'advise-cancel' })
    })
    try {
      const answer = await t.core.dispatch('pg.adviseIndexes', {
        connectionId: id,
        requestId: 'advise-cancel'
      })
      expect(answer).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    } finally {
      stop()
    }
    const session = await t.core.sessions.session(id)
    if (session.engine !== 'postgres') throw new Error('not postgres')
    const [left] = await session.query<{ hypo: number; prepared: number }>(
      `select (select count(*) from hypopg_list_indexes)::int as hypo,
              (select count(*) from pg_prepared_statements)::int as prepared`
    )
    expect(left).toEqual({ hypo: 0, prepared: 0 })
  })
})

describe('pg.adviseIndexes without hypopg', () => {
  it('ranks the planted candidates from the plans alone, unproven, and says what hypopg adds', async () => {
    const report = await t.call<AnalysisReport>('pg.adviseIndexes', { connectionId: profiles['plain'] })
    expect(report.summary).toMatchObject({ hypopg: false })
    const hypopg = report.findings.find((f) => f.rule === 'pg.index-advice.hypopg-missing')
    expect(hypopg?.detail).toMatch(/CREATE EXTENSION hypopg/)
    const shapes = advice(report).map(shape)
    expect(shapes).toEqual(expect.arrayContaining(planted))
    // The well-served statements stay silent: primary key, ten-row table, a filter keeping a third, json.
    for (const quiet of [
      'advisor.orders(id)',
      'advisor.settings(key)',
      'advisor.orders(total)',
      'advisor.docs(body)'
    ])
      expect(shapes).not.toContain(quiet)
    for (const f of advice(report))
      expect(f).toMatchObject({ severity: 'info', evidence: { proof: 'plan-only' } })
  })
})

describe('pg.adviseIndexes without pg_stat_statements', () => {
  it('says there are no statements to advise on, and why', async () => {
    const bare = await createScratchDb('advisor_n')
    try {
      await bare.admin.query('drop extension pg_stat_statements')
      const report = await t.call<AnalysisReport>('pg.adviseIndexes', { connectionId: await save(bare) })
      expect(report.summary).toMatchObject({ pg_stat_statements: false })
      expect(report.findings.map((f) => f.rule)).toEqual(['pg.index-advice.no-statements'])
    } finally {
      await bare.drop()
    }
  })
})

describe('dbconsole advise-indexes', () => {
  it('prints the same advice and fails on warnings only when asked', async () => {
    const printed: string[] = []
    const out = (text: string) => printed.push(text)
    expect(await main(['advise-indexes', '--url', withHypopg.appUrl(), '--format', 'json'], out)).toBe(0)
    const report = JSON.parse(printed.join('')) as AnalysisReport
    expect(advice(report).map(shape)).toContain('advisor.events(created_at)')
    printed.length = 0
    expect(await main(['advise-indexes', '--url', withHypopg.appUrl(), '--fail-on', 'warning'], out)).toBe(1)
    expect(printed.join('')).toContain('advisor.events (created_at)')
  })
})
