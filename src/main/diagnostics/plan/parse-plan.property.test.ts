// Tests read fixture files; the code under test stays pure.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyzeText } from '../analyze'
import type { ParseResult } from '../parse-result'
import { analyzePlan } from './analyze-plan'

const dir = join(import.meta.dirname, 'fixtures')
const files = readdirSync(dir)
  .filter((f) => f.startsWith('explain-'))
  .sort()
const texts = files.map((f) => readFileSync(join(dir, f), 'utf8'))
const jsonTexts = files.filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(dir, f), 'utf8'))
const CODES = ['UNRECOGNIZED', 'MALFORMED', 'TRUNCATED', 'SERVER_ERROR', 'TOO_LARGE']
const SEED = 20240607

/** Whatever the input: a ParseResult, never an exception; a failure names a code, a message, a sane line. */
const wellFormed = (input: string, r: ParseResult<unknown>): boolean => {
  if (r.ok) return typeof r.value === 'object' && r.value !== null
  const lines = input.split(/\r\n|\r|\n/).length
  return (
    CODES.includes(r.code) &&
    r.message.length > 0 &&
    (r.line === null || (Number.isInteger(r.line) && r.line >= 1 && r.line <= lines))
  )
}

describe('pg.plan parser never throws (fast-check, fixed seed)', () => {
  it('cut at any point: a ParseResult; JSON cut before its last bracket is TRUNCATED', () => {
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, at) => {
        const text = texts[i] ?? ''
        const cut = text.slice(0, Math.floor(at * text.length))
        const r = analyzePlan(cut)
        return wellFormed(cut, r)
      }),
      { seed: SEED, numRuns: 4000 }
    )
    fc.assert(
      fc.property(
        fc.nat({ max: jsonTexts.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (i, at) => {
          const text = jsonTexts[i] ?? ''
          const end = text.lastIndexOf(']') > 0 ? text.lastIndexOf(']') : text.lastIndexOf('}')
          const cut = text.slice(0, Math.min(end, Math.floor(at * text.length)))
          const r = analyzePlan(cut)
          return !r.ok && (r.code === 'TRUNCATED' || (cut.trim() === '' && r.code === 'UNRECOGNIZED'))
        }
      ),
      { seed: SEED, numRuns: 2000 }
    )
  }, 60_000)

  it('random bytes replaced or inserted into real plans', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: texts.length - 1 }),
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.string({ minLength: 0, maxLength: 8 }),
            fc.boolean()
          ),
          { minLength: 1, maxLength: 6 }
        ),
        (i, edits) => {
          let text = texts[i] ?? ''
          for (const [at, junk, replace] of edits) {
            const p = Math.floor(at * text.length)
            text = text.slice(0, p) + junk + text.slice(replace ? p + junk.length : p)
          }
          const r = analyzePlan(text)
          const report = analyzeText(text, { input: 'x' })
          return wellFormed(text, r) && typeof report.ok === 'boolean'
        }
      ),
      { seed: SEED, numRuns: 3000 }
    )
  }, 60_000)

  it('junk: arbitrary strings, bytes, and shuffled plan lines', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (s) => wellFormed(s, analyzePlan(s))),
      { seed: SEED, numRuns: 2000 }
    )
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const s = String.fromCharCode(...bytes)
        return wellFormed(s, analyzePlan(s))
      }),
      { seed: SEED, numRuns: 1000 }
    )
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(fc.nat(), { maxLength: 40 }), (i, order) => {
        const lines = (texts[i] ?? '').split('\n')
        const s = order.map((o) => lines[o % lines.length] ?? '').join('\n')
        return wellFormed(s, analyzePlan(s))
      }),
      { seed: SEED, numRuns: 1000 }
    )
  }, 60_000)

  it('50 MB of junk returns quickly with a clear error', () => {
    const line = 'lorem ipsum (cost dolor) -> sit amet: 42 "x" [ { \n'
    const junk = line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))
    let start = performance.now()
    const r = analyzePlan(junk)
    expect(performance.now() - start).toBeLessThan(500)
    expect(r.ok ? '' : r.code).toBe('UNRECOGNIZED')
    // Junk behind a plausible plan head: the full parser runs over 50 MB and still fails cleanly.
    const disguised = `Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n${junk}`
    start = performance.now()
    const d = analyzePlan(disguised)
    // Measured ~6 s on the 2-vCPU build machine: the copy-shape pass runs over all 1.1M lines first.
    expect(performance.now() - start).toBeLessThan(15_000)
    expect(d.ok ? '' : d.code).toBe('MALFORMED')
    expect(d.ok ? null : d.line).toBe(2)
  }, 60_000)
})
