/**
 * Rules on system.profile entries (any server version; planningTimeMicros 6.2+, cpuNanos 6.3+ on Linux,
 * queryHash 4.2+, queryShapeHash 8.0+), grouped by query shape (profile-shapes.ts). The scans, the
 * examined ratio and lock waits of profiled entries are in rule-collscan.ts, rule-examined-ratio.ts and
 * rule-lock-wait.ts.
 * - mongo.slow-query: the slowest shapes by total time, warning when one run took >= 1,000 ms (seed:
 *   "5 seconds? Too slow!"; profiler entries are already above slowms, so 1 s is our line)
 * - mongo.replanned: shapes replanned (plan cache evicted the cached plan), info; warning with
 *   planningTimeMicros >= 50,000 (our line: planning costs more than most indexed queries)
 * - mongo.profiler: a live check found no database with the profiler on (info: the profile rules saw nothing)
 */
import { about, finding, fmt, nodeSubject } from './finding'
import { groupByShape, shapeSubject } from './profile-shapes'
import { mongoRule } from './records'
import type { ShapeGroup } from '../../../shared/records/mongo'

export const SLOW_QUERY_SHAPES = 3

/** The slowest shapes by total time (profiled entries, or slow operations in a server log). */
export const slowShapeFindings = (groups: ShapeGroup[], node: string | null) =>
  groups.slice(0, SLOW_QUERY_SHAPES).map((g) =>
    about(
      finding(
        'mongo.slow-query',
        g.maxMillis >= 1_000 ? 'warning' : 'info',
        `Slow shape on ${g.ns}: ${g.count} × ${g.op}, ${fmt(g.totalMillis)} ms total`,
        `Slowest run ${fmt(g.maxMillis)} ms, plan ${g.planSummary ?? 'unknown'}, ${fmt(g.docsExamined)} documents examined for ${fmt(g.nreturned)} returned${g.cpuNanos !== null ? `, ${fmt(Math.round(g.cpuNanos / 1e6))} ms of CPU` : ''}.`,
        g.ns,
        { ...g }
      ),
      shapeSubject(g.shape, node),
      {
        units: {
          count: 'count',
          totalMillis: 'ms',
          maxMillis: 'ms',
          docsExamined: 'count',
          keysExamined: 'count',
          nreturned: 'count',
          maxDocsExamined: 'count',
          replanned: 'count',
          maxPlanningTimeMicros: 'us',
          lockWaitMicros: 'us'
        }
      }
    )
  )

export const slowQueryRule = mongoRule({
  id: 'mongo.slow-query',
  needs: ['profile'],
  evaluate: ({ profile }, c) => slowShapeFindings(groupByShape(profile.entries), c.node)
})

export const replannedRule = mongoRule({
  id: 'mongo.replanned',
  needs: ['profile'],
  evaluate: ({ profile }, c) =>
    groupByShape(profile.entries)
      .filter((s) => s.replanned > 0)
      .map((g) =>
        about(
          finding(
            'mongo.replanned',
            (g.maxPlanningTimeMicros ?? 0) >= 50_000 ? 'warning' : 'info',
            `Query shape on ${g.ns} was replanned ${g.replanned} ${g.replanned === 1 ? 'time' : 'times'}`,
            `The cached plan stopped being efficient and the planner ran again${g.maxPlanningTimeMicros !== null ? ` (planning took up to ${fmt(g.maxPlanningTimeMicros)} µs)` : ''}. Frequent replanning means competing indexes of similar selectivity; a hint or a better index settles it.`,
            g.ns,
            { shape: g.shape, replanned: g.replanned, maxPlanningTimeMicros: g.maxPlanningTimeMicros }
          ),
          shapeSubject(g.shape, c.node),
          { units: { replanned: 'count', maxPlanningTimeMicros: 'us' } }
        )
      )
})

export const profilerOffRule = mongoRule({
  id: 'mongo.profiler',
  needs: ['profile'],
  evaluate: ({ profile }, c) =>
    profile.profiledDatabases === null || profile.profiledDatabases.length > 0
      ? []
      : [
          about(
            finding(
              'mongo.profiler',
              'info',
              `Profiler is off on ${c.node ?? 'this node'}`,
              `No database on this node has the profiler on, so slow-query shapes could not be read. dbconsole does not turn it on during a check (it costs the server); the slow-query log is an alternative.`,
              c.node,
              { databases: profile.databases }
            ),
            nodeSubject(c.node),
            { units: { databases: 'count' } }
          )
        ]
})
