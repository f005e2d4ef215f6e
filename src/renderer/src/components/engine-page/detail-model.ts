import type { EngineDetail, NodeDetail, TopicTable } from '../../../../shared/detail'
import { sortFindings, type Finding } from '../../../../shared/findings'

/**
 * Every report's findings in one list, duplicates (same rule, target, title) once. Each report arrives
 * ranked by main; merging several (one per node) keeps that rank: a stable merge by the severity main
 * gave, not a new judgement.
 */
export const allFindings = (detail: EngineDetail): Finding[] => {
  const seen = new Set<string>()
  const out: Finding[] = []
  for (const r of detail.reports)
    for (const f of r.findings) {
      const key = `${f.rule}\u0000${f.target ?? ''}\u0000${f.title}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push(f)
    }
  return sortFindings(out)
}

/** Reports that could not be produced at all (an unreachable member): shown as errors, not dropped. */
export const failedReports = (detail: EngineDetail) => detail.reports.filter((r) => !r.ok)

export const topicRows = (node: NodeDetail | undefined, topic: string): Record<string, unknown>[] => {
  const t = node?.topics[topic]
  return t?.ok ? t.rows : []
}

export const topicOf = (node: NodeDetail | undefined, topic: string): TopicTable | undefined =>
  node?.topics[topic]

export const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v)
export const numOr = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
