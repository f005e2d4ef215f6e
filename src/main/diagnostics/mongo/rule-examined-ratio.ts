/**
 * Rule mongo.docs-examined-ratio. Reads: explain executionStats totals (totalDocsExamined,
 * totalKeysExamined, nReturned; 3.0-8.0 names) or profiler entries (docsExamined, keysExamined, nreturned).
 * Threshold: the seed's only example is 1,000,000 examined for 10 returned, with no ratio given. Ours:
 * warning at >= 100 examined per returned document once >= 1,000 were examined; critical at >= 10,000 per
 * returned with >= 100,000 examined. Returned 0 counts as 1 (spec/analysis-report.md).
 */
import type { Finding } from '../../../shared/findings'
import { finding, fmt } from './finding'

export const RATIO_WARNING = 100
export const RATIO_CRITICAL = 10_000

export const examinedPerReturned = (
  docsExamined: number | null,
  keysExamined: number | null,
  returned: number | null
): number | null => {
  const examined = Math.max(docsExamined ?? -1, keysExamined ?? -1)
  if (examined < 0) return null
  return examined / Math.max(returned ?? 0, 1)
}

export const examinedRatioRule = (input: {
  target: string | null
  docsExamined: number | null
  keysExamined: number | null
  nReturned: number | null
}): Finding[] => {
  const ratio = examinedPerReturned(input.docsExamined, input.keysExamined, input.nReturned)
  const examined = Math.max(input.docsExamined ?? 0, input.keysExamined ?? 0)
  if (ratio === null || ratio < RATIO_WARNING || examined < 1_000) return []
  const severity = ratio >= RATIO_CRITICAL && examined >= 100_000 ? 'critical' : 'warning'
  return [
    finding(
      'mongo.docs-examined-ratio',
      severity,
      `${fmt(Math.round(ratio))} documents or keys examined per document returned`,
      `The query examined ${fmt(input.docsExamined ?? 0)} documents and ${fmt(input.keysExamined ?? 0)} index keys to return ${fmt(input.nReturned ?? 0)}. A selective index on the filter fields would read close to one entry per result.`,
      input.target,
      {
        docsExamined: input.docsExamined,
        keysExamined: input.keysExamined,
        nReturned: input.nReturned,
        ratio: Math.round(ratio * 10) / 10
      }
    )
  ]
}
