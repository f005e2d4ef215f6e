/** What a CLI command printed, for tests: its lines, and each line read as a JSON report. */
import type { AnalysisReport } from '../../shared/findings'

export const captureCliOutput = () => {
  const lines: string[] = []
  return {
    out: (text: string) => lines.push(text),
    lines,
    reports: () => lines.map((l) => JSON.parse(l) as AnalysisReport)
  }
}
