import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisReport } from '../../../shared/findings'
import { startMongoFake, type MongoFakeHandle } from '../../../../scripts/mongo-fake/server'
import { serverStatusRules } from '../../diagnostics/mongo/rule-server-status'
import { remedyFromEvidence } from '../../testing/remedy-from-evidence'
import { openMongo } from './adapter'
import { checkMongo } from './check'

describe('checkMongo against the fake replica set (rs0: primary, lagging secondary, member down)', () => {
  let fake: MongoFakeHandle
  let reports: AnalysisReport[]

  beforeAll(async () => {
    fake = await startMongoFake({ port: 0, scenario: 'replset-lagging' })
    const session = await openMongo({ url: fake.url, tls: { enabled: false }, purpose: 'diagnostics' })
    try {
      reports = await checkMongo(session, 'mongodb://127.0.0.1/?replicaSet=rs0')
    } finally {
      await session.close()
    }
  }, 20_000)
  afterAll(async () => {
    await fake?.close()
  })

  const byNode = (port: number | null) => reports.find((r) => r.summary.node === `127.0.0.1:${port}`)
  const ruleList = (r: AnalysisReport | undefined) =>
    r?.findings.map((f) => `${f.severity} ${f.rule} ${f.target ?? ''}`.trim())

  it('gives one report per member: two reached, the down one UNREACHABLE', () => {
    expect(reports.map((r) => [r.kind, r.ok, r.summary.role ?? null, r.error?.code ?? null])).toEqual([
      ['mongo.health', true, 'primary', null],
      ['mongo.health', true, 'secondary', null],
      ['mongo.health', false, null, 'UNREACHABLE']
    ])
    expect(reports[2]?.summary).toEqual({})
    expect(reports[2]?.error?.message).toContain(
      `MongoDB 127.0.0.1:${fake.downPort}: cannot reach the server`
    )
  })

  it('primary report: summary facts and every seeded problem', () => {
    const p = byNode(fake.ports[0] ?? null)
    expect(p?.summary).toMatchObject({
      serverVersion: '7.0.14',
      role: 'primary',
      setName: 'rs0',
      members: 3,
      unhealthyMembers: 1,
      maxLagSeconds: 12,
      connectionsCurrent: 86,
      cacheFillPercent: 95,
      profiledDatabases: ['shop'],
      indexStatsCollections: 2
    })
    expect(ruleList(p)).toEqual([
      `critical mongo.replset-member-down 127.0.0.1:${fake.downPort}`,
      'critical mongo.collscan shop.orders',
      'critical mongo.collscan shop.customers',
      'critical mongo.docs-examined-ratio shop.orders',
      'warning mongo.wt-cache 127.0.0.1:' + fake.ports[0],
      'warning mongo.wt-dirty-cache 127.0.0.1:' + fake.ports[0],
      `warning mongo.replication-lag 127.0.0.1:${fake.ports[1]}`,
      'warning mongo.long-running-op 9912331',
      'warning mongo.collscan shop.orders',
      'warning mongo.collscan shop.customers',
      'warning mongo.lock-wait 9912480',
      'warning mongo.slow-query shop.orders',
      'warning mongo.replanned shop.orders',
      'warning mongo.lock-wait shop.customers',
      'warning mongo.unused-index shop.orders.status_1_createdAt_-1_old',
      'warning mongo.unused-index shop.customers.region_1',
      'info mongo.slow-query shop.customers',
      'info mongo.slow-query shop.orders'
    ])
  })

  it('primary report: subjects name the node, the member, the op; killOp remedies as the evidence calls for', () => {
    const p = byNode(fake.ports[0] ?? null)
    const node = `127.0.0.1:${fake.ports[0]}`
    const by = (rule: string) => p?.findings.filter((f) => f.rule === rule) ?? []
    expect(by('mongo.wt-cache')[0]?.subject).toEqual({ kind: 'node', name: node })
    expect(by('mongo.replset-member-down')[0]?.subject?.name).toBe(`127.0.0.1:${fake.downPort}`)
    const [long] = by('mongo.long-running-op')
    expect(long?.subject).toEqual({ kind: 'operation', name: long?.evidence.opid, node })
    expect(by('mongo.unused-index').map((f) => f.subject?.kind)).toEqual(['index', 'index'])
    for (const f of p?.findings ?? []) expect(f.remedy ?? null, f.rule).toEqual(remedyFromEvidence(f))
    expect(p?.findings.filter((f) => f.remedy).length).toBe(5)
    // The unused indexes offer hideIndex (reversible), the namespace split into database and collection.
    expect(by('mongo.unused-index').map((f) => f.remedy)).toEqual([
      {
        action: 'mongo.hideIndex',
        target: { db: 'shop', collection: 'orders', index: 'status_1_createdAt_-1_old' },
        label: 'Hide index status_1_createdAt_-1_old'
      },
      {
        action: 'mongo.hideIndex',
        target: { db: 'shop', collection: 'customers', index: 'region_1' },
        label: 'Hide index region_1'
      }
    ])
  })

  it('secondary report: profiler off, no duplicated replication findings', () => {
    const s = byNode(fake.ports[1] ?? null)
    expect(s?.summary).toMatchObject({ role: 'secondary', maxLagSeconds: 12, profiledDatabases: [] })
    expect(ruleList(s)).toEqual([
      `warning mongo.wt-cache 127.0.0.1:${fake.ports[1]}`,
      `warning mongo.wt-dirty-cache 127.0.0.1:${fake.ports[1]}`,
      'warning mongo.unused-index shop.orders.status_1_createdAt_-1_old',
      'warning mongo.unused-index shop.customers.region_1',
      `info mongo.profiler 127.0.0.1:${fake.ports[1]}`
    ])
  })

  it('sent maxTimeMS with every diagnostic command', () => {
    expect(fake.violations).toEqual([])
    expect(fake.commandsSeen.filter((c) => c.name === 'aggregate').length).toBeGreaterThanOrEqual(6)
  })
})

describe('checkMongo on a standalone with an error probe', () => {
  it('reports couldNotEvaluate instead of failing when a probe errors', async () => {
    const fake = await startMongoFake({ port: 0, scenario: 'standalone' })
    const session = await openMongo({ url: fake.url, tls: { enabled: false }, purpose: 'diagnostics' })
    try {
      const failing = {
        ...session,
        command: (db: string, cmd: Record<string, unknown>) =>
          'serverStatus' in cmd
            ? Promise.reject(new Error('not authorized on admin to execute command { serverStatus: 1 }'))
            : session.command(db, cmd)
      }
      const [r] = await checkMongo(failing, 'mongodb://127.0.0.1/')
      expect([r?.ok, r?.summary.role, r?.summary.setName]).toEqual([true, 'standalone', null])
      // Every rule that needs serverStatus says so (one finding each), and only those.
      const unevaluated = r?.findings.filter((x) => x.title.startsWith('Could not evaluate')) ?? []
      expect(unevaluated.map((x) => x.title)).toEqual(
        serverStatusRules.map((rule) => `Could not evaluate ${rule.id}`)
      )
      for (const f of unevaluated) expect(f.detail).toContain('not authorized')
      expect(fake.violations).toEqual([])
    } finally {
      await session.close()
      await fake.close()
    }
  })
})
