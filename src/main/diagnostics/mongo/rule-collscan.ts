/**
 * Rule mongo.collscan. Reads: a parsed explain (parse-explain.ts). Follows: 3.0-8.0 (COLLSCAN is the
 * same name in classic and SBE queryPlan; CLUSTERED_IXSCAN on clustered collections is not a full scan).
 * Threshold: the seed catalogue's story (20 ms -> 5 s as a collection grew from 10K to 10M documents)
 * gives no number, so: critical at >= 100,000 documents examined (our choice, a size where a full scan
 * costs seconds on ordinary hardware), warning below or when the plan was not executed.
 */
import type { Finding } from '../../../shared/findings'
import { finding, fmt } from './finding'
import { walkPlan, type ParsedExplain } from './parse-explain'

export const COLLSCAN_CRITICAL_DOCS = 100_000

export const collscanRule = (e: ParsedExplain): Finding[] => {
  const scans: { shard: string | null; docsExamined: number | null; filter: unknown }[] = []
  walkPlan(e.executionPlan ?? e.winningPlan, (n) => {
    if (n.stage === 'COLLSCAN') scans.push({ shard: n.shard, docsExamined: n.docsExamined, filter: n.filter })
  })
  if (scans.length === 0 && e.executionPlan)
    walkPlan(e.winningPlan, (n) => {
      if (n.stage === 'COLLSCAN') scans.push({ shard: n.shard, docsExamined: null, filter: n.filter })
    })
  if (scans.length === 0) return []
  const examined =
    scans.reduce<number | null>((a, s) => (s.docsExamined === null ? a : (a ?? 0) + s.docsExamined), null) ??
    e.totalDocsExamined
  const severity = examined !== null && examined >= COLLSCAN_CRITICAL_DOCS ? 'critical' : 'warning'
  const where = e.namespace ?? 'the collection'
  return [
    finding(
      'mongo.collscan',
      severity,
      `Full collection scan on ${where}`,
      examined === null
        ? `The winning plan reads every document of ${where} (COLLSCAN). Run explain("executionStats") to see how many, and add an index that matches the filter (equality fields first, then sort, then range: ESR).`
        : `The winning plan read ${fmt(examined)} documents of ${where} with a COLLSCAN to return ${fmt(e.nReturned ?? 0)}. A full scan grows with the collection; add an index that matches the filter (equality, sort, range: ESR).`,
      e.namespace,
      {
        docsExamined: examined,
        nReturned: e.nReturned,
        shards: [...new Set(scans.map((s) => s.shard).filter((s) => s !== null))],
        filter: scans[0]?.filter ?? null
      }
    )
  ]
}
