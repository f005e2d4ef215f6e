/**
 * Rule mongo.collscan: a full collection scan, wherever it shows.
 * - explain (3.0-8.0; COLLSCAN is the same name in classic and SBE queryPlan; CLUSTERED_IXSCAN on
 *   clustered collections is not a full scan). The subject is the scan that examined the most.
 * - currentOp: an active client op whose planSummary is COLLSCAN (warning; the remedy is killOp).
 * - system.profile: query shapes whose planSummary is COLLSCAN.
 * Threshold: the seed catalogue's story (20 ms -> 5 s as a collection grew from 10K to 10M documents)
 * gives no number, so: critical at >= 100,000 documents examined (our choice, a size where a full scan
 * costs seconds on ordinary hardware), warning below or when the plan was not executed.
 */
import type { FindingSubject } from '../../../shared/findings'
import type { ShapeGroup } from '../../../shared/records/mongo'
import { activeClientOps, killOpRemedy, opEvidence, opLabel, opSubject } from './current-op-finding'
import { about, finding, fmt } from './finding'
import { drawnPlan, walkPlan, type ParsedExplain } from './parse-explain'
import { groupByShape, shapeSubject } from './profile-shapes'
import { mongoRule } from './records'

export const COLLSCAN_CRITICAL_DOCS = 100_000

interface Scan {
  shard: string | null
  docsExamined: number | null
  filter: unknown
  /** Child indexes from the drawn tree's root; null when the scan is not in the drawn tree. */
  path: number[] | null
}

const scansOf = (e: ParsedExplain): Scan[] => {
  const scans: Scan[] = []
  walkPlan(drawnPlan(e), (n, _parent, path) => {
    if (n.stage === 'COLLSCAN')
      scans.push({ shard: n.shard, docsExamined: n.docsExamined, filter: n.filter, path })
  })
  if (scans.length === 0 && e.executionPlan)
    walkPlan(e.winningPlan, (n) => {
      if (n.stage === 'COLLSCAN')
        scans.push({ shard: n.shard, docsExamined: null, filter: n.filter, path: null })
    })
  return scans
}

/** The scan that examined the most (the first on ties): the stage the finding points at. */
const worstScan = (scans: Scan[]): FindingSubject => {
  const worst = scans.reduce((a, s) => ((s.docsExamined ?? -1) > (a.docsExamined ?? -1) ? s : a))
  return { kind: 'stage', name: 'COLLSCAN', ...(worst.path ? { path: worst.path } : {}) }
}

export const collscanInExplainRule = mongoRule({
  id: 'mongo.collscan',
  needs: ['explain'],
  evaluate: ({ explain: e }) => {
    const scans = scansOf(e)
    if (scans.length === 0) return []
    const examined =
      scans.reduce<number | null>(
        (a, s) => (s.docsExamined === null ? a : (a ?? 0) + s.docsExamined),
        null
      ) ?? e.totalDocsExamined
    const where = e.namespace ?? 'the collection'
    return [
      about(
        finding(
          'mongo.collscan',
          examined !== null && examined >= COLLSCAN_CRITICAL_DOCS ? 'critical' : 'warning',
          `Full collection scan on ${where}`,
          examined === null
            ? `The winning plan reads every document of ${where} (COLLSCAN). Run explain("executionStats") to see how many, and add an index that matches the filter (equality fields first, then sort, then range: ESR).`
            : `The winning plan read ${fmt(examined)} documents of ${where} with a COLLSCAN to return ${fmt(e.nReturned ?? 0)}. A full scan grows with the collection; add an index that matches the filter (equality, sort, range: ESR).`,
          e.namespace,
          {
            docsExamined: examined,
            nReturned: e.nReturned,
            shards: [...new Set(scans.map((s) => s.shard).filter((s) => s !== null))],
            filter: scans[0]?.filter ?? null
          }
        ),
        worstScan(scans),
        { units: { docsExamined: 'count', nReturned: 'count' } }
      )
    ]
  }
})

export const collscanInCurrentOpRule = mongoRule({
  id: 'mongo.collscan',
  needs: ['currentOp'],
  evaluate: ({ currentOp }, c) =>
    activeClientOps(currentOp)
      .filter((o) => o.planSummary === 'COLLSCAN')
      .map((o) =>
        about(
          finding(
            'mongo.collscan',
            'warning',
            `${opLabel(o)} is scanning the whole collection`,
            `This running operation uses a COLLSCAN on ${o.ns ?? 'its collection'}. Add an index matching its filter.`,
            o.ns,
            opEvidence(o)
          ),
          opSubject(o, c.node),
          { remedy: killOpRemedy(o), units: { secsRunning: 'seconds' } }
        )
      )
})

/** Query shapes whose plan is a COLLSCAN (profiled entries, or slow operations in a server log). */
export const collscanShapeFindings = (groups: ShapeGroup[], node: string | null, source = 'profiled') =>
  groups
    .filter((s) => s.planSummary === 'COLLSCAN')
    .map((g) =>
      about(
        finding(
          'mongo.collscan',
          g.maxDocsExamined >= COLLSCAN_CRITICAL_DOCS ? 'critical' : 'warning',
          `${g.count} ${source} ${g.op} ${g.count === 1 ? 'run' : 'runs'} scanned all of ${g.ns}`,
          `This query shape ran ${g.count} times with a COLLSCAN, examining up to ${fmt(g.maxDocsExamined)} documents and taking ${fmt(g.totalMillis)} ms in total. Add an index matching its filter (equality, sort, range: ESR).`,
          g.ns,
          {
            shape: g.shape,
            count: g.count,
            totalMillis: g.totalMillis,
            maxMillis: g.maxMillis,
            maxDocsExamined: g.maxDocsExamined
          }
        ),
        shapeSubject(g.shape, node),
        { units: { count: 'count', totalMillis: 'ms', maxMillis: 'ms', maxDocsExamined: 'count' } }
      )
    )

export const collscanInProfileRule = mongoRule({
  id: 'mongo.collscan',
  needs: ['profile'],
  evaluate: ({ profile }, c) => collscanShapeFindings(groupByShape(profile.entries), c.node)
})
