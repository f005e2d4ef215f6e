import { describe, expect, it } from 'vitest'
import { pgRow } from '../../testing/records'
import type { Finding } from '../../../../shared/findings'
import { countBy, findingsAbout, hostOf, joinReplication, tableRows, toneOf, withActivity } from './pg-model'

const backend = (pid: number, state: string | null = null) => pgRow('pg_stat_activity', { pid, state })

describe('withActivity', () => {
  it("joins main's blocking tree to the backends' rows, nested", () => {
    const tree = withActivity(
      [{ pid: 1, children: [{ pid: 2, children: [{ pid: 3, children: [] }] }] }],
      [backend(1, 'idle in transaction'), backend(2), backend(3, 'active')]
    )
    expect(tree[0]?.row?.state).toBe('idle in transaction')
    expect(tree[0]?.children[0]?.children[0]).toEqual({
      pid: 3,
      row: backend(3, 'active'),
      children: []
    })
  })
  it('keeps a blocker this role cannot see, without a row', () => {
    expect(withActivity([{ pid: 9, children: [] }], [])).toEqual([{ pid: 9, row: null, children: [] }])
  })
})

describe('tableRows', () => {
  it('joins bloat and computes the dead ratio and last vacuum', () => {
    const [row] = tableRows(
      [
        pgRow('pg_stat_user_tables', {
          schemaname: 'public',
          relname: 't',
          n_live_tup: 25,
          n_dead_tup: 75,
          last_vacuum_s: null,
          last_autovacuum_s: 30
        })
      ],
      [
        pgRow('table_bloat_estimate', {
          schemaname: 'public',
          tblname: 't',
          bloat_bytes: 8192,
          bloat_ratio: 0.5
        })
      ],
      []
    )
    expect(row?.dead_ratio).toBe(0.75)
    expect(row?.bloat_bytes).toBe(8192)
    expect(row?.last_vacuum_any_s).toBe(30)
    expect(toneOf(row?.findings ?? [])).toBeUndefined()
  })
})

describe('joinReplication', () => {
  it('pairs one row with one replica on the same host and leaves ambiguity alone', () => {
    const receiver = pgRow('pg_stat_wal_receiver', { sender: 'p:5432' })
    const replica = { connectionName: 'r1', host: '10.0.0.2', receiver }
    const a = pgRow('pg_stat_replication', { client_addr: '10.0.0.2', pid: 1 })
    const b = pgRow('pg_stat_replication', { client_addr: '10.0.0.3', pid: 2 })
    const c = pgRow('pg_stat_replication', { client_addr: '10.0.0.3', pid: 3 })
    const other = { connectionName: 'r2', host: '10.0.0.3', receiver: null }
    const j = joinReplication([a, b, c], [replica, other])
    expect(j.joined).toEqual([{ primary: a, replica }])
    expect(j.primaryOnly).toEqual([b, c])
    expect(j.replicaOnly).toEqual([other])
  })
})

describe('helpers', () => {
  it('counts and reads hosts', () => {
    expect(countBy([backend(1, 'a'), backend(2, 'a'), backend(3)], 'state')).toEqual([
      { key: 'a', count: 2 },
      { key: '(none)', count: 1 }
    ])
    expect(hostOf('127.0.0.1:5432')).toBe('127.0.0.1')
    expect(hostOf('[::1]:5432')).toBe('::1')
  })
})

describe('findingsAbout', () => {
  const about = (rule: string, kind: 'table' | 'index', name: string): Finding => ({
    rule,
    severity: 'warning',
    title: rule,
    detail: '',
    target: null,
    evidence: {},
    subject: { kind, name }
  })
  it('keeps every finding about one subject, in order, and only subjects of the kind asked', () => {
    const findings = [
      about('pg.dead-tuples', 'table', 'public.a'),
      about('pg.unused-index', 'index', 'public.a_pkey'),
      about('pg.bloat', 'table', 'public.a'),
      about('pg.bloat', 'table', 'public.b'),
      about('pg.autovacuum-lag', 'table', 'public.a')
    ]
    const byTable = findingsAbout(findings, 'table')
    expect([...byTable.keys()]).toEqual(['public.a', 'public.b'])
    expect(byTable.get('public.a')?.map((f) => f.rule)).toEqual([
      'pg.dead-tuples',
      'pg.bloat',
      'pg.autovacuum-lag'
    ])
  })
})
