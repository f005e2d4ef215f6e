import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ACTION_TARGETS } from '../../../../shared/actions'
import {
  indexName,
  judgeCandidates,
  toolFindings,
  type AdvisedStatement,
  type CandidateEvidence
} from './judge'
import { indexesUsed, planCandidates, planCost, type IndexCandidate } from './plan-candidates'

const fixture = (scenario: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', `explain-generic--${scenario}--pg15.json`), 'utf8'))

const statement = (queryid: string, plan: unknown, calls = 100): AdvisedStatement => ({
  queryid,
  query: `statement ${queryid}`,
  calls,
  meanMs: 12,
  cost: planCost(plan) ?? NaN
})

const candidateOf = (plan: unknown, table: string): IndexCandidate => {
  const c = planCandidates(plan).find((x) => x.table === table)
  if (!c) throw new Error(`no candidate on ${table}`)
  return c
}

const NODE = '10.0.0.5:5432'
const big = { writes: 2_500, rows: 100_000 }

describe('judging candidates proven with hypopg', () => {
  const join = fixture('hash-join')
  const joinAfter = fixture('hash-join-hypothetical')
  const tickets = candidateOf(join, 'tickets')
  const proven: CandidateEvidence = {
    candidate: tickets,
    from: ['q1'],
    trials: [
      { queryid: 'q1', costAfter: planCost(joinAfter) ?? NaN, used: indexesUsed(joinAfter).length > 0 }
    ],
    hypotheticalBytes: 2_605_056,
    table: big
  }

  it('advises an index the planner uses that at least halves the recorded cost, with its remedy', () => {
    const [f, ...rest] = judgeCandidates([proven], [statement('q1', join)], NODE)
    expect(rest).toEqual([])
    expect(f).toMatchObject({
      rule: 'pg.index-advice',
      severity: 'warning',
      subject: { kind: 'table', name: 'advisor.tickets', node: NODE },
      evidence: { columns: ['customer_id'], proof: 'hypopg', planner_uses: true, table_writes: 2_500 },
      remedy: {
        action: 'postgres.createIndex',
        target: {
          schema: 'advisor',
          table: 'tickets',
          columns: ['customer_id'],
          index: 'tickets_customer_id_idx'
        }
      }
    })
    // 2277.57 -> 515.69 in the recorded plans.
    expect(Number(f?.evidence['cost_reduction'])).toBeCloseTo(1 - 515.69 / 2277.57, 3)
    expect(ACTION_TARGETS['postgres.createIndex'].safeParse(f?.remedy?.target).success).toBe(true)
  })

  it('stays silent when the planner ignores the index or the cost falls by less than half', () => {
    const cost = planCost(join) ?? NaN
    const ignored = { ...proven, trials: [{ queryid: 'q1', costAfter: cost * 0.2, used: false }] }
    const small = { ...proven, trials: [{ queryid: 'q1', costAfter: cost * 0.51, used: true }] }
    expect(judgeCandidates([ignored, small], [statement('q1', join)], NODE)).toEqual([])
  })

  it('keeps only the best of overlapping candidates on one table', () => {
    const wider = {
      ...proven,
      candidate: { ...tickets, columns: ['customer_id', 'id'] },
      trials: [{ queryid: 'q1', costAfter: 900, used: true }]
    }
    const found = judgeCandidates([wider, proven], [statement('q1', join)], NODE)
    expect(found.map((f) => f.evidence['columns'])).toEqual([['customer_id']])
  })
})

describe('judging candidates from plans only (no hypopg)', () => {
  const plan = fixture('seq-filter')
  const orders = candidateOf(plan, 'orders')
  const unproven = (c: IndexCandidate, table = big): CandidateEvidence => ({
    candidate: c,
    from: ['q1'],
    trials: null,
    hypotheticalBytes: null,
    table
  })

  it('ranks a selective filter on a large table as unproven advice', () => {
    const [f] = judgeCandidates([unproven(orders)], [statement('q1', plan)], NODE)
    expect(f).toMatchObject({
      severity: 'info',
      evidence: { proof: 'plan-only', planner_uses: null, cost_reduction: null }
    })
    expect(f?.detail).toMatch(/hypopg is not installed/)
  })

  it('drops a small table and a filter that keeps more than 5 % of the rows', () => {
    const tiny = candidateOf(fixture('tiny-table'), 'settings')
    const wide = { ...orders, keptRows: 33_000 }
    expect(
      judgeCandidates(
        [unproven(tiny, { writes: 0, rows: 10 }), unproven(wide)],
        [statement('q1', plan)],
        NODE
      )
    ).toEqual([])
  })
})

describe('index names and tool findings', () => {
  it('names the index as PostgreSQL would and keeps it within 63 bytes', () => {
    expect(indexName({ table: 'orders', columns: ['status', 'created_at'] })).toBe(
      'orders_status_created_at_idx'
    )
    const long = indexName({ table: 'é'.repeat(40), columns: ['c'] })
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(63)
    expect(long.endsWith('_idx')).toBe(true)
  })

  it('says which tool is missing and what it adds', () => {
    const where = { node: NODE, database: 'app' }
    expect(toolFindings({ hypopg: false, qualstats: false }, where).map((f) => f.rule)).toEqual([
      'pg.index-advice.hypopg-missing',
      'pg.index-advice.qualstats-missing'
    ])
    expect(toolFindings({ hypopg: true, qualstats: true }, where)).toEqual([])
  })
})
