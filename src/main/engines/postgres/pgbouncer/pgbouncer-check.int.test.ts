/**
 * The PgBouncer admin console of a PostgreSQL profile (`?pgbouncer=`), checked live against the real
 * PgBouncer of scripts/pgbouncer-up.sh: a pool_size=1 pool saturated by a held transaction, with a
 * second client waiting, is found; the same console at rest says nothing of waiting or saturation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisReport, Finding } from '../../../../shared/findings'
import { createScratchDb, type ScratchDb } from '../../../testing/pg-health-scenarios'
import { saturatePool, withPgBouncerAdmin } from '../../../testing/pgbouncer-scenarios'
import { pgAppUrl, TEST_SERVERS } from '../../../testing/test-servers'
import { openPostgres } from '../adapter'
import { checkPostgres } from '../check'
import type { PgSession } from '../../types'

const ADMIN = `127.0.0.1:${TEST_SERVERS.pgbouncerPort}`
let db: ScratchDb
let session: PgSession

const bouncerReport = async (): Promise<AnalysisReport> => {
  const reports = await checkPostgres(session, 'test')
  const report = reports.find((r) => r.kind === 'pgbouncer.health')
  if (!report) throw new Error(`no pgbouncer.health report among ${reports.map((r) => r.kind).join(', ')}`)
  return report
}
const about = (report: AnalysisReport, rule: string, target: string): Finding | undefined =>
  report.findings.find((f) => f.rule === rule && f.target === target)

beforeAll(async () => {
  db = await createScratchDb('pgbc')
  // dbconsole itself connects to the primary directly; only its admin console goes to PgBouncer.
  session = await openPostgres({
    url: withPgBouncerAdmin(pgAppUrl()),
    tls: { enabled: false },
    purpose: 'diagnostics'
  })
})

afterAll(async () => {
  await session?.close()
  await db.admin.query(
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`
  )
  await db.drop()
})

describe('pgbouncer.health', () => {
  it('finds the client waiting in a saturated pool, with its wait and the pool size', async () => {
    const saturated = await saturatePool(db)
    let report: AnalysisReport
    try {
      report = await bouncerReport()
    } finally {
      await saturated.release()
    }
    expect(report.ok).toBe(true)
    expect(report.summary).toMatchObject({
      serverVersion: expect.stringMatching(/^PgBouncer 1\./),
      node: ADMIN
    })
    const waiting = about(report, 'pgbouncer.clients-waiting', saturated.pool)
    expect(waiting).toMatchObject({
      severity: 'warning',
      subject: { kind: 'pool', name: saturated.pool, node: ADMIN },
      evidence: { clWaiting: 1, svActive: 1, queryWaitTimeoutSeconds: 120 },
      units: { maxwaitSeconds: 'seconds' }
    })
    expect(waiting?.evidence.maxwaitSeconds).toBeGreaterThanOrEqual(1.2)
    expect(about(report, 'pgbouncer.pool-saturation', saturated.pool)).toMatchObject({
      severity: 'warning',
      evidence: { svActive: 1, poolSize: 1, clWaiting: 1, inUseRatio: 1 }
    })
    expect(about(report, 'pgbouncer.pool-mode', db.name)).toMatchObject({
      severity: 'info',
      evidence: { poolMode: 'transaction', serverResetQueryAlways: false }
    })
  })

  it('at rest: no waiting clients and no saturated pool; pooling modes are still named', async () => {
    const report = await bouncerReport()
    expect(report.ok).toBe(true)
    const rules = report.findings.map((f) => f.rule)
    expect(rules).not.toContain('pgbouncer.clients-waiting')
    expect(rules).not.toContain('pgbouncer.pool-saturation')
    expect(report.findings.filter((f) => f.title.startsWith('Could not evaluate'))).toEqual([])
    expect(about(report, 'pgbouncer.pool-mode', 'dbc_stmt')?.severity).toBe('warning')
    expect(about(report, 'pgbouncer.pool-mode', 'dbc_tx')?.severity).toBe('info')
    expect(about(report, 'pgbouncer.pool-mode', 'dbc_session')).toBeUndefined()
  })

  it('a console that refuses the user is a failed report, not silence', async () => {
    const other = await openPostgres({
      url: `postgres://postgres@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/postgres?pgbouncer=${ADMIN}`,
      tls: { enabled: false },
      purpose: 'diagnostics'
    })
    try {
      const report = (await checkPostgres(other, 'test')).find((r) => r.kind === 'pgbouncer.health')
      // postgres has no password in the URL; the console asks for one (SCRAM).
      expect(report).toMatchObject({
        ok: false,
        error: { code: expect.stringMatching(/AUTH_FAILED|SERVER_ERROR/) }
      })
    } finally {
      await other.close()
    }
  })

  it('a malformed ?pgbouncer= fails the connect with INVALID_INPUT naming the option', async () => {
    const failure = await openPostgres({
      url: `${pgAppUrl()}?pgbouncer=127.0.0.1`,
      tls: { enabled: false },
      purpose: 'diagnostics'
    }).catch((err: unknown) => err)
    expect(failure).toMatchObject({ code: 'INVALID_INPUT' })
    expect((failure as Error).message).toContain('pgbouncer: must be host:port')
  })
})
