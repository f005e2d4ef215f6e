/** The `pg.plan` analysis kind: EXPLAIN output in JSON or TEXT, however it was copied. */
import type { AnalysisKind } from '../kind'
import { parsed } from '../parse-result'
import { analyzePlan } from './analyze-plan'
import { detectPlan } from './parse-plan'

export const pgPlanKind: AnalysisKind = {
  kind: 'pg.plan',
  engine: 'postgres',
  detect: detectPlan,
  analyze: (text) => {
    const result = analyzePlan(text)
    if (!result.ok) return result
    return parsed({ summary: result.value.summary, findings: result.value.findings })
  }
}
