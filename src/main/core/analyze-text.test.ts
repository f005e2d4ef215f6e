/**
 * `analyze.text` through the core's dispatch: one call answers the report and the tree the plan or
 * explain view draws, parsing the paste once; the kind hint is validated; the CLI's report has no view.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import type { AnalyzedText } from '../../shared/analysis'
import { analyzeText } from '../diagnostics/analyze'
import * as planParser from '../diagnostics/plan/parse-plan'
import { createCore } from './create-core'
import { MemorySecretStore } from './secrets'

const core = createCore({
  dataDir: mkdtempSync(join(tmpdir(), 'dbconsole-analyze-')),
  secrets: new MemorySecretStore(),
  host: 'serve'
})
afterAll(() => core.close())
afterEach(() => vi.restoreAllMocks())

const diagnostics = join(__dirname, '..', 'diagnostics')
const plan = readFileSync(
  join(diagnostics, 'plan', 'fixtures', 'explain-json--hash-join-batches--pg15.json'),
  'utf8'
)
const explain = readFileSync(
  join(diagnostics, 'mongo', 'fixtures', 'explain--collscan-executionstats--mongo7.0.json'),
  'utf8'
)

const analyze = async (input: Record<string, unknown>): Promise<AnalyzedText> => {
  const result = await core.dispatch('analyze.text', input)
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as AnalyzedText
}

describe('analyze.text', () => {
  it('answers a pasted plan with its report and the plan tree, parsing it once', async () => {
    const parses = vi.spyOn(planParser, 'parsePlan')
    const answer = await analyze({ text: plan, name: 'pasted' })
    expect(parses).toHaveBeenCalledTimes(1)
    const { view, ...report } = answer
    expect(report).toEqual(analyzeText(plan, { input: 'pasted' }))
    if (view?.kind !== 'pg.plan') throw new Error(`expected a plan view, got ${view?.kind}`)
    expect(view.plan.summary).toEqual(report.summary)
    expect(view.plan.nodes.length).toBe(report.summary.nodeCount)
    // The tree travels once, in document.root: nodes do not repeat their subtrees.
    expect(view.plan.nodes.every((n) => n.node.children.length === 0)).toBe(true)
    expect(view.plan.document.root.children.length).toBeGreaterThan(0)
  })

  it('answers a Mongo explain with its stage tree, and the hint parses it as that kind', async () => {
    const detected = await analyze({ text: explain })
    const hinted = await analyze({ text: explain, kind: 'mongo.explain' })
    expect(hinted).toEqual(detected)
    if (hinted.view?.kind !== 'mongo.explain') throw new Error('expected an explain view')
    expect(hinted.view.tree.winning.stages.map((s) => s.stage)).toEqual(['SORT', 'COLLSCAN'])
  })

  it('with a hint, text of another kind fails as that kind would, without a view', async () => {
    const answer = await analyze({ text: explain, kind: 'pg.plan' })
    expect(answer.ok).toBe(false)
    expect(answer.kind).toBe('pg.plan')
    expect(answer.error?.code).toMatch(/^(MALFORMED|UNRECOGNIZED)$/)
    expect(answer.view).toBeUndefined()
  })

  it('a kind other than the known ones is refused, naming the field and the choices', async () => {
    const result = await core.dispatch('analyze.text', { text: plan, kind: 'pg.flame' })
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    if (result.ok) return
    expect(result.error.message).toContain('kind: must be one of pg.plan, pg.log, redis.info')
  })

  it('reports of other kinds carry no view, and neither does the CLI report', async () => {
    const info = readFileSync(
      join(diagnostics, 'redis', 'fixtures', 'info-everything--standalone--redis7.0.txt'),
      'utf8'
    )
    expect((await analyze({ text: info })).view).toBeUndefined()
    expect(analyzeText(plan, { input: 'plan.json' })).not.toHaveProperty('view')
  })

  it('the retired methods are gone', async () => {
    for (const method of ['plan.analyze', 'mongo.explainAnalyze'])
      expect(await core.dispatch(method, { text: plan })).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_METHOD' }
      })
  })
})
