// Tests may read fixture files; the code under test stays pure.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeText, analyzeTextWithView } from '../analyze'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')
/** The explain view's answer: the report, with its tree. */
const analyzeExplainText = (text: string) => analyzeTextWithView(text, { input: '-', kind: 'mongo.explain' })
const ok = (name: string) => {
  const r = analyzeExplainText(fixture(name))
  if (!r.ok || r.view?.kind !== 'mongo.explain') throw new Error(r.error?.message ?? 'no explain tree')
  return { ...r, explain: r.view.tree }
}

describe('the mongo.explain view', () => {
  it('flattens the executed COLLSCAN tree with its numbers and raw fields', () => {
    const r = ok('explain--collscan-executionstats--mongo7.0.json')
    expect(r.explain.source).toBe('executionStats')
    const [sort, scan] = r.explain.winning.stages
    expect(sort).toMatchObject({ id: 0, parentId: null, childIds: [1], stage: 'SORT', usedDisk: false })
    expect(scan).toMatchObject({ id: 1, parentId: 0, depth: 1, stage: 'COLLSCAN', docsExamined: 1200000 })
    expect(scan?.filter).toBe('{"$and":[{"status":{"$eq":"pending"}},{"total":{"$gt":100}}]}')
    expect(scan?.fields).toContainEqual(['direction', 'forward'])
    expect(sort?.fields.some(([k]) => k === 'inputStage')).toBe(false)
  })

  it('gives the same summary and findings as the detected mongo.explain report', () => {
    for (const name of [
      'explain--collscan-executionstats--mongo7.0.json',
      'explain--ixscan-fetch-filter--mongo4.4.txt',
      'explain--sharded-scatter--mongo5.0.json'
    ]) {
      const report = analyzeText(fixture(name), { input: name })
      const r = ok(name)
      expect(r.summary).toEqual(report.summary)
      expect(r.findings).toEqual(report.findings)
    }
  })

  it('keeps shell-text values as text and lists rejected plans', () => {
    const r = ok('explain--ixscan-fetch-filter--mongo4.4.txt')
    const ix = r.explain.winning.stages.find((s) => s.stage === 'IXSCAN')
    expect(ix).toMatchObject({ indexName: 'userId_1', keyPattern: '{"userId":1}', keysExamined: 48210 })
    expect(r.explain.rejected).toHaveLength(1)
    expect(r.explain.rejected[0]?.stages.map((s) => s.stage)).toEqual(['FETCH', 'IXSCAN'])
  })

  it('marks the shard of each stage in a sharded explain', () => {
    const r = ok('explain--sharded-scatter--mongo5.0.json')
    const stages = r.explain.winning.stages
    expect(stages.map((s) => `${s.shard ?? '-'}:${s.stage}`)).toEqual([
      '-:SHARD_MERGE',
      'shardA:SHARDING_FILTER',
      'shardA:COLLSCAN',
      'shardB:SHARDING_FILTER',
      'shardB:COLLSCAN'
    ])
    expect(stages[0]?.fields.find(([k]) => k === 'shards')?.[1]).not.toContain('executionStages')
    expect(JSON.parse(JSON.stringify(r))).toEqual(r)
  })

  it('reports what went wrong for text that is not an explain', () => {
    const r = analyzeExplainText('{ "ok": 0, "errmsg": "ns not found" }')
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'SERVER_ERROR', message: 'ns not found', line: null }
    })
    expect(r.view).toBeUndefined()
    expect(analyzeExplainText('{ "queryPlanner": {').ok).toBe(false)
  })
})
