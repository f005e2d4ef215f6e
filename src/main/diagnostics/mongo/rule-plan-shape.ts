/**
 * Rules on the shape of an explain plan (3.0-8.0, classic and SBE queryPlan, sharded):
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
 */
import type { Finding } from '../../../shared/findings'
import { finding, fmt } from './finding'
import { brief, str } from './mongo-value'
import { walkPlan, type ParsedExplain } from './parse-explain'

export const blockingSortRule = (e: ParsedExplain): Finding[] => {
  const out: Finding[] = []
  const sorts: { bytes: number | null; usedDisk: boolean | null; shard: string | null }[] = []
  walkPlan(e.executionPlan ?? e.winningPlan, (n) => {
    if (n.stage === 'SORT') sorts.push({ bytes: n.sortBytes, usedDisk: n.usedDisk, shard: n.shard })
  })
  if (sorts.length === 0 && e.executionPlan)
    walkPlan(e.winningPlan, (n) => {
      if (n.stage === 'SORT') sorts.push({ bytes: null, usedDisk: null, shard: n.shard })
    })
  for (const s of e.pipeline.filter((p) => p.name === '$sort'))
    sorts.push({ bytes: null, usedDisk: s.usedDisk, shard: null })
  if (sorts.length === 0) return out
  const spilled = sorts.some((s) => s.usedDisk === true)
  const bytes = sorts.reduce<number | null>((a, s) => (s.bytes === null ? a : (a ?? 0) + s.bytes), null)
  out.push(
    finding(
      'mongo.blocking-sort',
      spilled ? 'critical' : 'warning',
      spilled ? 'Blocking sort spilled to disk' : 'Blocking in-memory sort',
      `The plan sorts ${bytes === null ? 'its input' : `${fmt(bytes)} bytes`} in memory instead of reading an index in order${spilled ? ', and ran out of memory and wrote to disk' : ''}. An index whose keys end with the sort fields (after the equality fields: ESR) removes the SORT stage.`,
      e.namespace,
      { sortStages: sorts.length, sortedBytes: bytes, usedDisk: spilled }
    )
  )
  return out
}

export const FETCH_FILTER_DROP = 0.9

export const fetchFilterRule = (e: ParsedExplain): Finding[] => {
  const out: Finding[] = []
  walkPlan(e.executionPlan, (n) => {
    const child = n.children[0]
    if (n.stage !== 'FETCH' || n.filter === null || !child || !/IXSCAN$/.test(child.stage)) return
    const fetched = n.docsExamined ?? child.nReturned
    if (fetched === null || n.nReturned === null || fetched < 1_000) return
    const dropped = 1 - n.nReturned / fetched
    if (dropped < FETCH_FILTER_DROP) return
    out.push(
      finding(
        'mongo.fetch-filter',
        'warning',
        `FETCH after ${child.indexName ?? 'an index scan'} discards ${Math.floor(dropped * 10000) / 100}% of documents`,
        `The index ${child.indexName ?? ''} selected ${fmt(fetched)} documents, and the filter applied after fetching them kept ${fmt(n.nReturned)}. Add the filtered fields ${brief(n.filter, 120)} to the index so the scan itself is selective.`,
        e.namespace,
        { indexName: child.indexName, fetched, kept: n.nReturned, filter: n.filter, shard: n.shard }
      )
    )
  })
  return out
}

export const scatterGatherRule = (e: ParsedExplain): Finding[] => {
  if (!e.sharded) return []
  const merged =
    e.mergeType !== null ||
    /^SHARD_MERGE/.test(e.winningPlan?.stage ?? '') ||
    e.winningPlan?.stage === 'SHARDED_AGGREGATE'
  if (!merged || e.shardNames.length < 2) return []
  return [
    finding(
      'mongo.scatter-gather',
      'warning',
      `Query sent to ${e.shardNames.length} shards (scatter-gather)`,
      `mongos could not target one shard, so every listed shard ran the query and the results were merged. Include the shard key (or its prefix) in the filter so mongos routes to the shard that owns the range.`,
      e.namespace,
      { shards: e.shardNames, rootStage: e.winningPlan?.stage ?? null, mergeType: e.mergeType }
    )
  ]
}

export const lookupIndexRule = (e: ParsedExplain): Finding[] => {
  const out: Finding[] = []
  for (const s of e.pipeline) {
    if (s.name !== '$lookup' || s.collectionScans === null || s.collectionScans === 0) continue
    out.push(
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
      )
    )
  }
  for (const n of eqLookups(e)) {
    if (n.strategy !== 'NestedLoopJoin' && n.strategy !== 'HashJoin') continue
    out.push(
      finding(
        'mongo.lookup-unindexed',
        'warning',
        `$lookup from ${n.from ?? '?'} joins without an index (${n.strategy})`,
        `The slot-based engine chose ${n.strategy} for the $lookup on ${n.from ?? 'the foreign collection'}: there is no usable index on ${n.foreignField ?? 'its foreignField'}. Create one.`,
        e.namespace,
        { from: n.from, foreignField: n.foreignField, strategy: n.strategy }
      )
    )
  }
  return out
}

const eqLookups = (
  e: ParsedExplain
): { strategy: string | null; from: string | null; foreignField: string | null }[] => {
  const out: { strategy: string | null; from: string | null; foreignField: string | null }[] = []
  walkPlan(e.winningPlan, (n) => {
    if (n.lookup) out.push(n.lookup)
  })
  return out
}

export const execTimeRule = (e: ParsedExplain): Finding[] => {
  const ms = e.executionTimeMs
  if (ms === null || ms < 1_000) return []
  return [
    finding(
      'mongo.exec-time',
      ms >= 5_000 ? 'critical' : 'warning',
      `Query took ${fmt(ms)} ms`,
      `explain reports ${fmt(ms)} ms of execution for ${e.namespace ?? 'this query'}. See the other findings for the cause (scans, sorts, unselective indexes).`,
      e.namespace,
      { executionTimeMs: ms }
    )
  ]
}
