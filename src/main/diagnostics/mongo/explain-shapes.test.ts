// Shapes of real explain and profiler output that were refused or misread (issue 17), on the hand-made
// fixtures (no mongod here; see fixtures/README.md). Tests may read fixture files.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeText, analyzeTextWithView } from '../analyze'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')
const analyze = (text: string) => analyzeText(text, { input: '-', kind: 'mongo.explain' })
const treeOf = (name: string) => {
  const r = analyzeTextWithView(fixture(name), { input: name })
  if (!r.ok || r.view?.kind !== 'mongo.explain') throw new Error(r.error?.message ?? 'no explain tree')
  return r.view.tree
}

describe('aggregates starting with $geoNear ($geoNearCursor)', () => {
  it('reads the query layer under $geoNearCursor like $cursor', () => {
    const r = analyzeText(fixture('explain--aggregate-geonear-executionstats--mongo4.4.json'), { input: '-' })
    expect([r.ok, r.kind]).toEqual([true, 'mongo.explain'])
    expect(r.summary).toMatchObject({
      command: 'aggregate',
      namespace: 'geo.places',
      winningStages: ['GEO_NEAR_2DSPHERE', 'FETCH', 'IXSCAN', 'FETCH', 'IXSCAN'],
      pipelineStages: ['$limit'],
      nReturned: 50,
      totalDocsExamined: 250,
      totalKeysExamined: 366,
      executionTimeMs: 18,
      executionTimeBasis: null
    })
  })

  it('sums the per-shard $geoNearCursor stats of a split pipeline', () => {
    const name = 'explain--sharded-geonear-executionstats--mongo6.0.json'
    const r = analyzeText(fixture(name), { input: name })
    expect(r.summary).toMatchObject({
      sharded: true,
      shards: 2,
      namespace: 'geo.places',
      nReturned: 485,
      totalDocsExamined: 490,
      totalKeysExamined: 719,
      executionTimeMs: 1240,
      executionTimeBasis: 'slowest-shard'
    })
    const tree = treeOf(name)
    expect(tree.source).toBe('executionStats')
    expect(tree.pipeline).toEqual([expect.objectContaining({ name: '$project', nReturned: 485 })])
    const scans = tree.winning.stages.filter((s) => s.stage === 'GEO_NEAR_2DSPHERE')
    expect(scans.map((s) => [s.shard, s.nReturned, s.indexName])).toEqual([
      ['geoA', 245, 'location_2dsphere'],
      ['geoB', 240, 'location_2dsphere']
    ])
  })

  it('says the time of a sharded aggregate is its slowest shard, with the sum beside it', () => {
    const r = analyzeText(fixture('explain--sharded-geonear-executionstats--mongo6.0.json'), { input: '-' })
    const f = r.findings.find((x) => x.rule === 'mongo.exec-time')
    expect(f?.title).toBe('Query took 1,240 ms on its slowest shard')
    expect(f?.detail).toContain("this is the slowest shard's time (geoB; 1,258 ms summed over 2 shards")
    expect(f?.evidence).toEqual({
      executionTimeMs: 1240,
      timeBasis: 'slowest shard',
      slowestShard: 'geoB',
      slowestShardMs: 1240,
      shardTimeSumMs: 1258
    })
    expect(f?.units).toMatchObject({ slowestShardMs: 'ms', shardTimeSumMs: 'ms' })
  })
})

describe('sharded times', () => {
  it("says a mongos find's time is mongos's elapsed time, with the slowest shard and the sum", () => {
    // The recorded 910 ms raised above the 1 s line, shards untouched (902 and 800 ms).
    const text = fixture('explain--sharded-scatter--mongo5.0.json').replaceAll(
      '"executionTimeMillis": 910',
      '"executionTimeMillis": 1910'
    )
    const f = analyze(text).findings.find((x) => x.rule === 'mongo.exec-time')
    expect(f?.title).toBe('Query took 1,910 ms at mongos')
    expect(f?.detail).toContain(
      "mongos's elapsed time for the whole query; the slowest shard shardA took 902 ms, 1,702 ms summed over 2 shards"
    )
    expect(f?.evidence).toMatchObject({
      timeBasis: 'mongos elapsed',
      slowestShardMs: 902,
      shardTimeSumMs: 1702
    })
  })

  it('an unsharded time carries no basis', () => {
    const r = analyzeText(fixture('explain--collscan-executionstats--mongo7.0.json'), { input: '-' })
    expect(r.summary.executionTimeBasis).toBeNull()
    expect(r.findings.find((x) => x.rule === 'mongo.exec-time')?.evidence).toEqual({ executionTimeMs: 2210 })
  })
})

describe('single-shard aggregates (splitPipeline: null, no mergeType)', () => {
  it('are read as a sharded aggregate on one shard, and not called scatter-gather', () => {
    const r = analyzeText(fixture('explain--single-shard-aggregate--mongo6.0.json'), { input: '-' })
    expect([r.ok, r.kind]).toEqual([true, 'mongo.explain'])
    expect(r.summary).toMatchObject({
      sharded: true,
      shards: 1,
      nReturned: 245,
      totalDocsExamined: 250,
      totalKeysExamined: 366,
      executionTimeMs: 18,
      executionTimeBasis: 'slowest-shard'
    })
    expect(r.findings.map((f) => f.rule)).not.toContain('mongo.scatter-gather')
  })

  it('with no shard explain at all is MALFORMED, not an empty plan', () => {
    const r = analyze('{ "splitPipeline": null, "shards": {}, "ok": 1 }')
    expect(r).toMatchObject({ ok: false, error: { code: 'MALFORMED' } })
    expect(r.error?.message).toContain('no shard explains')
  })
})

describe('IDHACK', () => {
  it('names the _id_ index it reads', () => {
    const stages = treeOf('explain--idhack--mongo4.2.txt').winning.stages
    expect(stages.map((s) => [s.stage, s.indexName, s.keyPattern])).toEqual([['IDHACK', '_id_', '{"_id":1}']])
  })
})

describe('legacy (2.x-3.0) profiler documents', () => {
  const r = analyzeText(fixture('profile--legacy-nscanned--mongo2.6.txt'), { input: '-' })

  it('keep the examined/returned ratio from nscanned and nscannedObjects', () => {
    expect([r.ok, r.kind]).toEqual([true, 'mongo.profile'])
    expect(r.summary).toMatchObject({ entries: 3, shapes: 3, worstExaminedPerReturned: 60000 })
    const ratio = r.findings.find((f) => f.rule === 'mongo.docs-examined-ratio')
    expect(ratio?.evidence).toMatchObject({
      docsExamined: 1200000,
      keysExamined: 0,
      nReturned: 20,
      ratio: 60000,
      shape: 'query shop.orders  {status,total}'
    })
  })

  it('group by the fields of their `query` filter and read lockStats waits', () => {
    const shapes = r.findings.filter((f) => f.rule === 'mongo.slow-query').map((f) => f.evidence.shape)
    expect(shapes).toEqual([
      'query shop.orders  {status,total}',
      'update shop.orders  {_id}',
      'query shop.orders  {userId}'
    ])
    expect(r.findings.find((f) => f.rule === 'mongo.lock-wait')?.evidence).toMatchObject({
      entries: 1,
      maxLockWaitMicros: 184207
    })
  })
})
