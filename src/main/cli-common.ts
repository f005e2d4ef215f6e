/**
 * What every `dbconsole` command shares: the output sink, --fail-on and the exit status. Kept free of
 * drivers, zod and the core, because `analyze` imports it on its start-up path (see cli.ts).
 */
import { severityRank, type AnalysisReport, type Severity } from '../shared/findings'
import { AppFailure } from '../shared/errors'

export type Out = (text: string) => void

export const failOnLevel = (value: string | undefined): Severity | null => {
  if (value === undefined) return null
  if (value === 'warning' || value === 'critical') return value
  throw new AppFailure('INVALID_INPUT', `--fail-on must be warning or critical, not "${value}"`)
}

/** 2 when an input was not understood or a node not reached, 1 when a finding reached --fail-on. */
export const exitStatusFor = (reports: AnalysisReport[], failOn: Severity | null): number => {
  if (reports.some((r) => !r.ok)) return 2
  if (failOn && reports.some((r) => r.findings.some((f) => severityRank[f.severity] >= severityRank[failOn])))
    return 1
  return 0
}
