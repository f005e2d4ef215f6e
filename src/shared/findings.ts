/** The analysis report of shared/spec/analysis-report.md: the same shape for `analyze`, `check` and the UI. */
import type { EngineKind } from './connection'

export const SEVERITIES = ['info', 'warning', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export const severityRank: Record<Severity, number> = { info: 0, warning: 1, critical: 2 }

export interface Finding {
  /** '<engine>.<topic>', e.g. 'pg.plan.misestimate', 'redis.fragmentation'. */
  rule: string
  severity: Severity
  title: string
  detail: string
  target: string | null
  evidence: Record<string, unknown>
}

export const REPORT_ERROR_CODES = [
  'UNRECOGNIZED',
  'MALFORMED',
  'TRUNCATED',
  'SERVER_ERROR',
  'TOO_LARGE'
] as const
export type ReportErrorCode = (typeof REPORT_ERROR_CODES)[number] | 'UNREACHABLE' | 'AUTH_FAILED' | 'TIMEOUT'

export interface ReportError {
  code: ReportErrorCode
  message: string
  line: number | null
}

export interface AnalysisReport {
  input: string
  ok: boolean
  engine: EngineKind | null
  kind: string | null
  summary: Record<string, unknown>
  findings: Finding[]
  error: ReportError | null
}

/** Worst first; stable for equal severities so rules keep their own order. */
export const sortFindings = (findings: Finding[]): Finding[] =>
  findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => severityRank[b.f.severity] - severityRank[a.f.severity] || a.i - b.i)
    .map(({ f }) => f)
