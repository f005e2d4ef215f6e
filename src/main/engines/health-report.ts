import type { EngineKind, ServerDescription } from '../../shared/connection'
import { sortFindings, type AnalysisReport, type Finding } from '../../shared/findings'
import type { AppFailure } from '../../shared/errors'

/** One node's live check, shaped as spec/analysis-report.md "dbconsole check" requires. */
export const healthReport = (
  input: string,
  server: Pick<ServerDescription, 'engine' | 'version' | 'role'>,
  node: string,
  facts: Record<string, unknown>,
  findings: Finding[]
): AnalysisReport => ({
  input,
  ok: true,
  engine: server.engine,
  kind: `${server.engine === 'postgres' ? 'pg' : server.engine}.health`,
  summary: { serverVersion: server.version, role: server.role, node, ...facts },
  findings: sortFindings(findings),
  error: null
})

const UNREACHABLE_CODES = new Set(['UNREACHABLE', 'AUTH_FAILED', 'TIMEOUT'])

/** A node that could not be checked: ok false with the connection error, never an empty report. */
export const failedHealthReport = (
  input: string,
  engine: EngineKind,
  failure: AppFailure
): AnalysisReport => ({
  input,
  ok: false,
  engine,
  kind: `${engine === 'postgres' ? 'pg' : engine}.health`,
  summary: {},
  findings: [],
  error: {
    code: UNREACHABLE_CODES.has(failure.code)
      ? (failure.code as 'UNREACHABLE' | 'AUTH_FAILED' | 'TIMEOUT')
      : 'SERVER_ERROR',
    message: failure.message,
    line: null
  }
})

/** A rule that could not run (missing extension, no privilege, old server) is reported, never silent. */
export { notEvaluated as couldNotEvaluate } from '../diagnostics/finding'
