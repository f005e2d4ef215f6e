/**
 * MongoLogAnalyzer -> the mongo.log summary and findings. The slow shapes are judged by the profile's
 * rules (mongo.slow-query, mongo.collscan, mongo.docs-examined-ratio, same thresholds), so a log and a
 * profiled server tell the same story; mongo.log.* rules are the log's own:
 * - mongo.log.truncated: the last line is cut (warning: the report stops there);
 * - mongo.log.unreadable-lines: lines that are not log entries, skipped and counted (warning);
 * - mongo.log.errors: E/F lines by id and message, critical for a fatal (the server stopped or
 *   asserted), warning for errors (our line: any error line is worth a look in an incident).
 */
import type { Finding } from '../../../shared/findings'
import { examinedPerReturned } from '../mongo/examined'
import { finding, fmt } from '../mongo/finding'
import { byTotalMillis } from '../mongo/profile-shapes'
import { collscanShapeFindings } from '../mongo/rule-collscan'
import { examinedRatioShapeFindings } from '../mongo/rule-examined-ratio'
import { slowShapeFindings } from '../mongo/rule-profile'
import { oneLine } from '../postgres/health-input'
import type { LoggedShape, MongoLogAnalyzer } from './mongo-log-analyzer'

export const TOP = 20
/** Error groups that get a finding each; the rest are in the summary. */
export const ERROR_FINDINGS = 10

const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 1000)

const shapeSummary = ({ group: g, durations: d, worst }: LoggedShape) => ({
  shape: g.shape,
  op: g.op,
  ns: g.ns,
  planSummary: g.planSummary,
  collscan: g.planSummary === 'COLLSCAN',
  count: g.count,
  totalMs: round(d.sumMs),
  meanMs: round(d.sumMs / d.count),
  maxMs: round(d.maxMs),
  p95Ms: round(d.quantile(0.95)),
  docsExamined: g.docsExamined,
  keysExamined: g.keysExamined,
  nreturned: g.nreturned,
  examinedPerReturned: round(examinedPerReturned(g.docsExamined, g.keysExamined, g.nreturned)),
  worst
})

export const buildMongoLogReport = (
  a: MongoLogAnalyzer,
  truncatedAtLine: number | null
): { summary: Record<string, unknown>; findings: Finding[] } => {
  const shapes = [...a.shapes.values()].sort((x, y) => y.durations.sumMs - x.durations.sumMs)
  const groups = byTotalMillis(shapes.map((s) => s.group))
  const errors = a.errors.ranked()
  const findings: Finding[] = []
  if (truncatedAtLine !== null)
    findings.push(
      finding(
        'mongo.log.truncated',
        'warning',
        `The log stops in the middle of a line at line ${truncatedAtLine}`,
        'The last line has no newline (a cut JSON document): the log was read up to it. A log copied while mongod was writing it ends like this; copy it again for the rest.',
        `line ${truncatedAtLine}`,
        { line: truncatedAtLine }
      )
    )
  if (a.unreadable.count > 0)
    findings.push(
      finding(
        'mongo.log.unreadable-lines',
        'warning',
        `${a.unreadable.count} line(s) could not be read as MongoDB log entries`,
        `They were skipped and counted. First: ${a.unreadable.first.map((u) => `line ${u.line}: ${oneLine(u.text, 80)}`).join('; ')}.`,
        `line ${a.unreadable.first[0]?.line ?? 0}`,
        { count: a.unreadable.count, first: a.unreadable.first }
      )
    )
  findings.push(
    ...slowShapeFindings(groups, null),
    ...collscanShapeFindings(groups, null, 'logged'),
    ...examinedRatioShapeFindings(groups, null)
  )
  for (const e of errors.slice(0, ERROR_FINDINGS))
    findings.push(
      finding(
        'mongo.log.errors',
        e.severity === 'F' ? 'critical' : 'warning',
        `${e.count} ${e.severity === 'F' ? 'fatal' : 'error'} line(s): ${e.msg}${e.id !== null ? ` (id ${e.id})` : ''}`,
        `Component ${e.component ?? '?'}, lines ${fmt(e.firstLine)} to ${fmt(e.lastLine)}. First: ${e.example}`,
        `line ${e.firstLine}`,
        { ...e }
      )
    )
  return {
    summary: {
      format: 'mongo-json',
      lines: a.lines,
      entries: a.entries,
      unreadableLines: a.unreadable.count,
      truncatedAtLine,
      firstTime: a.firstTime,
      lastTime: a.lastTime,
      slowOperations: a.slowOperations,
      unrankedSlowOperations: a.unrankedSlowOperations,
      shapeCount: shapes.length,
      shapesByTotal: shapes.slice(0, TOP).map(shapeSummary),
      errorLines: errors.reduce((n, e) => n + e.count, 0) + a.errors.ungrouped,
      errors: errors.slice(0, TOP)
    },
    findings
  }
}
