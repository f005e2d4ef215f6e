// Tests may read fixture files; the code under test stays pure.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeText } from '../analyze'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')
const run = (name: string) => analyzeText(fixture(name), { input: name })
const rules = (name: string) => run(name).findings.map((f) => `${f.severity} ${f.rule}`)

describe('mongo.explain', () => {
  it('7.0 classic find with COLLSCAN + blocking SORT (executionStats)', () => {
    const r = run('explain--collscan-executionstats--mongo7.0.json')
    expect([r.ok, r.engine, r.kind]).toEqual([true, 'mongo', 'mongo.explain'])
    expect(r.summary).toMatchObject({
      sharded: false,
      shards: null,
      hasExecutionStats: true,
      winningStages: ['SORT', 'COLLSCAN'],
      nReturned: 20,
      totalDocsExamined: 1200000,
      totalKeysExamined: 0,
      executionTimeMs: 2210,
      collscan: true,
      inMemorySort: true,
      command: 'find',
      engine: 'classic'
    })
    expect(rules('explain--collscan-executionstats--mongo7.0.json')).toEqual([
      'critical mongo.collscan',
      'critical mongo.docs-examined-ratio',
      'warning mongo.blocking-sort',
      'warning mongo.exec-time'
    ])
    expect(r.findings[1]?.evidence).toMatchObject({ docsExamined: 1200000, nReturned: 20, ratio: 60000 })
    expect(r.findings[2]?.evidence).toMatchObject({ sortedBytes: 11231, usedDisk: false })
  })

  it('4.4 legacy shell text: FETCH filter after IXSCAN keeps 3 of 48,210', () => {
    const r = run('explain--ixscan-fetch-filter--mongo4.4.txt')
    expect(r.summary).toMatchObject({
      winningStages: ['FETCH', 'IXSCAN'],
      nReturned: 3,
      totalDocsExamined: 48210,
      totalKeysExamined: 48210,
      executionTimeMs: 41,
      collscan: false,
      inMemorySort: false,
      rejectedPlans: 1,
      serverVersion: '4.4.29'
    })
    const f = r.findings.find((x) => x.rule === 'mongo.fetch-filter')
    expect(f?.title).toBe('FETCH after userId_1 discards 99.99% of documents')
    expect(f?.evidence).toMatchObject({ indexName: 'userId_1', fetched: 48210, kept: 3 })
    expect(r.findings.find((x) => x.rule === 'mongo.docs-examined-ratio')?.evidence.ratio).toBe(16070)
  })

  it('7.0 SBE queryPlanner only: stages from queryPlan, EQ_LOOKUP NestedLoopJoin flagged', () => {
    const r = run('explain--sbe-queryplanner--mongo7.0.json')
    expect(r.summary).toMatchObject({
      hasExecutionStats: false,
      winningStages: ['EQ_LOOKUP', 'FETCH', 'IXSCAN'],
      nReturned: null,
      totalDocsExamined: null,
      executionTimeMs: null,
      engine: 'sbe',
      explainVersion: '2',
      command: 'aggregate'
    })
    expect(r.findings.map((f) => [f.rule, f.evidence.strategy, f.evidence.from])).toEqual([
      ['mongo.lookup-unindexed', 'NestedLoopJoin', 'shop.customers']
    ])
  })

  it('6.0 aggregate with $cursor, $lookup collection scans and a pipeline $sort', () => {
    const r = run('explain--aggregate-lookup-executionstats--mongo6.0.json')
    expect(r.summary).toMatchObject({
      winningStages: ['PROJECTION_SIMPLE', 'FETCH', 'IXSCAN'],
      pipelineStages: ['$lookup', '$sort'],
      nReturned: 5000,
      totalDocsExamined: 5000,
      totalKeysExamined: 5000,
      executionTimeMs: 1460,
      collscan: false,
      inMemorySort: true
    })
    expect(r.findings.find((f) => f.rule === 'mongo.lookup-unindexed')?.evidence).toMatchObject({
      from: 'customers',
      foreignField: 'ref',
      collectionScans: 5000,
      docsExamined: 1250000000
    })
  })

  it('5.0 sharded find: SHARD_MERGE over 2 shards, both COLLSCAN', () => {
    const r = run('explain--sharded-scatter--mongo5.0.json')
    expect(r.summary).toMatchObject({
      sharded: true,
      shards: 2,
      winningStages: ['SHARD_MERGE', 'SHARDING_FILTER', 'COLLSCAN', 'SHARDING_FILTER', 'COLLSCAN'],
      nReturned: 40,
      totalDocsExamined: 600000,
      executionTimeMs: 910,
      collscan: true,
      namespace: 'shop.orders'
    })
    expect(rules('explain--sharded-scatter--mongo5.0.json')).toEqual([
      'critical mongo.collscan',
      'critical mongo.docs-examined-ratio',
      'warning mongo.scatter-gather'
    ])
    expect(r.findings[0]?.evidence).toMatchObject({ docsExamined: 600000, shards: ['shardA', 'shardB'] })
  })

  it('8.0 sharded aggregate with splitPipeline and SBE shard plans', () => {
    const r = run('explain--sharded-aggregate-split--mongo8.0.json')
    expect(r.summary).toMatchObject({
      sharded: true,
      shards: 2,
      engine: 'sbe',
      collscan: false,
      hasExecutionStats: false,
      winningStages: ['GROUP', 'SHARDING_FILTER', 'IXSCAN', 'GROUP', 'SHARDING_FILTER', 'IXSCAN']
    })
    expect(r.findings.map((f) => f.rule)).toEqual(['mongo.scatter-gather'])
    expect(r.findings[0]?.evidence).toMatchObject({ mergeType: 'mongos', shards: ['shardA', 'shardB'] })
  })

  it('8.0 EXPRESS_IXSCAN point lookup: nothing to report', () => {
    const r = run('explain--express-ixscan--mongo8.0.json')
    expect(r.summary).toMatchObject({
      winningStages: ['EXPRESS_IXSCAN'],
      nReturned: 1,
      totalDocsExamined: 1,
      totalKeysExamined: 1,
      executionTimeMs: 0,
      collscan: false
    })
    expect(r.findings).toEqual([])
  })

  it('3.4 aggregate $cursor queryPlanner (shell prompt line included)', () => {
    const r = run('explain--aggregate-cursor-queryplanner--mongo3.4.txt')
    expect(r.summary).toMatchObject({
      hasExecutionStats: false,
      winningStages: ['COLLSCAN'],
      collscan: true,
      inMemorySort: true,
      pipelineStages: ['$sort'],
      nReturned: null
    })
    expect(rules('explain--aggregate-cursor-queryplanner--mongo3.4.txt')).toEqual([
      'warning mongo.collscan',
      'warning mongo.blocking-sort'
    ])
  })

  it('3.6 count with COUNT_SCAN, unquoted keys and single quotes: no ratio finding for a count', () => {
    const r = run('explain--count-scan--mongo3.6.txt')
    expect(r.summary).toMatchObject({
      command: 'count',
      winningStages: ['COUNT', 'COUNT_SCAN'],
      totalKeysExamined: 1201,
      totalDocsExamined: 0,
      nReturned: 0
    })
    expect(r.findings).toEqual([])
  })
})

describe('mongo.profile', () => {
  it('groups 6 entries into 4 shapes; COLLSCAN shapes and the worst ratio', () => {
    const r = run('profile--collscan-heavy--mongo7.0.json')
    expect(r.summary).toEqual({
      entries: 6,
      slowest: { op: 'query', ns: 'shop.orders', millis: 2210 },
      collscanEntries: 4,
      worstExaminedPerReturned: 60000,
      shapes: 4,
      mostFrequent: 'shop.orders 6C1D8A4E',
      replannedEntries: 1
    })
    expect(rules('profile--collscan-heavy--mongo7.0.json')).toEqual([
      'critical mongo.collscan',
      'critical mongo.collscan',
      'critical mongo.docs-examined-ratio',
      'warning mongo.slow-query',
      'warning mongo.replanned',
      'warning mongo.lock-wait',
      'info mongo.slow-query',
      'info mongo.slow-query'
    ])
    const shape = r.findings.find((f) => f.rule === 'mongo.slow-query')
    expect(shape?.evidence).toMatchObject({
      count: 3,
      totalMillis: 6025,
      maxMillis: 2210,
      docsExamined: 3599500,
      nreturned: 60,
      cpuNanos: 5494325462
    })
    expect(r.findings.find((f) => f.rule === 'mongo.replanned')?.evidence).toMatchObject({
      replanned: 1,
      maxPlanningTimeMicros: 98012
    })
    expect(r.findings.find((f) => f.rule === 'mongo.lock-wait')?.evidence).toEqual({
      entries: 1,
      maxLockWaitMicros: 350112
    })
  })
})

describe('mongo.currentop', () => {
  it('7.0 inprog: one 47 s COLLSCAN, one op waiting for a lock', () => {
    const r = run('currentop--long-collscan--mongo7.0.json')
    expect(r.summary).toEqual({
      ops: 6,
      activeOps: 4,
      longestRunningSecs: 47,
      collscanOps: 2,
      waitingForLock: 1
    })
    expect(r.findings.map((f) => `${f.severity} ${f.rule} ${f.target}`)).toEqual([
      'warning mongo.long-running-op 9912331',
      'warning mongo.collscan shop.orders',
      'warning mongo.collscan shop.customers',
      'warning mongo.lock-wait 9912480'
    ])
  })

  it('3.6 shell text: NumberLong secs_running, internal rsSync thread ignored', () => {
    const r = run('currentop--inprog-waiting-lock--mongo3.6.txt')
    expect(r.summary).toEqual({
      ops: 3,
      activeOps: 3,
      longestRunningSecs: 75,
      collscanOps: 1,
      waitingForLock: 1
    })
    expect(rules('currentop--inprog-waiting-lock--mongo3.6.txt')).toEqual([
      'critical mongo.long-running-op',
      'warning mongo.collscan',
      'warning mongo.lock-wait'
    ])
  })
})

describe('mongo.replset-status', () => {
  it('7.0: secondary 12 s behind, third member down', () => {
    const r = run('replset-status--lagging-member-down--mongo7.0.json')
    expect(r.summary).toEqual({
      set: 'rs0',
      members: 3,
      primary: 'db1.example.net:27017',
      unhealthyMembers: 1,
      maxLagSeconds: 12,
      lags: [{ name: 'db2.example.net:27017', lagSeconds: 12 }]
    })
    expect(r.findings.map((f) => `${f.severity} ${f.rule} ${f.target}`)).toEqual([
      'critical mongo.replset-member-down db3.example.net:27017',
      'warning mongo.replication-lag db2.example.net:27017'
    ])
    expect(r.findings[0]?.evidence.lastHeartbeatMessage).toBe(
      'Error connecting to db3.example.net:27017 :: caused by :: Connection refused'
    )
  })

  it('4.2 shell text: no primary, one down, one RECOVERING; maxLagSeconds null', () => {
    const r = run('replset-status--no-primary--mongo4.2.txt')
    expect(r.summary).toMatchObject({
      set: 'rs1',
      members: 3,
      primary: null,
      unhealthyMembers: 1,
      maxLagSeconds: null
    })
    expect(rules('replset-status--no-primary--mongo4.2.txt')).toEqual([
      'critical mongo.replset-no-primary',
      'critical mongo.replset-member-down',
      'warning mongo.replset-member-state'
    ])
  })

  it('a server error in place of the status is SERVER_ERROR with the server text', () => {
    const r = analyzeText(
      '{ "ok": 0, "errmsg": "not running with --replSet", "code": 76, "codeName": "NoReplicationEnabled" }',
      { input: '-' }
    )
    expect([r.ok, r.error?.code, r.error?.message]).toEqual([
      false,
      'SERVER_ERROR',
      'not running with --replSet'
    ])
  })
})

describe('mongo.server-status', () => {
  it('7.0: cache 95% full (just under the 95% trigger: warning), 8.4% dirty', () => {
    const r = run('server-status--cache-full--mongo7.0.json')
    expect(r.summary).toEqual({
      version: '7.0.14',
      storageEngine: 'wiredTiger',
      connectionsCurrent: 86,
      uptimeSeconds: 864000,
      host: 'db1.example.net:27017',
      connectionsAvailable: 51114,
      cacheFillPercent: 95,
      cacheDirtyPercent: 8.4
    })
    // 8160437862 / 8589934592 = 0.94999... : just under the 95 % eviction trigger, so warning.
    expect(rules('server-status--cache-full--mongo7.0.json')).toEqual([
      'warning mongo.wt-cache',
      'warning mongo.wt-dirty-cache'
    ])
  })

  it('4.4 shell text: write tickets exhausted, connections 95.1%, dirty 22%, asserts, page faults', () => {
    const r = run('server-status--tickets-exhausted--mongo4.4.txt')
    expect(r.summary).toMatchObject({
      version: '4.4.29',
      connectionsCurrent: 780,
      uptimeSeconds: 3600,
      cacheFillPercent: 84,
      cacheDirtyPercent: 22
    })
    expect(rules('server-status--tickets-exhausted--mongo4.4.txt')).toEqual([
      'critical mongo.wt-dirty-cache',
      'critical mongo.tickets',
      'critical mongo.connections',
      'warning mongo.wt-cache',
      'warning mongo.asserts',
      'info mongo.page-faults'
    ])
    expect(r.findings.find((f) => f.rule === 'mongo.page-faults')?.evidence).toEqual({
      pageFaults: 90000,
      uptimeSeconds: 3600,
      perSecond: 25
    })
  })
})

describe('mongo.index-stats', () => {
  it('flags the one unused index, never _id_', () => {
    const r = run('index-stats--unused--mongo7.0.json')
    expect(r.summary).toEqual({ indexes: 4, unusedIndexes: 1, hosts: ['db1.example.net:27017'] })
    expect(r.findings.map((f) => [f.severity, f.target])).toEqual([['warning', 'status_1_createdAt_-1_old']])
  })
})

describe('bad input', () => {
  it('a truncated explain is TRUNCATED with the last line', () => {
    const text = fixture('explain--collscan-executionstats--mongo7.0.json')
      .split('\n')
      .slice(0, 30)
      .join('\n')
    const r = analyzeText(text, { input: '-' })
    expect([r.ok, r.kind, r.error?.code, r.error?.line]).toEqual([false, 'mongo.explain', 'TRUNCATED', 30])
  })

  it('a syntax error in shell text is MALFORMED at its line', () => {
    const r = analyzeText('{\n  queryPlanner: {\n    winningPlan: { stage: "COLLSCAN" },,\n  }\n}', {
      input: '-'
    })
    expect([r.ok, r.error?.code, r.error?.line]).toEqual([false, 'MALFORMED', 3])
  })

  it('a profile entry without millis is MALFORMED', () => {
    const r = analyzeText(
      '[{ "op": "query", "ns": "a.b", "millis": 5, "ts": 1 }, { "op": "query", "ns": "a.b" }]',
      { input: '-' }
    )
    expect([r.ok, r.error?.code, r.error?.message]).toEqual([
      false,
      'MALFORMED',
      'Profile entry 2 has no op, ns or millis: it is not a system.profile document.'
    ])
  })
})
