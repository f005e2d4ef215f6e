import type { AnalysisReport } from './findings'

/**
 * The records behind a health report, per node and topic, for the views' sortable tables
 * (pg_stat_user_tables, SLOWLOG, currentOp...). Values are plain JSON records; render them as text.
 */
export type TopicTable = { ok: true; rows: Record<string, unknown>[] } | { ok: false; why: string }

export interface NodeDetail {
  node: string
  topics: Record<string, TopicTable>
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

/** Where a check hands each probe's records while it runs. */
export type TopicCollector = (node: string, topic: string, table: TopicTable) => void

/** Records of any shape as table rows: arrays of objects as they are, an object as one row. */
export const toTopicRows = (value: unknown): Record<string, unknown>[] => {
  if (Array.isArray(value))
    return value.map((v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v }
    )
  if (value && typeof value === 'object') return [value as Record<string, unknown>]
  return [{ value }]
}
