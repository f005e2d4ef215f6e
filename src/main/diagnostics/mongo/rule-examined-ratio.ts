/**
 * Rule mongo.docs-examined-ratio. Reads: explain executionStats totals (totalDocsExamined,
 * totalKeysExamined, nReturned; 3.0-8.0 names) or the profiled shape with the worst ratio (docsExamined,
 * keysExamined, nreturned). Threshold: the seed's only example is 1,000,000 examined for 10 returned,
 * with no ratio given. Ours: warning at >= 100 examined per returned document once >= 1,000 were
 * examined; critical at >= 10,000 per returned with >= 100,000 examined. Returned 0 counts as 1
 * (spec/analysis-report.md). count returns no documents by design: examined/returned says nothing there.
 */
import type { Finding, FindingSubject } from '../../../shared/findings'
import type { ShapeGroup } from '../../../shared/records/mongo'
import { examinedPerReturned } from './examined'
import { about, finding, fmt } from './finding'
import { drawnPlan, walkPlan, type ParsedExplain } from './parse-explain'
import { groupByShape, shapeSubject } from './profile-shapes'
import { mongoRule } from './records'

export const RATIO_WARNING = 100
export const RATIO_CRITICAL = 10_000

const UNITS = {
  docsExamined: 'count',
  keysExamined: 'count',
  nReturned: 'count',
  ratio: 'ratio'
} as const

const ratioFinding = (
  totals: { docsExamined: number | null; keysExamined: number | null; nReturned: number | null },
  target: string | null
): Finding | null => {
  const ratio = examinedPerReturned(totals.docsExamined, totals.keysExamined, totals.nReturned)
  const examined = Math.max(totals.docsExamined ?? 0, totals.keysExamined ?? 0)
  if (ratio === null || ratio < RATIO_WARNING || examined < 1_000) return null
  return finding(
    'mongo.docs-examined-ratio',
    ratio >= RATIO_CRITICAL && examined >= 100_000 ? 'critical' : 'warning',
    `${fmt(Math.round(ratio))} documents or keys examined per document returned`,
    `The query examined ${fmt(totals.docsExamined ?? 0)} documents and ${fmt(totals.keysExamined ?? 0)} index keys to return ${fmt(totals.nReturned ?? 0)}. A selective index on the filter fields would read close to one entry per result.`,
    target,
    { ...totals, ratio: Math.round(ratio * 10) / 10 }
  )
}

/** The drawn stage that examined the most per document it returned (the first on ties), else the root. */
const worstStage = (e: ParsedExplain): FindingSubject | null => {
  const stages: { name: string; path: number[]; ratio: number }[] = []
  walkPlan(drawnPlan(e), (n, _parent, path) => {
    const ratio = examinedPerReturned(n.docsExamined, n.keysExamined, n.nReturned) ?? -1
    stages.push({ name: n.stage, path, ratio })
  })
  const worst = stages.reduce<(typeof stages)[number] | null>(
    (a, s) => (a === null || s.ratio > a.ratio ? s : a),
    null
  )
  return worst === null ? null : { kind: 'stage', name: worst.name, path: worst.path }
}

export const examinedRatioInExplainRule = mongoRule({
  id: 'mongo.docs-examined-ratio',
  needs: ['explain'],
  evaluate: ({ explain: e }) => {
    if (e.command === 'count') return []
    const f = ratioFinding(
      { docsExamined: e.totalDocsExamined, keysExamined: e.totalKeysExamined, nReturned: e.nReturned },
      e.namespace
    )
    return f ? [about(f, worstStage(e), { units: UNITS })] : []
  }
})

/** The shape with the worst examined-per-returned ratio (profiled entries, or slow operations in a log). */
export const examinedRatioShapeFindings = (groups: ShapeGroup[], node: string | null): Finding[] => {
  const worst = groups
    .map((g) => ({ g, r: examinedPerReturned(g.docsExamined, g.keysExamined, g.nreturned) ?? 0 }))
    .sort((a, b) => b.r - a.r)[0]
  if (!worst) return []
  const { g } = worst
  const f = ratioFinding(
    { docsExamined: g.docsExamined, keysExamined: g.keysExamined, nReturned: g.nreturned },
    g.ns
  )
  return f
    ? [
        about(
          { ...f, evidence: { ...f.evidence, shape: g.shape, runs: g.count } },
          shapeSubject(g.shape, node),
          {
            units: { ...UNITS, runs: 'count' }
          }
        )
      ]
    : []
}

export const examinedRatioInProfileRule = mongoRule({
  id: 'mongo.docs-examined-ratio',
  needs: ['profile'],
  evaluate: ({ profile }, c) => examinedRatioShapeFindings(groupByShape(profile.entries), c.node)
})
