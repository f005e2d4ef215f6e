/**
 * Rules on the shape of an explain plan (3.0-8.0, classic and SBE queryPlan, sharded). Each finding's
 * subject is the stage it is about, by its path in the tree the explain view draws (drawnPlan):
 * - mongo.blocking-sort: a SORT stage (or a pipeline $sort left un-absorbed) sorts in memory and holds
 *   every input document first (limit 100 MB per stage, then spills or fails: MongoDB manual, "Sort and
 *   Index Use"). Warning; critical when it spilled to disk.
 * - mongo.fetch-filter: FETCH with a filter above an IXSCAN that drops >= 90 % of the fetched documents
 *   (>= 1,000 fetched): the index does not cover the predicate. 90 % is our threshold.
 * - mongo.scatter-gather: a sharded plan that ran on >= 2 shards with a merge (SHARD_MERGE /
 *   SHARD_MERGE_SORT or a split pipeline): the query lacks the shard key (seed catalogue, mongo.scatter-gather).
 * - mongo.lookup-unindexed: $lookup that scanned the foreign collection (collectionScans > 0, 5.0+) or an
 *   SBE EQ_LOOKUP using NestedLoopJoin / HashJoin (7.0+), i.e. no index on foreignField.
 * - mongo.exec-time: executionTimeMillis >= 1,000 warning, >= 5,000 critical (the seed's "5 seconds? Too slow!").
 *   Sharded, it says what the time is: mongos's elapsed time (find) or the slowest shard's (aggregate).
 */
import type { Finding, FindingSubject } from '../../../shared/findings'
import { about, finding, fmt } from './finding'
import { brief, str } from './mongo-value'
import { drawnPlan, walkPlan, type ParsedExplain } from './parse-explain'
import { mongoRule } from './records'

const stage = (name: string, path: number[] | null): FindingSubject => ({
  kind: 'stage',
  name,
  ...(path ? { path } : {})
})

/** Plan-wide findings are about the root of the drawn tree. */
const root = (e: ParsedExplain): FindingSubject | null => {
  const top = drawnPlan(e)
  return top ? stage(top.stage, []) : null
}

export const blockingSortRule = mongoRule({
  id: 'mongo.blocking-sort',
  needs: ['explain'],
  evaluate: ({ explain: e }) => {
    const sorts: { bytes: number | null; usedDisk: boolean | null; path: number[] | null }[] = []
    walkPlan(drawnPlan(e), (n, _parent, path) => {
      if (n.stage === 'SORT') sorts.push({ bytes: n.sortBytes, usedDisk: n.usedDisk, path })
    })
    if (sorts.length === 0 && e.executionPlan)
      walkPlan(e.winningPlan, (n) => {
        if (n.stage === 'SORT') sorts.push({ bytes: null, usedDisk: null, path: null })
      })
    const inTree = sorts[0]
    for (const s of e.pipeline.filter((p) => p.name === '$sort'))
      sorts.push({ bytes: null, usedDisk: s.usedDisk, path: null })
    if (sorts.length === 0) return []
    const spilled = sorts.some((s) => s.usedDisk === true)
    const bytes = sorts.reduce<number | null>((a, s) => (s.bytes === null ? a : (a ?? 0) + s.bytes), null)
    return [
      about(
        finding(
          'mongo.blocking-sort',
          spilled ? 'critical' : 'warning',
          spilled ? 'Blocking sort spilled to disk' : 'Blocking in-memory sort',
          `The plan sorts ${bytes === null ? 'its input' : `${fmt(bytes)} bytes`} in memory instead of reading an index in order${spilled ? ', and ran out of memory and wrote to disk' : ''}. An index whose keys end with the sort fields (after the equality fields: ESR) removes the SORT stage.`,
          e.namespace,
          { sortStages: sorts.length, sortedBytes: bytes, usedDisk: spilled }
        ),
        inTree ? stage('SORT', inTree.path) : stage('$sort', null),
        { units: { sortStages: 'count', sortedBytes: 'bytes' } }
      )
    ]
  }
})

export const FETCH_FILTER_DROP = 0.9

export const fetchFilterRule = mongoRule({
  id: 'mongo.fetch-filter',
  needs: ['explain'],
  evaluate: ({ explain: e }) => {
    const out: Finding[] = []
    // Only executed plans have the numbers; when there is one it is the drawn tree.
    walkPlan(e.executionPlan, (n, _parent, path) => {
      const child = n.children[0]
      if (n.stage !== 'FETCH' || n.filter === null || !child || !/IXSCAN$/.test(child.stage)) return
      const fetched = n.docsExamined ?? child.nReturned
      if (fetched === null || n.nReturned === null || fetched < 1_000) return
      const dropped = 1 - n.nReturned / fetched
      if (dropped < FETCH_FILTER_DROP) return
      out.push(
        about(
          finding(
            'mongo.fetch-filter',
            'warning',
            `FETCH after ${child.indexName ?? 'an index scan'} discards ${Math.floor(dropped * 10000) / 100}% of documents`,
            `The index ${child.indexName ?? ''} selected ${fmt(fetched)} documents, and the filter applied after fetching them kept ${fmt(n.nReturned)}. Add the filtered fields ${brief(n.filter, 120)} to the index so the scan itself is selective.`,
            e.namespace,
            { indexName: child.indexName, fetched, kept: n.nReturned, filter: n.filter, shard: n.shard }
          ),
          stage('FETCH', path),
          { units: { fetched: 'count', kept: 'count' } }
        )
      )
    })
    return out
  }
})

export const scatterGatherRule = mongoRule({
  id: 'mongo.scatter-gather',
  needs: ['explain'],
  evaluate: ({ explain: e }) => {
    if (!e.sharded) return []
    const merged =
      e.mergeType !== null ||
      /^SHARD_MERGE/.test(e.winningPlan?.stage ?? '') ||
      e.winningPlan?.stage === 'SHARDED_AGGREGATE'
    if (!merged || e.shardNames.length < 2) return []
    return [
      about(
        finding(
          'mongo.scatter-gather',
          'warning',
          `Query sent to ${e.shardNames.length} shards (scatter-gather)`,
          `mongos could not target one shard, so every listed shard ran the query and the results were merged. Include the shard key (or its prefix) in the filter so mongos routes to the shard that owns the range.`,
          e.namespace,
          { shards: e.shardNames, rootStage: e.winningPlan?.stage ?? null, mergeType: e.mergeType }
        ),
        root(e)
      )
    ]
  }
})

export const lookupIndexRule = mongoRule({
  id: 'mongo.lookup-unindexed',
  needs: ['explain'],
  evaluate: ({ explain: e }) => {
    const out: Finding[] = []
    for (const s of e.pipeline) {
      if (s.name !== '$lookup' || s.collectionScans === null || s.collectionScans === 0) continue
      out.push(
        about(
          finding(
            'mongo.lookup-unindexed',
            'warning',
            `$lookup from ${str(s.spec, 'from') ?? '?'} scans the foreign collection`,
            `The $lookup ran ${fmt(s.collectionScans)} collection scans on ${str(s.spec, 'from') ?? 'the foreign collection'}${s.docsExamined !== null ? ` (${fmt(s.docsExamined)} documents examined)` : ''}. Create an index on its foreignField ${str(s.spec, 'foreignField') ?? ''}.`,
            e.namespace,
            {
              from: str(s.spec, 'from'),
              foreignField: str(s.spec, 'foreignField'),
              collectionScans: s.collectionScans,
              docsExamined: s.docsExamined,
              indexesUsed: s.indexesUsed
            }
          ),
          // A pipeline stage after the query layer: not in the stage tree.
          stage('$lookup', null),
          { units: { collectionScans: 'count', docsExamined: 'count' } }
        )
      )
    }
    // EQ_LOOKUP is slot-based (SBE), whose explain has no executed classic tree: the winning plan is drawn.
    const drawnIsWinning = e.executionPlan === null
    walkPlan(e.winningPlan, (n, _parent, path) => {
      const l = n.lookup
      if (!l || (l.strategy !== 'NestedLoopJoin' && l.strategy !== 'HashJoin')) return
      out.push(
        about(
          finding(
            'mongo.lookup-unindexed',
            'warning',
            `$lookup from ${l.from ?? '?'} joins without an index (${l.strategy})`,
            `The slot-based engine chose ${l.strategy} for the $lookup on ${l.from ?? 'the foreign collection'}: there is no usable index on ${l.foreignField ?? 'its foreignField'}. Create one.`,
            e.namespace,
            { from: l.from, foreignField: l.foreignField, strategy: l.strategy }
          ),
          stage(n.stage, drawnIsWinning ? path : null)
        )
      )
    })
    return out
  }
})

/** How a sharded time was measured, in words, and its evidence: the slowest shard and the shards' sum. */
const timeBasis = (e: ParsedExplain): { words: string; evidence: Record<string, unknown> } => {
  if (e.timeBasis === null) return { words: '', evidence: {} }
  const slowest = e.shardTimes.reduce<{ shard: string; ms: number } | null>(
    (a, t) => (a === null || t.ms > a.ms ? t : a),
    null
  )
  const sumMs = e.shardTimes.reduce((a, t) => a + t.ms, 0)
  const shards = e.shardTimes.length
  const spread =
    slowest === null
      ? ''
      : shards === 1
        ? `its one shard ${slowest.shard} took ${fmt(slowest.ms)} ms`
        : `the slowest shard ${slowest.shard} took ${fmt(slowest.ms)} ms, ${fmt(sumMs)} ms summed over ${shards} shards that ran in parallel`
  const words =
    e.timeBasis === 'mongos'
      ? ` This is mongos's elapsed time for the whole query${spread ? `; ${spread}` : ''}.`
      : ` mongos reports no total for a sharded aggregate: this is the ${shards === 1 ? "one shard's" : "slowest shard's"} time${shards > 1 && slowest ? ` (${slowest.shard}; ${fmt(sumMs)} ms summed over ${shards} shards that ran in parallel)` : ''}.`
  return {
    words,
    evidence: {
      timeBasis: e.timeBasis === 'mongos' ? 'mongos elapsed' : 'slowest shard',
      slowestShard: slowest?.shard ?? null,
      slowestShardMs: slowest?.ms ?? null,
      shardTimeSumMs: shards ? sumMs : null
    }
  }
}

export const execTimeRule = mongoRule({
  id: 'mongo.exec-time',
  needs: ['explain'],
  evaluate: ({ explain: e }) => {
    const ms = e.executionTimeMs
    if (ms === null || ms < 1_000) return []
    const basis = timeBasis(e)
    const where =
      e.timeBasis === 'mongos' ? ' at mongos' : e.timeBasis === 'slowest-shard' ? ' on its slowest shard' : ''
    return [
      about(
        finding(
          'mongo.exec-time',
          ms >= 5_000 ? 'critical' : 'warning',
          `Query took ${fmt(ms)} ms${where}`,
          `explain reports ${fmt(ms)} ms of execution for ${e.namespace ?? 'this query'}.${basis.words} See the other findings for the cause (scans, sorts, unselective indexes).`,
          e.namespace,
          { executionTimeMs: ms, ...basis.evidence }
        ),
        root(e),
        {
          units: {
            executionTimeMs: 'ms',
            ...(e.timeBasis === null ? {} : { slowestShardMs: 'ms', shardTimeSumMs: 'ms' })
          }
        }
      )
    ]
  }
})
