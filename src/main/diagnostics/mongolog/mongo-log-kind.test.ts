import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeText } from '../analyze'
import { MAX_SHAPES, MongoLogAnalyzer } from './mongo-log-analyzer'
import { analyzeMongoLogText } from './mongo-log-kind'

const LOG = readFileSync(join(import.meta.dirname, 'fixtures/mongo-log--slow-ops--mongo4.4.json'), 'utf8')

/** The fixture's slow operations of one queryHash, read here the plain way to check the analyzer. */
const durationsOf = (hash: string): number[] =>
  LOG.trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: number; attr?: { queryHash?: string; durationMillis: number } })
    .filter((d) => d.id === 51803 && d.attr?.queryHash === hash)
    .map((d) => d.attr?.durationMillis ?? 0)

type Shape = { shape: string; count: number; totalMs: number; meanMs: number; maxMs: number; p95Ms: number }

const report = () => {
  const r = analyzeMongoLogText(LOG)
  if (!r.ok) throw new Error(r.message)
  return r.value
}

describe('mongo.log: MongoDB 4.4+ structured logs', () => {
  it('groups slow operations by ns + queryHash with count, total, mean, max, p95 and the worst run', () => {
    const { summary } = report()
    const shapes = summary.shapesByTotal as Shape[]
    const scan = shapes.find((s) => s.shape === 'shop.orders 7F3E2A1B')
    const ms = durationsOf('7F3E2A1B')
    const exactP95 = [...ms].sort((a, b) => a - b)[Math.ceil(0.95 * ms.length) - 1] ?? 0
    expect(scan).toMatchObject({
      count: ms.length,
      totalMs: ms.reduce((a, b) => a + b, 0),
      maxMs: Math.max(...ms),
      collscan: true,
      planSummary: 'COLLSCAN'
    })
    expect(Math.abs((scan?.p95Ms ?? 0) - exactP95) / exactP95).toBeLessThan(0.01)
    const worst = (scan as unknown as { worst: { durationMillis: number; command: string; line: number } })
      .worst
    expect(worst.durationMillis).toBe(Math.max(...ms))
    expect(LOG.split('\n')[worst.line - 1]).toContain(`"durationMillis":${Math.max(...ms)}`)
    expect(worst.command).toContain('"filter":{"status":"pending"')
    expect(worst.command).not.toContain('lsid')
    // Slowest total first; writes without a queryHash fall back to op + ns + plan + filter keys.
    expect(shapes.map((s) => s.totalMs)).toEqual([...shapes.map((s) => s.totalMs)].sort((a, b) => b - a))
    expect(shapes.map((s) => s.shape)).toContain('update shop.orders COLLSCAN {sku}')
    expect(summary.slowOperations).toBe(shapes.reduce((n, s) => n + s.count, 0))
  })

  it('judges the shapes with the profile rules: COLLSCAN, examined per returned, slow shapes', () => {
    const { findings } = report()
    const scans = findings.filter((f) => f.rule === 'mongo.collscan')
    expect(scans.map((f) => [f.severity, f.subject?.name])).toEqual([
      ['critical', 'shop.orders 7F3E2A1B'],
      ['critical', 'update shop.orders COLLSCAN {sku}']
    ])
    const ratio = findings.find((f) => f.rule === 'mongo.docs-examined-ratio')
    // The update examines the most per document matched (250,000 for 1; the find returns 3-6).
    expect(ratio?.subject?.name).toBe('update shop.orders COLLSCAN {sku}')
    expect(ratio?.severity).toBe('critical')
    expect(findings.filter((f) => f.rule === 'mongo.slow-query').map((f) => f.severity)).toContain('warning')
  })

  it('counts errors and fatals by id and message, fatals first and critical', () => {
    const { summary, findings } = report()
    const errors = findings.filter((f) => f.rule === 'mongo.log.errors')
    expect(errors.map((f) => [f.severity, f.evidence.id, f.evidence.count])).toEqual([
      ['critical', 23091, 1],
      ['critical', 23092, 1],
      ['warning', 22435, 3]
    ])
    expect(summary.errorLines).toBe(5)
  })

  it('reads a cut last line as the truncation, and reports the rest', () => {
    const cut = LOG.slice(0, LOG.lastIndexOf('"msgid"'))
    const r = analyzeMongoLogText(cut)
    expect(r.ok && r.value.summary.truncatedAtLine).toBe(cut.split('\n').length)
    expect(r.ok && r.value.findings.map((f) => f.rule)).toContain('mongo.log.truncated')
    expect(r.ok && r.value.summary.unreadableLines).toBe(0)
  })

  it('counts a foreign line, and refuses input that is mostly not log lines, saying where', () => {
    const lines = LOG.split('\n')
    lines.splice(10, 0, 'not a log line')
    const one = analyzeMongoLogText(lines.join('\n'))
    expect(one.ok && one.value.findings.find((f) => f.rule === 'mongo.log.unreadable-lines')?.target).toBe(
      'line 11'
    )
    const bad = analyzeMongoLogText(`${lines[0]}\n${'garbage\n'.repeat(5)}`)
    expect(bad).toMatchObject({ ok: false, code: 'MALFORMED', line: 2 })
  })

  it('keeps at most MAX_SHAPES shapes, counting the slow operations of later ones', () => {
    const a = new MongoLogAnalyzer()
    const n = MAX_SHAPES + 50
    for (let i = 0; i < n; i++)
      a.pushLine(
        JSON.stringify({
          t: { $date: '2026-03-12T09:14:10.259+00:00' },
          s: 'I',
          c: 'COMMAND',
          id: 51803,
          ctx: 'conn1',
          msg: 'Slow query',
          attr: { type: 'command', ns: 'db.c', command: { find: 'c' }, queryHash: `H${i}`, durationMillis: 5 }
        })
      )
    const r = a.finish()
    expect(a.shapes.size).toBe(MAX_SHAPES)
    expect(r.ok && r.value.summary).toMatchObject({ slowOperations: n, unrankedSlowOperations: 50 })
  })

  it('is detected in the paste box as mongo.log', async () => {
    const r = await analyzeText(LOG.split('\n').slice(0, 20).join('\n'), { input: 'paste' })
    expect([r.kind, r.engine, r.ok]).toEqual(['mongo.log', 'mongo', true])
  })
})
