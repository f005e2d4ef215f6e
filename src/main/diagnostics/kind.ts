import type { AnalysisKindId, AnalysisView } from '../../shared/analysis'
import type { EngineKind } from '../../shared/connection'
import type { Finding } from '../../shared/findings'
import type { ParseResult } from './parse-result'

/** What one kind makes of its text: the report's facts and findings, and the tree a view draws, if any. */
export interface KindAnalysis {
  summary: Record<string, unknown>
  findings: Finding[]
  /** Built only when asked for (the paste box), never for `dbconsole analyze`. */
  view?: () => AnalysisView
}

/**
 * One kind of pasted server output (`pg.plan`, `redis.info`, `mongo.explain`...): how to recognise it,
 * and how to turn it into the summary facts and findings of spec/analysis-report.md.
 */
export interface AnalysisKind {
  kind: AnalysisKindId
  engine: EngineKind
  /**
   * How sure this kind is that `text` is its output: 0 = not mine, 1 = could be, 2 = certain.
   * Must be cheap (look at the first few KB); `analyze` tries the most confident kind first.
   */
  detect(text: string): 0 | 1 | 2
  analyze(text: string): ParseResult<KindAnalysis>
}
