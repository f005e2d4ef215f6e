import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../../shared/findings'
import type { MongoExplainStage } from '../../../../shared/mongo-explain'
import {
  examinedRatio,
  explainRows,
  keysToReveal,
  stageForFinding,
  subtreeIds,
  worstRatioStage
} from './explain-model'

const stage = (
  id: number,
  parentId: number | null,
  depth: number,
  name: string,
  more: Partial<MongoExplainStage> = {}
): MongoExplainStage => ({
  id,
  parentId,
  childIds: [],
  depth,
  stage: name,
  shard: null,
  indexName: null,
  keyPattern: null,
  filter: null,
  nReturned: null,
  docsExamined: null,
  keysExamined: null,
  executionTimeMillisEstimate: null,
  sortBytes: null,
  usedDisk: null,
  fields: [],
  ...more
})

/** SHARD_MERGE over two shards, each SHARDING_FILTER -> COLLSCAN. */
const sharded: MongoExplainStage[] = [
  stage(0, null, 0, 'SHARD_MERGE', { childIds: [1, 3], nReturned: 40 }),
  stage(1, 0, 1, 'SHARDING_FILTER', { shard: 'A', childIds: [2], nReturned: 25 }),
  stage(2, 1, 2, 'COLLSCAN', { shard: 'A', nReturned: 25, docsExamined: 350_000 }),
  stage(3, 0, 1, 'SHARDING_FILTER', { shard: 'B', childIds: [4], nReturned: 15 }),
  stage(4, 3, 2, 'COLLSCAN', { shard: 'B', nReturned: 15, docsExamined: 250_000 })
]

const finding = (rule: string): Finding => ({
  rule,
  severity: 'warning',
  title: rule,
  detail: '',
  target: 'shop.orders',
  evidence: {}
})

describe('explainRows', () => {
  it('puts a shard header above each shard and indents its stages under it', () => {
    const rows = explainRows(sharded, new Set())
    expect(
      rows.map((r) => (r.kind === 'shard' ? `${r.depth}:[${r.shard}]` : `${r.depth}:${r.stage.stage}`))
    ).toEqual([
      '0:SHARD_MERGE',
      '1:[A]',
      '2:SHARDING_FILTER',
      '3:COLLSCAN',
      '1:[B]',
      '2:SHARDING_FILTER',
      '3:COLLSCAN'
    ])
    const a = rows[1]
    expect(a?.kind === 'shard' && a.totals).toEqual({
      stages: 2,
      nReturned: 25,
      docsExamined: 350_000,
      keysExamined: null
    })
  })

  it('hides what is under a collapsed stage or shard', () => {
    expect(explainRows(sharded, new Set(['g1'])).map((r) => r.key)).toEqual(['s0', 'g1', 'g3', 's3', 's4'])
    expect(explainRows(sharded, new Set(['s0'])).map((r) => r.key)).toEqual(['s0'])
    expect(keysToReveal(sharded, 4)).toEqual(['s3', 'g3', 's0'])
  })

  it('knows a subtree from pre-order depths', () => {
    expect(subtreeIds(sharded, 1)).toEqual([1, 2])
    expect(subtreeIds(sharded, 0)).toEqual([0, 1, 2, 3, 4])
  })
})

describe('ratios and findings', () => {
  it('finds the stage that examined the most per returned document', () => {
    expect(examinedRatio(sharded[2] as MongoExplainStage)).toBe(14_000)
    expect(examinedRatio(stage(9, null, 0, 'X', { docsExamined: 5, nReturned: 0 }))).toBe(5)
    expect(worstRatioStage(sharded)).toBe(4)
    expect(worstRatioStage([stage(0, null, 0, 'IXSCAN', { keysExamined: 3, nReturned: 3 })])).toBeNull()
  })

  it('links a finding to the stage its subject path names', () => {
    const at = (subject: Finding['subject']) => stageForFinding({ ...finding('mongo.x'), subject }, sharded)
    expect(at({ kind: 'stage', name: 'COLLSCAN', path: [0, 0] })).toBe(2)
    expect(at({ kind: 'stage', name: 'COLLSCAN', path: [1, 0] })).toBe(4)
    expect(at({ kind: 'stage', name: 'SHARD_MERGE', path: [] })).toBe(0)
    expect(at({ kind: 'stage', name: '$lookup' })).toBeNull()
    expect(at({ kind: 'stage', name: 'X', path: [2] })).toBeNull()
    expect(at({ kind: 'collection', name: 'shop.orders' })).toBeNull()
    expect(stageForFinding(finding('mongo.collscan'), sharded)).toBeNull()
    expect(
      stageForFinding({ ...finding('mongo.x'), subject: { kind: 'stage', name: 'X', path: [] } }, [])
    ).toBeNull()
  })
})
