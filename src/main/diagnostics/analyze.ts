/**
 * Raw server output -> AnalysisReport (spec/analysis-report.md). Pure: the CLI, the paste box and
 * tests all come through here.
 */
import type { EngineKind } from '../../shared/connection'
import { sortFindings, type AnalysisReport } from '../../shared/findings'
import type { AnalysisKind } from './kind'
import { ANALYSIS_KINDS } from './kinds'

export const MAX_INPUT_BYTES = 64 * 1024 * 1024

export interface AnalyzeOptions {
  input: string
  engine?: EngineKind | 'auto'
  kinds?: readonly AnalysisKind[]
}

const failedReport = (
  input: string,
  code: NonNullable<AnalysisReport['error']>['code'],
  message: string,
  line: number | null,
  kind: AnalysisKind | null = null
): AnalysisReport => ({
  input,
  ok: false,
  engine: kind?.engine ?? null,
  kind: kind?.kind ?? null,
  summary: {},
  findings: [],
  error: { code, message, line }
})

const SERVER_ERROR_LINE =
  /^\s*(?:\(error\)\s*)?(-?(?:ERR|WRONGTYPE|NOAUTH|NOPERM|MOVED|ASK|CROSSSLOT|LOADING|BUSY|READONLY|MISCONF)\b.*|ERROR:\s+.*|MongoServerError:.*)$/

export const analyzeText = (text: string, options: AnalyzeOptions): AnalysisReport => {
  const { input } = options
  if (text.length > MAX_INPUT_BYTES) {
    return failedReport(
      input,
      'TOO_LARGE',
      `The input is ${text.length} bytes; the limit is ${MAX_INPUT_BYTES}.`,
      null
    )
  }
  if (text.trim() === '') return failedReport(input, 'UNRECOGNIZED', 'The input is empty.', null)
  const engine = options.engine ?? 'auto'
  const candidates = (options.kinds ?? ANALYSIS_KINDS).filter((k) => engine === 'auto' || k.engine === engine)
  const ranked = candidates
    .map((kind) => ({ kind, confidence: kind.detect(text) }))
    .filter((c) => c.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence)
  const best = ranked[0]
  if (!best) {
    const firstLine = text.trimStart().split('\n', 1)[0] ?? ''
    const serverError = SERVER_ERROR_LINE.exec(firstLine)
    if (serverError) return failedReport(input, 'SERVER_ERROR', serverError[1]?.trim() ?? firstLine.trim(), 1)
    return failedReport(
      input,
      'UNRECOGNIZED',
      `This does not look like any output dbconsole understands${engine === 'auto' ? '' : ` for ${engine}`}.`,
      null
    )
  }
  const result = best.kind.analyze(text)
  if (!result.ok) return failedReport(input, result.code, result.message, result.line, best.kind)
  return {
    input,
    ok: true,
    engine: best.kind.engine,
    kind: best.kind.kind,
    summary: result.value.summary,
    findings: sortFindings(result.value.findings),
    error: null
  }
}
