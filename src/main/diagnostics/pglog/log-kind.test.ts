import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadShapeParser } from './statement-shape'
import { analyzeLogText, pgLogKind } from './log-kind'
import { compilePrefix, detectPrefix } from './prefix'

const dir = join(import.meta.dirname, 'fixtures')
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8')
const STDERR = fixture('pg-log--workload--pg15.log')
const FORMATS = {
  stderr: STDERR,
  csvlog: fixture('pg-log--workload--pg15.csv'),
  jsonlog: fixture('pg-log--workload--pg15.json')
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the summary is untyped report JSON, read as such
type Summary = Record<string, any>
const summaryOf = (text: string, prefix?: string): Summary => {
  const r = analyzeLogText(text, prefix === undefined ? {} : { prefix })
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`)
  return r.value.summary as Summary
}
const findingsOf = (text: string) => {
  const r = analyzeLogText(text)
  if (!r.ok) throw new Error(r.message)
  return r.value.findings
}

/** Counts taken from the raw stderr text with plain regexes, independently of the reader. */
const count = (re: RegExp) => STDERR.split('\n').filter((l) => re.test(l)).length
const expected = {
  statements: count(/ LOG: {2}duration: [\d.]+ ms {2}(?:statement|execute [^:]*):/),
  plans: count(/ LOG: {2}duration: [\d.]+ ms {2}plan:$/),
  tempFiles: count(/ LOG: {2}temporary file: /),
  tempBytes: STDERR.split('\n')
    .map((l) => / LOG: {2}temporary file: .*, size (\d+)$/.exec(l)?.[1])
    .reduce((s, v) => s + Number(v ?? 0), 0),
  errors: count(/ ERROR: {2}/),
  connections: count(/ LOG: {2}connection received: /),
  lockWaits: count(/ LOG: {2}process \d+ still waiting for /)
}

beforeAll(() => loadShapeParser())

describe('pg.log: the three formats PostgreSQL 15 wrote for one workload', () => {
  it.each(Object.entries(FORMATS))('%s: every event counted as in the raw log', (format, text) => {
    const s = summaryOf(text)
    expect(s.format).toBe(format)
    expect(s.unreadableLines).toBe(0)
    expect(s.truncatedAtLine).toBeNull()
    expect(s.statements).toBe(expected.statements)
    expect(s.plans).toBe(expected.plans)
    expect(s.tempFiles).toMatchObject({ count: expected.tempFiles, bytes: expected.tempBytes })
    expect(s.errors.total).toBe(expected.errors)
    expect(s.connections.received).toBe(expected.connections)
    expect(s.lockWaits).toBe(expected.lockWaits)
    expect(s.checkpoints.byReason).toMatchObject({ time: 1, shutdown: 1, immediate: 1 })
    expect(s.autovacuum.find((t: Summary) => t.table === 'shop.public.orders')).toMatchObject({ vacuums: 2 })
  })

  it('agrees across formats on entries and shapes', () => {
    const [a, b, c] = Object.values(FORMATS).map((t) => summaryOf(t))
    expect(b?.entries).toBe(a?.entries)
    expect(c?.entries).toBe(a?.entries)
    expect(b?.shapesByTotal.map((s: Summary) => [s.id, s.count])).toEqual(
      a?.shapesByTotal.map((s: Summary) => [s.id, s.count])
    )
  })

  it('folds literals and IN-lists of any length into one shape, with the worst example kept', () => {
    const s = summaryOf(STDERR)
    const inList = s.shapesByTotal.find((x: Summary) => x.query.includes('customer in (...)'))
    expect(inList).toMatchObject({ count: 2 })
    expect(inList.worst.text).toMatch(/customer in \(1, 2, 3\)|customer in \(4, 5, 6, 7, 8, 9\)/)
    const eq = s.shapesByTotal.find((x: Summary) =>
      x.query.startsWith('select count(*) from orders where customer = $1')
    )
    expect(eq.count).toBe(2)
    expect(eq.maxMs).toBeGreaterThanOrEqual(eq.p50Ms)
  })

  it('keeps the bind parameters of the worst execute', () => {
    const s = summaryOf(STDERR)
    const update = s.shapesByTotal.find((x: Summary) => x.query.startsWith('UPDATE pgbench_accounts'))
    expect(update.worst.parameters).toMatch(/^\$1 = '-?\d+', \$2 = '\d+'$/)
    expect(STDERR.split('\n')[update.worst.line - 1]).toContain(
      `duration: ${update.worst.durationMs.toFixed(3)} ms`
    )
  })

  it('links each auto_explain plan to its statement and runs the plan analyzer on it', () => {
    const s = summaryOf(STDERR)
    const sort = s.shapesByTotal.find((x: Summary) =>
      x.query.startsWith('select * from orders order by note')
    )
    expect(STDERR.split('\n')[sort.planLine - 1]).toMatch(/duration: [\d.]+ ms {2}plan:$/)
    const plan = s.analyzedPlans.find((p: Summary) => p.line === sort.planLine)
    expect(plan.findings).toContain('pg.plan.sort-spill')
    const json = s.analyzedPlans.find((p: Summary) => p.summary?.format === 'json')
    expect(json.summary.rootNodeType).toBe('Limit')
    expect(findingsOf(STDERR).find((f) => f.rule === 'pg.plan.sort-spill')?.target).toContain(
      `plan at line ${sort.planLine}`
    )
  })

  it('gives both sides of the lock wait and of the deadlock', () => {
    const s = summaryOf(STDERR)
    const wait = s.lockWaitList.find(
      (w: Summary) => w.waiterStatement === "update orders set status = 'late' where id = 1"
    )
    expect(wait).toMatchObject({
      acquired: true,
      holderStatements: ["update orders set status = 'held' where id = 1"]
    })
    expect(wait.waitedMs).toBeGreaterThan(100)
    expect(s.deadlockList[0].processes.map((p: Summary) => p.statement).sort()).toEqual([
      "update orders set note = 'a' where id = 20",
      "update orders set note = 'b' where id = 10"
    ])
    expect(findingsOf(STDERR).some((f) => f.rule === 'pg.deadlocks' && f.severity === 'warning')).toBe(true)
  })

  it('groups errors by SQLSTATE where the format has it', () => {
    expect(summaryOf(FORMATS.csvlog).errors.bySqlState).toEqual({
      '22012': 1,
      '42P01': 1,
      '42601': 1,
      '40P01': 1
    })
  })
})

describe('pg.log: cut and bad input', () => {
  it('reads a stderr log cut mid-plan up to the cut, with a finding that says so', () => {
    const cut = fixture('pg-log--cut-mid-plan--pg15.log')
    const s = summaryOf(cut)
    expect(s.truncatedAtLine).toBe(cut.split('\n').length)
    expect(findingsOf(cut).find((f) => f.rule === 'pg.log.truncated')?.severity).toBe('warning')
  })

  it.each([
    ['csvlog', FORMATS.csvlog],
    ['jsonlog', FORMATS.jsonlog]
  ])('%s cut in the middle of the deadlock entry: earlier entries read, the cut reported', (_f, text) => {
    const cut = text.slice(0, text.indexOf('deadlock detected') + 40)
    const s = summaryOf(cut)
    expect(s.truncatedAtLine).not.toBeNull()
    expect(s.unreadableLines).toBe(0)
    expect(s.lockWaits).toBe(1)
    expect(s.deadlocks).toBe(0)
  })

  it('counts and shows a foreign line without failing', () => {
    const lines = STDERR.split('\n')
    lines.splice(100, 0, 'some text another program wrote')
    const r = analyzeLogText(lines.join('\n'))
    expect(r.ok && r.value.summary.unreadableLines).toBe(1)
    const f = r.ok ? r.value.findings.find((x) => x.rule === 'pg.log.unreadable-lines') : undefined
    expect(f?.detail).toContain('line 101: some text another program wrote')
  })

  it('refuses a file that is mostly not log lines, naming the first bad line', () => {
    const lines = STDERR.split('\n')
    const mixed = lines.flatMap((l, i) => (i >= 300 && i % 4 === 0 ? [l, 'garbage'] : [l])).join('\n')
    const r = analyzeLogText(mixed)
    expect(r).toMatchObject({ ok: false, code: 'MALFORMED' })
    expect(!r.ok && r.line).toBe(mixed.split('\n').indexOf('garbage') + 1)
  })

  it('is not detected on other output', () => {
    expect(pgLogKind.detect('Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)')).toBe(0)
    expect(pgLogKind.detect(STDERR)).toBe(2)
    expect(analyzeLogText('hello\nworld\n')).toMatchObject({ ok: false, code: 'UNRECOGNIZED' })
  })
})

describe('log_line_prefix', () => {
  it('detects the fixture prefix from its lines', () => {
    expect(detectPrefix(STDERR.split('\n').slice(0, 50))?.prefix).toBe('%m [%p] %q%u@%d ')
  })

  it('reads the same log with the prefix given as an option', () => {
    expect(summaryOf(STDERR, '%m [%p] %q%u@%d ').entries).toBe(summaryOf(STDERR).entries)
  })

  it('compiles padding, %q and the pgBadger prefix', () => {
    const m = compilePrefix('%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ').match(
      '2026-12-03 07:12:03 UTC [42]: [3-1] user=bob,db=shop,app=psql,client=10.0.0.1 ERROR:  boom'
    )
    expect(m).toMatchObject({
      pid: 42,
      user: 'bob',
      database: 'shop',
      application: 'psql',
      label: 'ERROR',
      text: 'boom'
    })
    expect(
      compilePrefix('%m [%-6p] %q%u@%d ').match('2026-12-03 07:12:03.188 UTC [7     ] LOG:  x')
    ).toMatchObject({ pid: 7, user: null })
    expect(() => compilePrefix('%z ')).toThrow('unknown escape %z')
  })
})
