/**
 * What `analyze.text` answers: the report of spec/analysis-report.md, plus (for the kinds a view
 * draws) the analysed tree, so a paste is sent and parsed once. Zod-free: the renderer reads it at run time.
 */
import type { AnalysisReport } from './findings'
import type { MongoExplainTree } from './mongo-explain'
import type { PlanAnalysis } from './plan'

/** Every kind of pasted output the core understands (the `kind` of a report, and `analyze.text`'s hint). */
export const ANALYSIS_KIND_IDS = [
  'pg.plan',
  'pg.log',
  'redis.info',
  'redis.slowlog',
  'redis.cluster-nodes',
  'redis.cluster-info',
  'redis.cluster-shards',
  'redis.latency-latest',
  'redis.latency-doctor',
  'redis.memory-stats',
  'redis.memory-doctor',
  'mongo.explain',
  'mongo.profile',
  'mongo.currentop',
  'mongo.replset-status',
  'mongo.server-status',
  'mongo.index-stats',
  'mongo.log'
] as const
export type AnalysisKindId = (typeof ANALYSIS_KIND_IDS)[number]

/** The tree behind a report, for the plan and explain views; never part of the CLI's JSON. */
export type AnalysisView =
  { kind: 'pg.plan'; plan: PlanAnalysis } | { kind: 'mongo.explain'; tree: MongoExplainTree }

export type AnalyzedText = AnalysisReport & { view?: AnalysisView }
