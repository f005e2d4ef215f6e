/** Documents or keys examined per document returned, the measure of a query's selectivity. */

/** Returned 0 counts as 1 (spec/analysis-report.md): a scan that found nothing is still a scan. */
export const examinedPerReturned = (
  docsExamined: number | null,
  keysExamined: number | null,
  returned: number | null
): number | null => {
  const examined = Math.max(docsExamined ?? -1, keysExamined ?? -1)
  if (examined < 0) return null
  return examined / Math.max(returned ?? 0, 1)
}
