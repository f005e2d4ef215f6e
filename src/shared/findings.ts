/** The analysis report of docs/spec/analysis-report.md: the same shape for `analyze`, `check` and the UI. */
import type { ActionId } from './actions'
import type { EngineKind } from './connection'

export const SEVERITIES = ['info', 'warning', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export const severityRank: Record<Severity, number> = { info: 0, warning: 1, critical: 2 }

/** What kind of thing a finding is about; the UI links and groups findings by it. */
export const SUBJECT_KINDS = [
  'node',
  'database',
  'table',
  'index',
  'sequence',
  'constraint',
  'trigger',
  'backend',
  'statement',
  'replica',
  'slot',
  'setting',
  'key',
  'key-pattern',
  'command',
  'collection',
  'operation',
  'plan-node',
  'stage',
  'cluster',
  'pool'
] as const
export type SubjectKind = (typeof SUBJECT_KINDS)[number]

/**
 * The thing a finding is about, decided by the rule so that no view has to guess it from evidence:
 * `name` is its identity as a DBA writes it ('public.orders', 'user:42', '10.0.0.5:6379', 'IXSCAN').
 */
export interface FindingSubject {
  kind: SubjectKind
  name: string
  /** host:port of the node it lives on, when the rule knows it. */
  node?: string
  /** Plan nodes and explain stages: child indexes from the root ([] is the root). */
  path?: number[]
}

/** The guarded action that fixes what a finding reports, ready for `actions.prepare` (target validated). */
export interface FindingRemedy {
  action: ActionId
  target: Record<string, unknown>
  /** Button text: verb and object, e.g. "Terminate pid 4242". */
  label: string
}

/**
 * A read-only measurement that settles what the finding estimates, run on demand (never by the sweep):
 * pgstattuple_approx / pgstatindex on one relation for a bloat estimate.
 */
export interface FindingMeasure {
  method: 'pg.inspectRelation'
  schema: string
  /** A table or a B-tree index. */
  relation: string
  /** Button text, e.g. "Inspect public.churn". */
  label: string
}

/** How to read an evidence number; evidence fields without a unit are plain values. */
export const EVIDENCE_UNITS = ['bytes', 'kib', 'ms', 'us', 'seconds', 'ratio', 'count'] as const
export type EvidenceUnit = (typeof EVIDENCE_UNITS)[number]

export interface Finding {
  /** '<engine>.<topic>', e.g. 'pg.plan.misestimate', 'redis.fragmentation'. */
  rule: string
  severity: Severity
  title: string
  detail: string
  target: string | null
  evidence: Record<string, unknown>
  subject?: FindingSubject
  remedy?: FindingRemedy
  /**
   * Other guarded actions that fix the same thing, offered beside `remedy` (which is the first choice):
   * Terminate beside Cancel for a long query, DROP beside REINDEX for an invalid index.
   */
  alternatives?: FindingRemedy[]
  /** The on-demand measurement that confirms an estimate, when there is one. */
  measure?: FindingMeasure
  /** Units of the evidence fields that are measurements, by field name. */
  units?: Record<string, EvidenceUnit>
  /** A remembered member that is gone (topology.member-gone): `topology.forget` with it stops reporting it. */
  forgettable?: { member: string }
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

/** The node a report speaks for (its summary's `node`), else its input. */
export const reportNode = (report: AnalysisReport): string => {
  const node = report.summary['node']
  return typeof node === 'string' && node !== '' ? node : report.input
}
