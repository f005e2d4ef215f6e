/**
 * The explain summary says what a sharded time measures, as main decided it (issue 17): mongos's elapsed
 * time for a find through mongos, the slowest shard's for a sharded aggregate, a plain time unsharded.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { analyzeTextWithView } from '../main/diagnostics/analyze'
import { ExplainSummaryBar } from '../renderer/src/features/mongo-explain/ExplainSummaryBar'

const FIXTURES = join(import.meta.dirname, '../main/diagnostics/mongo/fixtures')

const barOf = (name: string): string => {
  const r = analyzeTextWithView(readFileSync(join(FIXTURES, name), 'utf8'), { input: name })
  if (!r.ok || r.view?.kind !== 'mongo.explain') throw new Error(r.error?.message ?? 'no explain tree')
  return renderToStaticMarkup(<ExplainSummaryBar explain={r.view.tree} summary={r.summary} />)
}

describe('the explain summary names the basis of a sharded time', () => {
  it.each([
    ['explain--sharded-geonear-executionstats--mongo6.0.json', 'Execution (slowest shard)'],
    ['explain--sharded-scatter--mongo5.0.json', 'Execution (mongos elapsed)']
  ])('%s: %s', (name, label) => {
    expect(barOf(name)).toContain(label)
  })

  it('an unsharded time is plain Execution', () => {
    const html = barOf('explain--collscan-executionstats--mongo7.0.json')
    expect(html).toContain('Execution')
    expect(html).not.toMatch(/Execution \(/)
  })
})
