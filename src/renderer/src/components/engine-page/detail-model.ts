import type { EngineDetail, NodeDetail, TopicTable } from '../../../../shared/detail'
import type { TopicName, TopicRow } from '../../../../shared/topics'
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

/** A topic's rows, typed as shared/topics.ts declares them; none when the probe failed or did not run. */
export const topicRows = <K extends TopicName>(node: NodeDetail | undefined, topic: K): TopicRow<K>[] => {
  const t = topicOf(node, topic)
  return t?.ok ? t.rows : []
}

/** A topic as sent. (NodeTopics[K] over a generic K is a union too large for TypeScript: named per K.) */
export const topicOf = <K extends TopicName>(
  node: NodeDetail | undefined,
  topic: K
): TopicTable<TopicRow<K>> | undefined => node?.topics[topic] as TopicTable<TopicRow<K>> | undefined
