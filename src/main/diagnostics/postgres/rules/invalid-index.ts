/**
 * pg.invalid-index: indexes with pg_index.indisvalid = false, left by a failed or cancelled
 * CREATE INDEX CONCURRENTLY / REINDEX CONCURRENTLY (`_ccnew`/`_ccold`). The planner never uses them but
 * every write still maintains them (when indisready).
 * Probes: pg_stat_user_indexes (is_valid, is_ready), pg_stat_activity (a build in progress looks the same).
 * Checked against PostgreSQL 15. Threshold: any; info instead of warning when a concurrent index build is
 * running right now in this database (that index is invalid until it finishes).
 * Remedy: REINDEX INDEX CONCURRENTLY (rebuilds it in place, PostgreSQL 12+); DROP INDEX CONCURRENTLY is
 * the alternative. None while a build is running: acting on an index being built would fight it.
 */
import { remedy } from '../../pipeline/remedy'
import { fmtBytes, pgRule, qualified, subjectOf } from '../health-input'

export const RULE = 'pg.invalid-index'
const BUILDING = /\b(create\s+(unique\s+)?index\s+concurrently|reindex\b.*\bconcurrently)\b/i

const invalidIndexRemedies = (schema: string, index: string) => ({
  remedy: remedy('postgres.reindex', { schema, index }, `REINDEX ${qualified(schema, index)}`),
  alternatives: [remedy('postgres.dropIndex', { schema, index }, `Drop index ${qualified(schema, index)}`)]
})

export const invalidIndexRule = pgRule({
  id: RULE,
  needs: ['pg_stat_user_indexes'],
  evaluate: (
    { pg_stat_user_indexes: indexes, pg_stat_activity: activity, pg_settings: settings },
    context
  ) => {
    const db = settings ? settings.current_database : null
    const buildRunning = activity
      ? activity.some(
          (a) => a.state === 'active' && (db === null || a.datname === db) && BUILDING.test(a.query ?? '')
        )
      : false
    return indexes
      .filter((i) => !i.is_valid)
      .map((i) => ({
        rule: RULE,
        severity: buildRunning ? ('info' as const) : ('warning' as const),
        title: `Invalid index ${qualified(i.schemaname, i.indexrelname)} on ${i.relname}`,
        detail:
          (buildRunning
            ? 'A concurrent index build is running in this database; this may be it, still in progress. Otherwise: '
            : '') +
          `The index is marked invalid (a failed or cancelled CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY). Queries never use it` +
          `${i.is_ready ? ', but every INSERT/UPDATE still maintains it' : ''} (${fmtBytes(i.index_bytes)}). ` +
          'Rebuild it with REINDEX INDEX CONCURRENTLY, or drop it with DROP INDEX CONCURRENTLY; for a UNIQUE index first fix the duplicate values that made the build fail.',
        target: qualified(i.schemaname, i.indexrelname),
        subject: subjectOf('index', qualified(i.schemaname, i.indexrelname), context),
        evidence: {
          schema: i.schemaname,
          index: i.indexrelname,
          table: qualified(i.schemaname, i.relname),
          isReady: i.is_ready,
          indexBytes: i.index_bytes,
          indexdef: i.indexdef,
          buildRunning
        },
        units: { indexBytes: 'bytes' as const },
        ...(buildRunning ? {} : invalidIndexRemedies(i.schemaname, i.indexrelname))
      }))
  }
})
