/**
 * Raw server output -> AnalysisReport (spec/analysis-report.md). Pure: the CLI, the paste box and
 * tests all come through here.
 */
import type { AnalysisKindId, AnalysisView, AnalyzedText } from '../../shared/analysis'
import type { EngineKind } from '../../shared/connection'
import { sortFindings, type AnalysisReport } from '../../shared/findings'
import type { AnalysisKind } from './kind'
import { ANALYSIS_KINDS } from './kinds'

export const MAX_INPUT_BYTES = 64 * 1024 * 1024

export interface AnalyzeOptions {
  input: string
  engine?: EngineKind | 'auto'
  kinds?: readonly AnalysisKind[]
  /** The caller knows what it pasted (the plan and explain views): that kind parses it, undetected. */
  kind?: AnalysisKindId
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

/** The report, and the kind's view builder when it has one (built by the caller that wants it). */
const analyze = (
  text: string,
  options: AnalyzeOptions
): { report: AnalysisReport; view?: () => AnalysisView } => {
  const { input } = options
  if (text.length > MAX_INPUT_BYTES) {
    return {
      report: failedReport(
        input,
        'TOO_LARGE',
        `The input is ${text.length} bytes; the limit is ${MAX_INPUT_BYTES}.`,
        null
      )
    }
  }
  if (text.trim() === '') return { report: failedReport(input, 'UNRECOGNIZED', 'The input is empty.', null) }
  const best = options.kind === undefined ? detectKind(text, options) : kindById(options.kind)
  if ('report' in best) return best
  const result = best.analyze(text)
  if (!result.ok) return { report: failedReport(input, result.code, result.message, result.line, best) }
  return {
    report: {
      input,
      ok: true,
      engine: best.engine,
      kind: best.kind,
      summary: result.value.summary,
      findings: sortFindings(result.value.findings),
      error: null
    },
    view: result.value.view
  }
}

const kindById = (id: AnalysisKindId): AnalysisKind => {
  const kind = ANALYSIS_KINDS.find((k) => k.kind === id)
  if (!kind) throw new Error(`no analysis kind ${id}`)
  return kind
}

/** The most confident kind, or the failed report that says why none fits. */
const detectKind = (text: string, options: AnalyzeOptions): AnalysisKind | { report: AnalysisReport } => {
  const { input } = options
  const engine = options.engine ?? 'auto'
  const candidates = (options.kinds ?? ANALYSIS_KINDS).filter((k) => engine === 'auto' || k.engine === engine)
  const ranked = candidates
    .map((kind) => ({ kind, confidence: kind.detect(text) }))
    .filter((c) => c.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence)
  const best = ranked[0]
  if (best) return best.kind
  const firstLine = text.trimStart().split('\n', 1)[0] ?? ''
  const serverError = SERVER_ERROR_LINE.exec(firstLine)
  if (serverError)
    return { report: failedReport(input, 'SERVER_ERROR', serverError[1]?.trim() ?? firstLine.trim(), 1) }
  return {
    report: failedReport(
      input,
      'UNRECOGNIZED',
      `This does not look like any output dbconsole understands${engine === 'auto' ? '' : ` for ${engine}`}.`,
      null
    )
  }
}

/** The report of spec/analysis-report.md, as `dbconsole analyze` prints it. */
export const analyzeText = (text: string, options: AnalyzeOptions): AnalysisReport =>
  analyze(text, options).report

/** The same report with the tree the plan or explain view draws: what `analyze.text` answers. */
export const analyzeTextWithView = (text: string, options: AnalyzeOptions): AnalyzedText => {
  const { report, view } = analyze(text, options)
  return view === undefined ? report : { ...report, view: view() }
}
