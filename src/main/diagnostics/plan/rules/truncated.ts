/**
 * pg.plan.truncated (warning): the plan read is only a part of one (the copy was cut off, or started at a
 * `->` child). The parts that are there are analysed; this says what is not, so the report is never
 * taken for a whole plan's.
 */
import { finding, type PlanRule } from './helpers'

export const truncatedRule: PlanRule = ({ document }) => {
  const missing = document.missing
  if (missing.length === 0) return []
  return [
    finding(
      'pg.plan.truncated',
      'warning',
      'Only part of the plan was pasted: the analysis covers what is there',
      `The copy lacks ${missing.join('; ')}. Times, totals and findings describe only the part that is there; copy the whole EXPLAIN output for the rest.`,
      null,
      { missing }
    )
  ]
}
