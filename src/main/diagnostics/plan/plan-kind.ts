/** The `pg.plan` analysis kind: EXPLAIN output in JSON or TEXT, however it was copied. */
import type { AnalysisView, AnalyzedText } from '../../../shared/analysis'
import { sortFindings } from '../../../shared/findings'
import type { PlanAnalysis } from '../../../shared/plan'
import type { AnalysisKind } from '../kind'
import { parsed } from '../parse-result'
import { analyzePlan } from './analyze-plan'
import { detectPlan } from './parse-plan'

/**
 * The plan view's tree. Each analysed node carries its parsed node, whose `children` hold the whole
 * subtree: sent as is, a deep plan would travel once per level. The tree is already in
 * `document.root`; nodes link by childIds.
 */
export const planView = (analysis: PlanAnalysis): AnalysisView => ({
  kind: 'pg.plan',
  plan: { ...analysis, nodes: analysis.nodes.map((n) => ({ ...n, node: { ...n.node, children: [] } })) }
})

/** The pg.plan report of a plan parsed elsewhere (a live EXPLAIN), with its view. */
export const planReport = (input: string, analysis: PlanAnalysis): AnalyzedText => ({
  input,
  ok: true,
  engine: 'postgres',
  kind: 'pg.plan',
  summary: analysis.summary,
  findings: sortFindings(analysis.findings),
  error: null,
  view: planView(analysis)
})

export const pgPlanKind: AnalysisKind = {
  kind: 'pg.plan',
  engine: 'postgres',
  detect: detectPlan,
  analyze: (text) => {
    const result = analyzePlan(text)
    if (!result.ok) return result
    const { summary, findings } = result.value
    return parsed({ summary, findings, view: () => planView(result.value) })
  }
}
