/**
 * pg.deadlocks judged over the poll window on the real primary: a deadlock between two polls warns in
 * the next one and is gone from the one after, instead of staying until the statistics are reset.
 */
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisReport } from '../../../shared/findings'
import { CounterHistory } from '../../diagnostics/counter-window'
import type { PgSession } from '../types'
import { openPostgres } from './adapter'
import { checkPostgres } from './check'
import { createScratchDb, type ScratchDb } from '../../testing/pg-health-scenarios'

/** Two transactions that take two rows in opposite order: the detector aborts one of them. */
const induceDeadlock = async (db: ScratchDb): Promise<void> => {
  const [a, b] = [await db.connect(), await db.connect()]
  await a.query('begin')
  await b.query('begin')
  await a.query('update dl set v = v + 1 where id = 1')
  await b.query('update dl set v = v + 1 where id = 2')
  const outcomes = await Promise.allSettled([
    a.query('update dl set v = v + 1 where id = 2'),
    b.query('update dl set v = v + 1 where id = 1')
  ])
  expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String(o.reason))).toEqual([
    expect.stringMatching(/deadlock detected/)
  ])
  for (const c of [a, b] as pg.Client[]) {
    await c.query('rollback')
    // PG 15+ defers a backend's statistics flush: force it so the next check sees the deadlock.
    await c.query('select pg_stat_force_next_flush()')
    await c.query('select 1')
  }
}

describe('pg.deadlocks over the poll window', () => {
  let db: ScratchDb
  let session: PgSession
  beforeAll(async () => {
    db = await createScratchDb('window_t')
    await db.admin.query('create table dl (id int primary key, v int)')
    await db.admin.query('insert into dl values (1, 0), (2, 0)')
    session = await openPostgres({ url: db.appUrl(), tls: { enabled: false }, purpose: 'diagnostics' })
  })
  afterAll(async () => {
    await session?.close()
    await db?.drop()
  })

  const check = async (counters?: CounterHistory, on = session): Promise<AnalysisReport> => {
    const [report] = await checkPostgres(on, 'node', { counters })
    if (!report) throw new Error('no report')
    return report
  }
  const deadlocks = (r: AnalysisReport): [string, string][] =>
    r.findings.filter((f) => f.rule === 'pg.deadlocks').map((f) => [f.severity, f.title])

  it('warns in the poll after a deadlock, not in the one after; a one-shot check only informs', async () => {
    const history = new CounterHistory()
    expect(deadlocks(await check(history))).toEqual([])
    await induceDeadlock(db)
    expect(deadlocks(await check(history))).toEqual([
      [
        'warning',
        expect.stringMatching(new RegExp(`^1 deadlock in ${db.name} in the last \\d+(\\.\\d+)? (ms|s)$`))
      ]
    ])
    expect(deadlocks(await check(history))).toEqual([])

    // Another database of the same server polled in between (its counters are its own): no false delta.
    const other = await createScratchDb('window_t')
    const otherSession = await openPostgres({
      url: other.appUrl(),
      tls: { enabled: false },
      purpose: 'diagnostics'
    })
    try {
      expect(deadlocks(await check(history, otherSession))).toEqual([])
    } finally {
      await otherSession.close()
      await other.drop()
    }
    expect(deadlocks(await check(history))).toEqual([])

    expect(deadlocks(await check())).toEqual([
      ['info', expect.stringMatching(new RegExp(`^1 deadlock in ${db.name} since statistics`))]
    ])
  })
})
