import { describe, expect, it } from 'vitest'
import type { AnalysisReport, Finding } from '../../../../shared/findings'
import { findingIdentity } from '../../../../shared/history'
import type { OverviewEntry } from '../../../../shared/overview'
import {
  buildGroups,
  findingKey,
  findingKeysOf,
  flatFindings,
  rememberFirstSeen,
  tabForFinding,
  worstAcross
} from './incident-model'

const finding = (rule: string, severity: Finding['severity'], target: string | null = null): Finding => ({
  rule,
  severity,
  title: rule,
  detail: '',
  target,
  evidence: {}
})

const report = (node: string, findings: Finding[], ok = true): AnalysisReport => ({
  input: `x://${node}`,
  ok,
  engine: 'postgres',
  kind: 'pg.health',
  summary: { node },
  findings,
  error: ok ? null : { code: 'UNREACHABLE', message: 'down', line: null }
})

const entry = (
  id: string,
  reports: AnalysisReport[],
  error: OverviewEntry['error'] = null,
  environment: OverviewEntry['environment'] = 'production'
): OverviewEntry => ({
  connectionId: id,
  name: id,
  engine: 'postgres',
  environment,
  state: error === null ? 'connected' : 'failed',
  reports,
  error,
  checkedAt: 1,
  durationMs: 5,
  lastOkAt: 1,
  firstSeen: {},
  membersDown: [],
  members: 1
})

describe('buildGroups', () => {
  it('ranks critical before warning across connections', () => {
    const groups = buildGroups(
      [
        entry('a', [report('n1', [finding('pg.x', 'warning')])]),
        entry('b', [report('n2', [finding('pg.y', 'critical')])])
      ],
      new Map(),
      () => 0
    )
    expect(flatFindings(groups).map((f) => f.finding.rule)).toEqual(['pg.y', 'pg.x'])
  })

  it('puts a failed connection first', () => {
    const groups = buildGroups(
      [
        entry('a', [report('n1', [finding('pg.x', 'critical')])]),
        entry('b', [], { code: 'UNREACHABLE', message: 'gone' })
      ],
      new Map(),
      () => 0
    )
    expect(groups.map((g) => g.connectionId)).toEqual(['b', 'a'])
  })

  it('orders equal severities by recency and marks findings first seen after the baseline as new', () => {
    const old = finding('pg.old', 'warning', 't1')
    const fresh = finding('pg.new', 'warning', 't2')
    const seen = new Map<string, number>()
    rememberFirstSeen(seen, [findingKey('a', 'n1', old)], 100)
    rememberFirstSeen(seen, [findingKey('a', 'n1', fresh), findingKey('a', 'n1', old)], 200)
    expect(seen.get(findingKey('a', 'n1', old))).toBe(100)
    const items = flatFindings(buildGroups([entry('a', [report('n1', [old, fresh])])], seen, () => 150))
    expect(items.map((i) => [i.finding.rule, i.isNew])).toEqual([
      ['pg.new', true],
      ['pg.old', false]
    ])
  })

  it("takes main's first-seen time (the history, which outlives a restart) over the screen's own memory", () => {
    const old = finding('pg.old', 'warning', 't1')
    const fresh = finding('pg.new', 'warning', 't2')
    // The screen just opened at 1000 and has seen both now; main saw pg.old yesterday, pg.new after 1000.
    const seen = new Map([
      [findingKey('a', 'n1', old), 1_000],
      [findingKey('a', 'n1', fresh), 1_000]
    ])
    const withHistory = {
      ...entry('a', [report('n1', [old, fresh])]),
      firstSeen: { [findingIdentity('n1', old)]: 10, [findingIdentity('n1', fresh)]: 1_500 }
    }
    const items = flatFindings(buildGroups([withHistory], seen, () => 1_000))
    expect(items.map((i) => [i.finding.rule, i.firstSeen, i.isNew])).toEqual([
      ['pg.new', 1_500, true],
      ['pg.old', 10, false]
    ])
  })

  it('judges "new" against each connection\'s own first answer: a late-answering connection is not all new', () => {
    const a = finding('pg.a', 'warning')
    const b = finding('pg.b', 'warning')
    const seen = new Map<string, number>()
    rememberFirstSeen(seen, findingKeysOf(entry('fast', [report('n1', [a])])), 100)
    rememberFirstSeen(seen, findingKeysOf(entry('slow', [report('n2', [b])])), 5_000)
    const firstAnswers = new Map([
      ['fast', 100],
      ['slow', 5_000]
    ])
    const groups = buildGroups(
      [entry('fast', [report('n1', [a])]), entry('slow', [report('n2', [b])])],
      seen,
      (id) => firstAnswers.get(id) ?? 0
    )
    expect(flatFindings(groups).map((i) => [i.connectionId, i.isNew])).toEqual([
      ['slow', false],
      ['fast', false]
    ])
  })

  it('keeps a node that could not be read, with its error, ahead of nodes with findings', () => {
    const groups = buildGroups(
      [entry('a', [report('n1', [finding('pg.x', 'critical')]), report('n2', [], false)])],
      new Map(),
      () => 0
    )
    expect(groups[0]?.nodes.map((n) => [n.node, n.error?.code ?? null])).toEqual([
      ['n2', 'UNREACHABLE'],
      ['n1', null]
    ])
  })
})

describe('ranking across environments (the on-call hour)', () => {
  // The scene: a development server's static criticals, a new production blocker, a dead replica.
  const scene = () => {
    const blocker = finding('pg.blocking-lock', 'warning', 'pid 42')
    const seen = new Map<string, number>([[findingKey('prod', 'p1', blocker), 50]])
    return buildGroups(
      [
        entry(
          'dev',
          [report('d1', [finding('pg.wraparound', 'critical'), finding('pg.bloat', 'critical', 't')])],
          null,
          'development'
        ),
        entry('prod', [
          report('p1', [finding('pg.cache-hit-ratio', 'info'), blocker]),
          report('p2', [], false)
        ]),
        entry('stage', [report('s1', [finding('pg.dead-tuples', 'critical', 'u')])], null, 'staging')
      ],
      seen,
      () => 10
    )
  }

  it('puts production before staging before development, whatever the old criticals elsewhere', () => {
    const groups = scene()
    expect(groups.map((g) => g.connectionId)).toEqual(['prod', 'stage', 'dev'])
    // Within production: the node that cannot be read first, then the new blocker above the info.
    expect(groups[0]?.nodes.map((n) => n.node)).toEqual(['p2', 'p1'])
    expect(groups[0]?.nodes[1]?.findings.map((f) => [f.finding.rule, f.isNew])).toEqual([
      ['pg.blocking-lock', true],
      ['pg.cache-hit-ratio', false]
    ])
  })

  it('gives a top strip of the N worst across all connections: failures, then problems by environment', () => {
    const strip = worstAcross(scene(), 4)
    expect(
      strip.map((w) =>
        w.kind === 'failure' ? `failed ${w.group.connectionId} ${w.node ?? ''}` : w.item.finding.rule
      )
    ).toEqual(['failed prod p2', 'pg.blocking-lock', 'pg.dead-tuples', 'pg.wraparound'])
    // Infos never make the strip.
    expect(
      worstAcross(scene(), 100).some((w) => w.kind === 'finding' && w.item.finding.severity === 'info')
    ).toBe(false)
  })
})

describe('tabForFinding', () => {
  it('opens the engine health view for health findings and the overview otherwise', () => {
    expect(tabForFinding({ engine: 'postgres', reportKind: 'pg.health' })).toBe('health')
    expect(tabForFinding({ engine: 'redis', reportKind: 'redis.health' })).toBe('redis')
    expect(tabForFinding({ engine: 'mongo', reportKind: 'mongo.health' })).toBe('mongo')
    expect(tabForFinding({ engine: 'mongo', reportKind: 'mongo.explain' })).toBe('overview')
    expect(tabForFinding({ engine: 'redis', reportKind: null })).toBe('overview')
  })
})

describe('members down', () => {
  it("says how many of the connection's members main saw down, and nothing when all are up", () => {
    const groupsOf = (e: OverviewEntry) => buildGroups([e], new Map(), () => 0)
    const [down] = groupsOf({
      ...entry('c1', [report('10.0.0.1:6379', [])]),
      membersDown: ['10.0.0.3:6379'],
      members: 6
    })
    expect(down?.membersDown).toBe('1 of 6 members down')
    const [up] = groupsOf(entry('c2', [report('10.0.0.1:6379', [])]))
    expect(up?.membersDown).toBeNull()
  })
})
