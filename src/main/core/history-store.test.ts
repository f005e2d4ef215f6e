import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AnalysisReport, Finding } from '../../shared/findings'
import { findingIdentity } from '../../shared/history'
import type { MetricsSample } from '../../shared/metrics'
import { HISTORY_DEFAULTS, HISTORY_FILE, HistoryStore, type HistoryLimits } from './history-store'

const HOUR = 3_600_000

const dir = () => mkdtempSync(join(tmpdir(), 'dbconsole-history-'))

const finding = (rule: string, name: string, severity: Finding['severity'] = 'warning'): Finding => ({
  rule,
  severity,
  title: `${rule} on ${name}`,
  detail: '',
  target: name,
  evidence: {},
  subject: { kind: 'table', name }
})

const report = (node: string, findings: Finding[], ok = true): AnalysisReport => ({
  input: 'postgres://monitor@db1/app',
  ok,
  engine: 'postgres',
  kind: 'pg.health',
  summary: { node },
  findings,
  error: ok ? null : { code: 'UNREACHABLE', message: 'down', line: null }
})

const sample = (at: number, pad = 0): MetricsSample => ({
  at,
  nodes: [{ node: 'db1:5432', values: { connections: at % 97, xactTotal: at, pad: pad > 0 ? pad : null } }]
})

/** A store whose clock the test moves. */
const openAt = (path: string, clock: { now: number }, limits: Partial<HistoryLimits> = {}) =>
  HistoryStore.open(path, { ...HISTORY_DEFAULTS, ...limits }, () => clock.now)

const opened: HistoryStore[] = []
const track = (s: HistoryStore) => (opened.push(s), s)
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
  vi.restoreAllMocks()
})

describe('HistoryStore: finding episodes', () => {
  it('opens an episode when a finding appears, keeps its first-seen time while it stays, and clears it when it goes', () => {
    const store = track(openAt(dir(), { now: 0 }))
    const bloat = finding('pg.bloat', 'public.orders')
    const dead = finding('pg.dead-tuples', 'public.items')
    store.observe('c1', 1_000, [report('db1', [bloat])])
    store.observe('c1', 2_000, [report('db1', [bloat, dead])])
    expect(store.firstSeen('c1')).toEqual({
      [findingIdentity('db1', bloat)]: 1_000,
      [findingIdentity('db1', dead)]: 2_000
    })
    store.observe('c1', 3_000, [report('db1', [dead])])
    expect(store.firstSeen('c1')).toEqual({ [findingIdentity('db1', dead)]: 2_000 })
    const { events, truncated } = store.timeline('c1', 0)
    expect(truncated).toBe(false)
    expect(events.map((e) => [e.kind, e.at, 'rule' in e ? e.rule : null])).toEqual([
      ['appeared', 1_000, 'pg.bloat'],
      ['appeared', 2_000, 'pg.dead-tuples'],
      ['cleared', 3_000, 'pg.bloat']
    ])
    expect(events[2]).toMatchObject({ lastSeen: 2_000, subject: 'public.orders', node: 'db1' })
  })

  it('a finding that comes back after clearing is a new episode with a new first-seen time', () => {
    const store = track(openAt(dir(), { now: 0 }))
    const f = finding('pg.bloat', 't')
    store.observe('c1', 1_000, [report('db1', [f])])
    store.observe('c1', 2_000, [report('db1', [])])
    store.observe('c1', 3_000, [report('db1', [f])])
    expect(store.firstSeen('c1')).toEqual({ [findingIdentity('db1', f)]: 3_000 })
    expect(store.timeline('c1', 0).events.map((e) => e.kind)).toEqual(['appeared', 'cleared', 'appeared'])
  })

  it('does not clear the findings of a node whose report failed (it said nothing), but clears a node gone from the sweep', () => {
    const store = track(openAt(dir(), { now: 0 }))
    const onReplica = finding('pg.replica-lag', 'r')
    const onPrimary = finding('pg.bloat', 'p')
    store.observe('c1', 1_000, [report('primary', [onPrimary]), report('replica', [onReplica])])
    store.observe('c1', 2_000, [report('primary', [onPrimary]), report('replica', [], false)])
    expect(Object.values(store.firstSeen('c1'))).toEqual([1_000, 1_000])
    store.observe('c1', 3_000, [report('primary', [onPrimary])])
    expect(store.firstSeen('c1')).toEqual({ [findingIdentity('primary', onPrimary)]: 1_000 })
  })

  it('keeps connections apart and forgets a removed one entirely', () => {
    const store = track(openAt(dir(), { now: 0 }))
    store.observe('c1', 1_000, [report('db1', [finding('pg.bloat', 't')])])
    store.observe('c2', 1_000, [report('db1', [finding('pg.bloat', 't')])])
    store.appendSample('c1', sample(1_000), null)
    store.forget('c1')
    expect(store.firstSeen('c1')).toEqual({})
    expect(store.samples('c1', 0, 10)).toEqual([])
    expect(Object.keys(store.firstSeen('c2'))).toHaveLength(1)
  })

  it('writes no password: texts pass through redact()', () => {
    const path = dir()
    const store = track(openAt(path, { now: 0 }))
    const leaky = {
      ...finding('pg.x', 'postgres://app:hunter2secret@db1/app'),
      title: 'password=hunter2secret'
    }
    store.observe('c1', 1_000, [report('db1', [leaky])])
    store.appendSample('c1', { at: 2_000, nodes: [] }, 'connect postgres://app:hunter2secret@db1 failed')
    store.close()
    const bytes = ['', '-wal'].map((suffix) => {
      try {
        return readFileSync(join(path, HISTORY_FILE + suffix)).toString('latin1')
      } catch {
        return ''
      }
    })
    expect(bytes.join('')).toContain('pg.x')
    expect(bytes.join('')).not.toContain('hunter2secret')
  })
})

describe('HistoryStore: samples and the timeline', () => {
  it('reads back the most recent samples oldest first, and shows a gap and its end on the timeline', () => {
    const store = track(openAt(dir(), { now: 0 }))
    for (const at of [1_000, 2_000, 3_000]) store.appendSample('c1', sample(at), null)
    store.appendSample('c1', { at: 3_001, nodes: [] }, 'ECONNREFUSED')
    store.appendSample('c1', sample(9_000), null)
    expect(store.samples('c1', 0, 3).map((s) => s.at)).toEqual([3_000, 3_001, 9_000])
    expect(store.samples('c1', 2_500, 100).map((s) => s.nodes.length)).toEqual([1, 0, 1])
    expect(store.timeline('c1', 0).events).toEqual([
      { kind: 'gap', at: 3_001, reason: 'ECONNREFUSED' },
      { kind: 'resumed', at: 9_000 }
    ])
    expect(store.timeline('c1', 5_000).events).toEqual([])
  })

  it('spreads hours of samples over a bounded number of points, evenly, keeping every gap marker', () => {
    const store = track(openAt(dir(), { now: 0 }))
    for (let i = 0; i < 3_000; i++) {
      store.appendSample('c1', sample(i * 5_000), null)
      // Another connection's samples in between must not skew the spacing.
      store.appendSample('c2', sample(i * 5_000), null)
    }
    store.appendSample('c1', { at: 3_000 * 5_000 + 1, nodes: [] }, 'ECONNREFUSED')
    const spread = store.spread('c1', 1_000 * 5_000, 100)
    const real = spread.filter((s) => s.nodes.length > 0)
    // 2,001 rows in the window (one a gap) at most 100 points: every 21st.
    expect(real).toHaveLength(96)
    expect(real[0]?.at).toBe(1_000 * 5_000)
    expect(new Set(real.slice(1).map((s, i) => s.at - (real[i]?.at ?? 0)))).toEqual(new Set([21 * 5_000]))
    expect(spread.at(-1)).toEqual({ at: 3_000 * 5_000 + 1, nodes: [] })
    expect(store.spread('c1', 2_990 * 5_000, 100)).toHaveLength(11)
  })

  it('keeps the timeline to its most recent events and says so', () => {
    const store = track(openAt(dir(), { now: 0 }))
    for (let i = 0; i < 700; i++) {
      store.observe('c1', i * 10, [report('db1', [finding('pg.flap', 't')])])
      store.observe('c1', i * 10 + 5, [report('db1', [])])
    }
    const { events, truncated } = store.timeline('c1', 0)
    expect(truncated).toBe(true)
    expect(events).toHaveLength(1000)
    expect(events.at(-1)).toMatchObject({ kind: 'cleared', at: 6_995 })
  })
})

describe('HistoryStore: retention and the size cap', () => {
  it('deletes samples and cleared episodes older than the retention, and keeps open episodes however old', () => {
    const clock = { now: 100 * HOUR }
    const path = dir()
    const store = track(openAt(path, clock, { retentionMs: 24 * HOUR }))
    store.appendSample('c1', sample(10 * HOUR), null)
    store.appendSample('c1', sample(90 * HOUR), null)
    const open = finding('pg.open', 'a')
    store.observe('c1', 10 * HOUR, [report('db1', [open, finding('pg.gone', 'b')])])
    store.observe('c1', 11 * HOUR, [report('db1', [open])])
    store.prune()
    expect(store.samples('c1', 0, 100).map((s) => s.at)).toEqual([90 * HOUR])
    expect(store.firstSeen('c1')).toEqual({ [findingIdentity('db1', open)]: 10 * HOUR })
    expect(store.timeline('c1', 0).events.map((e) => e.kind)).toEqual(['appeared'])
  })

  it('past the size cap deletes the oldest samples first, keeps the newest, and gives the space back', () => {
    const clock = { now: 0 }
    const path = dir()
    const maxBytes = 512 * 1024
    const store = track(openAt(path, clock, { maxBytes }))
    // ~1 KiB per sample: 3,000 of them are 6 times the cap.
    const big = (at: number): MetricsSample => ({
      at,
      nodes: Array.from({ length: 8 }, (_, i) => ({
        node: `db${i}:5432`,
        values: { a: at, b: at * 2, c: i, d: 1e9 + at }
      }))
    })
    for (let i = 1; i <= 3_000; i++) {
      clock.now = i * 5_000
      store.appendSample('c1', big(i * 5_000), null)
      // Pruning runs at most once a minute from the write path: every 12th sample here.
    }
    store.prune()
    const status = store.status()
    expect(status.available).toBe(true)
    if (!status.available) return
    expect(status.bytes).toBeLessThanOrEqual(maxBytes + 64 * 1024)
    const kept = store.samples('c1', 0, 10_000)
    expect(kept.length).toBeGreaterThan(100)
    expect(kept.length).toBeLessThan(3_000)
    expect(kept.at(-1)?.at).toBe(3_000 * 5_000)
    // Contiguous newest ones: the deletion took the oldest.
    expect(kept.at(0)?.at).toBe((3_000 - kept.length + 1) * 5_000)
    store.close()
    expect(statSync(join(path, HISTORY_FILE)).size).toBeLessThanOrEqual(maxBytes + 64 * 1024)
  })
})

describe('HistoryStore: a file it cannot use', () => {
  const silence = () => vi.spyOn(console, 'error').mockImplementation(() => undefined)

  it('a corrupt file turns history off with a clear reason, answers empty, and is left in place', () => {
    const errors = silence()
    const path = dir()
    const garbage = 'this is not a database\n'.repeat(300)
    writeFileSync(join(path, HISTORY_FILE), garbage)
    const store = track(HistoryStore.open(path))
    const status = store.status()
    expect(status).toEqual({
      available: false,
      reason: expect.stringMatching(/history\.sqlite is not a readable SQLite database .*Move it aside/)
    })
    store.appendSample('c1', sample(1), null)
    store.observe('c1', 1, [report('db1', [finding('pg.x', 't')])])
    expect(store.samples('c1', 0, 10)).toEqual([])
    expect(store.firstSeen('c1')).toEqual({})
    expect(store.timeline('c1', 0)).toMatchObject({ history: status, events: [] })
    expect(readFileSync(join(path, HISTORY_FILE), 'utf8')).toBe(garbage)
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('History is off'))
  })

  it('a directory in its place cannot be opened, and says where', () => {
    silence()
    const path = dir()
    mkdirSync(join(path, HISTORY_FILE))
    const status = track(HistoryStore.open(path)).status()
    expect(status).toMatchObject({
      available: false,
      reason: expect.stringContaining(join(path, HISTORY_FILE))
    })
  })

  it('a file written by a newer schema is not touched', () => {
    silence()
    const path = dir()
    const newer = new Database(join(path, HISTORY_FILE))
    newer.pragma('user_version = 7')
    newer.close()
    const status = track(HistoryStore.open(path)).status()
    expect(status).toMatchObject({
      available: false,
      reason: expect.stringContaining('newer dbconsole (schema 7')
    })
  })

  it('a store that breaks while running turns off instead of throwing', () => {
    silence()
    const path = dir()
    const store = track(HistoryStore.open(path))
    store.appendSample('c1', sample(1_000), null)
    // Another process ruins the schema under it.
    const other = new Database(join(path, HISTORY_FILE))
    other.exec('DROP TABLE samples')
    other.close()
    expect(() => store.appendSample('c1', sample(2_000), null)).not.toThrow()
    expect(store.status()).toMatchObject({
      available: false,
      reason: expect.stringContaining('no such table')
    })
    expect(store.samples('c1', 0, 10)).toEqual([])
  })

  it('is created private to the user', () => {
    const path = dir()
    track(HistoryStore.open(path))
    expect(statSync(join(path, HISTORY_FILE)).mode & 0o777).toBe(0o600)
  })
})

describe('HistoryStore: a restart', () => {
  it('a reopened store has the samples and first-seen times of the one before', () => {
    const path = dir()
    const clock = { now: 10_000 }
    const first = openAt(path, clock)
    const f = finding('pg.bloat', 't')
    first.observe('c1', 1_000, [report('db1', [f])])
    first.appendSample('c1', sample(2_000), null)
    first.close()
    const second = track(openAt(path, clock))
    expect(second.firstSeen('c1')).toEqual({ [findingIdentity('db1', f)]: 1_000 })
    expect(second.samples('c1', 0, 10).map((s) => s.at)).toEqual([2_000])
  })
})
