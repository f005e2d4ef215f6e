/**
 * R1 for the paste/`dbconsole analyze` surface: every AnalysisKind registered in diagnostics/kinds.ts
 * (picked up as kinds are added) is fuzzed with generated texts (fixed seeds): 10,000 through analyzeText
 * over all kinds, plus 1,500 per kind directly (x RELIABILITY_FUZZ_SCALE): random text, output-shaped
 * lines, and mutations of the real fixtures in the repo. `detect` returns 0/1/2, `analyze` returns a
 * ParseResult, `analyzeText` returns a report; nothing throws and nothing hangs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyzeText } from '../../diagnostics/analyze'
import { ANALYSIS_KINDS } from '../../diagnostics/kinds'

const SCALE = Number(process.env.RELIABILITY_FUZZ_SCALE ?? '1') || 1
/** The paste surface as a whole (analyzeText over every kind). */
const RUNS = 10_000 * SCALE
/** Each kind directly, on top: CI's time budget is tight, nightly runs raise RELIABILITY_FUZZ_SCALE. */
const RUNS_PER_KIND = 1_500 * SCALE
const DIAGNOSTICS = resolve(dirname(fileURLToPath(import.meta.url)), '../../diagnostics')

/** Every fixture file under diagnostics/**\/fixtures, capped so mutation stays cheap. */
const fixtures = (): string[] => {
  const out: string[] = []
  const walk = (dir: string, inFixtures: boolean): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path, inFixtures || name === 'fixtures')
      else if (inFixtures && statSync(path).size < 64 * 1024) out.push(readFileSync(path, 'utf8'))
    }
  }
  walk(DIAGNOSTICS, false)
  return out.sort()
}

const CORPUS = fixtures()
const TOKENS = [
  '# Server',
  '# Memory',
  '# Replication',
  'role:master',
  'role:slave',
  'redis_version:7.0.15',
  'used_memory:',
  'mem_fragmentation_ratio:',
  'connected_slaves:1',
  'slave0:ip=127.0.0.1,port=6380,state=online,offset=1,lag=0',
  'cluster_state:ok',
  'cluster_slots_assigned:16384',
  '127.0.0.1:7000>',
  '1) (integer) 5',
  '2) "GET"',
  '(nil)',
  'QUERY PLAN',
  '----------',
  'Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual time=0.1..0.2 rows=1 loops=1)',
  '  ->  Index Scan using i on t',
  'Planning Time: 0.1 ms',
  'Execution Time: 1.0 ms',
  '(1 row)',
  '[{"Plan": {',
  '"Node Type": "Seq Scan"',
  '"Plans": [',
  '}',
  ']',
  '{',
  '"queryPlanner":',
  '"winningPlan":',
  '"executionStats":',
  'n_dead_tup',
  'relname',
  '|',
  '+',
  ':',
  '=',
  '-1',
  'NaN',
  '1e309',
  '18446744073709551616',
  '\u0000',
  '\r',
  '\t',
  '\u202e',
  'ERR unknown command',
  'ERROR:  relation "x" does not exist'
]

const text = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
  {
    weight: 4,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 }), fc.integer().map(String)), {
        maxLength: 40
      })
      .chain((parts) => fc.constantFrom('\n', ' ', '\r\n', '').map((sep) => parts.join(sep)))
  },
  ...(CORPUS.length === 0
    ? []
    : [
        {
          weight: 4,
          arbitrary: fc
            .record({
              doc: fc.constantFrom(...CORPUS),
              cut: fc.nat(),
              at: fc.nat(),
              insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 8 })),
              drop: fc.nat({ max: 40 })
            })
            // Truncate, splice in a token, or delete a run of characters: near-valid output.
            .map(({ doc, cut, at, insert, drop }) => {
              const i = at % (doc.length + 1)
              const mutated = `${doc.slice(0, i)}${insert}${doc.slice(i + drop)}`
              return cut % 3 === 0 ? mutated.slice(0, cut % (mutated.length + 1)) : mutated
            })
        }
      ])
)

describe('fuzz: analyze every registered kind', () => {
  it('the registry is readable (kinds are added by other issues; the test picks them up)', () => {
    expect(Array.isArray(ANALYSIS_KINDS)).toBe(true)
    expect(new Set(ANALYSIS_KINDS.map((k) => k.kind)).size).toBe(ANALYSIS_KINDS.length)
  })

  it(`analyzeText over all kinds: ${RUNS} generated texts, always a report`, () => {
    let slowestMs = 0
    fc.assert(
      fc.property(text, (t) => {
        const started = performance.now()
        const report = analyzeText(t, { input: 'fuzz', engine: 'auto' })
        slowestMs = Math.max(slowestMs, performance.now() - started)
        return typeof report.ok === 'boolean' && (report.ok ? report.error === null : report.error !== null)
      }),
      { seed: 0xa7a1, numRuns: RUNS }
    )
    expect(slowestMs).toBeLessThan(1_000)
  }, 120_000)

  for (const kind of ANALYSIS_KINDS) {
    it(`${kind.kind}: detect and analyze never throw over ${RUNS_PER_KIND} generated texts`, () => {
      let slowestMs = 0
      fc.assert(
        fc.property(text, (t) => {
          const started = performance.now()
          const confidence = kind.detect(t)
          if (![0, 1, 2].includes(confidence)) return false
          const result = kind.analyze(t)
          slowestMs = Math.max(slowestMs, performance.now() - started)
          if (result.ok)
            return Array.isArray(result.value.findings) && typeof result.value.summary === 'object'
          return typeof result.message === 'string' && result.message.length > 0
        }),
        { seed: 0xa7a2 + ANALYSIS_KINDS.indexOf(kind), numRuns: RUNS_PER_KIND }
      )
      expect(slowestMs).toBeLessThan(1_000)
    }, 120_000)
  }
})
