import type { AnalysisReport } from './findings'
import type { TopicName, TopicRow, Topics } from './topics'

/**
 * The records behind a health report, per node and topic, for the views' sortable tables
 * (pg_stat_user_tables, SLOWLOG, currentOp...). Each topic's rows have the type shared/topics.ts declares
 * for it; render them as text.
 */
export type TopicTable<R> = { ok: true; rows: R[] } | { ok: false; why: string }

/** Every topic a node's check produced, in the shape JSON carries to the renderer. */
export type NodeTopics = { [K in TopicName]?: TopicTable<TopicRow<K>> }

export interface NodeDetail {
  node: string
  topics: NodeTopics
}

export interface EngineDetail {
  reports: AnalysisReport[]
  nodes: NodeDetail[]
}

/** What `checks.run` answers: one report per node and, when asked for `records`, every probe's records. */
export interface ChecksRun {
  reports: AnalysisReport[]
  nodes?: NodeDetail[]
}

/** Where a check hands each probe's records while it runs (as main holds them: Dates are still Dates). */
export type TopicCollector = <K extends TopicName>(
  node: string,
  topic: K,
  table: TopicTable<Topics[K]>
) => void

/** One record or a list of them as a topic's rows. */
export const topicRowsOf = <R>(value: R | readonly R[]): R[] =>
  Array.isArray(value) ? [...value] : [value as R]
