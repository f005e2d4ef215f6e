import { describe, expect, it } from 'vitest'
import type { AnalysisReport } from '../shared/findings'
import { runAnalyze } from './cli'
import { formatReportText } from './format-report'

const EVIL = '\x1b]0;pwned\x07'

const report = (over: Partial<AnalysisReport> = {}): AnalysisReport => ({
  input: `plan-${EVIL}.json`,
  ok: true,
  engine: 'postgres',
  kind: 'pg.plan',
  summary: { table: EVIL, nested: { name: `\u009b2J${EVIL}` } },
  findings: [
    {
      rule: 'pg.plan.seq-scan',
      severity: 'warning',
      title: `Sequential scan of ${EVIL}`,
      detail: `Rows of ${EVIL}\x1b[2J\rfaked line\nsecond line \u202Eevil`,
      target: EVIL,
      evidence: {}
    }
  ],
  error: null,
  ...over
})

/** Any ESC, BEL, CR, C1 control or bidi override left raw in the output. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

describe('formatReportText with a table named ESC ] 0;pwned BEL', () => {
  it('prints every control character from the data as a visible token', () => {
    const text = formatReportText(report())
    expect(text).not.toMatch(RAW_CONTROL)
    expect(text).toContain('== plan-[U+001B]]0;pwned[U+0007].json: pg.plan (postgres)')
    expect(text).toContain('   table: [U+001B]]0;pwned[U+0007]')
    expect(text).toContain('[U+009B]2J')
    expect(text).toContain(
      'WARNING  pg.plan.seq-scan [[U+001B]]0;pwned[U+0007]]: Sequential scan of [U+001B]]0;pwned[U+0007]'
    )
    expect(text).toContain('Rows of [U+001B]]0;pwned[U+0007][U+001B][2J[U+000D]faked line')
  })

  it('keeps the lines of a detail as indented lines, so none can pose as a finding', () => {
    const lines = formatReportText(report()).split('\n')
    expect(lines.at(-1)).toBe('            second line [U+202E]evil')
  })

  it('escapes a server error message too', () => {
    const text = formatReportText(
      report({ ok: false, error: { code: 'SERVER_ERROR', line: null, message: `ERR ${EVIL}` } })
    )
    expect(text).toBe(
      '== plan-[U+001B]]0;pwned[U+0007].json: pg.plan (postgres)\n   error SERVER_ERROR: ERR [U+001B]]0;pwned[U+0007]'
    )
  })
})

describe('--format json', () => {
  it('stays exact: the server text comes back byte for byte once parsed', async () => {
    const lines: string[] = []
    await runAnalyze(
      ['--format', 'json', '-'],
      (t) => lines.push(t),
      () => [Buffer.from(`(error) ERR ${EVIL}\n`)]
    )
    const parsed = JSON.parse(lines[0] ?? '') as AnalysisReport
    expect(parsed.error?.message).toContain(EVIL)
    expect(lines[0]).not.toContain('[U+')
  })
})
