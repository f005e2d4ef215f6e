/**
 * pg_qualstats needs shared_preload_libraries, i.e. a restart, which the shared servers must never get:
 * this test starts its own pair (scripts/pg-up.sh preloads pg_qualstats when it is installed) on
 * 55740/55741 and plants the workload in its `app` database.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisReport, Finding } from '../../../../shared/findings'
import { PLANTED, plantWorkload } from '../../../testing/index-advisor-workload'
import { startOwnPg, type OwnPg } from '../../../testing/own-servers'
import { pgAdminUrl, pgAppUrl } from '../../../testing/test-servers'
import { openPostgres } from '../adapter'
import { adviseIndexes } from './advise'

let own: OwnPg
let admin: pg.Client

beforeAll(async () => {
  own = await startOwnPg('qualstats', 55740, 55741)
  admin = new pg.Client({ connectionString: pgAdminUrl(own.primaryPort, 'app') })
  await admin.connect()
  await admin.query('create extension pg_qualstats; create extension hypopg')
  await plantWorkload(
    { admin, appUrl: () => pgAppUrl(own.primaryPort, 'app') },
    3,
    'set pg_qualstats.sample_rate = 1'
  )
}, 60_000)

afterAll(async () => {
  await admin?.end()
  await own?.down()
})

describe('pg.adviseIndexes with pg_qualstats preloaded', () => {
  it('adds the predicates pg_qualstats sampled to the candidates, and still proposes only the planted indexes', async () => {
    const session = await openPostgres({
      url: pgAppUrl(own.primaryPort, 'app'),
      tls: { enabled: false },
      purpose: 'diagnostics'
    })
    let report: AnalysisReport
    try {
      report = await adviseIndexes(session)
    } finally {
      await session.close()
    }
    expect(report.summary).toMatchObject({ hypopg: true, pg_qualstats: true, pg_qualstats_error: null })
    expect(Number(report.summary['pg_qualstats_candidates'])).toBeGreaterThan(0)
    expect(report.findings.map((f) => f.rule)).not.toContain('pg.index-advice.qualstats-missing')
    const advice = report.findings.filter((f) => f.rule === 'pg.index-advice')
    const shape = (f: Finding) =>
      `${String(f.evidence['table'])}(${(f.evidence['columns'] as string[]).join(', ')})`
    expect(advice.map(shape).sort()).toEqual(PLANTED.flatMap((s) => (s.needs ? [s.needs] : [])).sort())
    const byQualstats = advice.filter((f) => (f.evidence['reasons'] as string[]).includes('pg_qualstats'))
    expect(byQualstats.map(shape)).toContain('advisor.orders(customer_id)')
  })
})
