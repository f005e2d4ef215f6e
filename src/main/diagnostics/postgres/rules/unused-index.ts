/**
 * pg.unused-index: indexes with idx_scan = 0 since the last statistics reset, excluding unique, primary-key
 * and constraint-backed indexes (dropping those changes behaviour) and invalid ones (pg.invalid-index).
 * Probes: pg_stat_user_indexes, pg_settings (stats_reset, in_recovery). Checked against PostgreSQL 15.
 * Threshold: seed 004:8454-8465 (the best of the seeds' four rules): not unique, on a table above
 * 5 pages; smaller tables get an info finding only, and so does every index when read on a replica (its
 * counts are its own: an index unused there may serve the primary, and the writes are paid on the primary). Counts are per node and since the stats reset
 * (reliability-and-safety 2.4): the detail says so, and never proposes a drop without that caveat.
 */
import type { Finding } from '../../../../shared/findings'
import { remedy } from '../../pipeline/remedy'
import { capFindings, fmtBytes, pgRule, qualified, subjectOf } from '../health-input'

export const RULE = 'pg.unused-index'
export const SMALL_TABLE_BYTES = 5 * 8192

export const unusedIndexRule = pgRule({
  id: RULE,
  needs: ['pg_stat_user_indexes'],
  evaluate: ({ pg_stat_user_indexes: indexes, pg_settings: settings }, context) => {
    const statsReset = settings ? settings.stats_reset : null
    const onReplica = settings ? settings.in_recovery : false
    const since = statsReset
      ? `since the statistics reset at ${statsReset}`
      : 'since statistics began (never reset)'
    const out: Finding[] = []
    const unused = indexes
      .filter((i) => i.idx_scan === 0 && !i.is_unique && !i.is_primary && !i.constraint_backed && i.is_valid)
      .sort((a, b) => b.index_bytes - a.index_bytes)
    for (const i of unused) {
      const small = i.table_bytes <= SMALL_TABLE_BYTES
      const quiet = small || onReplica
      out.push({
        rule: RULE,
        severity: quiet ? 'info' : 'warning',
        title: `Index ${qualified(i.schemaname, i.indexrelname)} on ${i.relname} has never been scanned (${fmtBytes(i.index_bytes)})`,
        detail:
          `idx_scan = 0 on this ${onReplica ? 'replica' : 'node'} ${since}. Every write still maintains it. ` +
          'Scan counts are kept per node: check the primary and every replica (and a full business cycle since the reset) ' +
          'before dropping it with DROP INDEX CONCURRENTLY.' +
          (small ? ' The table is tiny, so the index costs little.' : ''),
        target: qualified(i.schemaname, i.indexrelname),
        subject: subjectOf('index', qualified(i.schemaname, i.indexrelname), context),
        remedy: remedy(
          'postgres.dropIndex',
          { schema: i.schemaname, index: i.indexrelname },
          `Drop index ${qualified(i.schemaname, i.indexrelname)}`
        ),
        evidence: {
          schema: i.schemaname,
          index: i.indexrelname,
          table: qualified(i.schemaname, i.relname),
          idxScan: i.idx_scan,
          indexBytes: i.index_bytes,
          tableBytes: i.table_bytes,
          statsReset,
          countedOn: onReplica ? 'replica' : 'primary',
          indexdef: i.indexdef
        },
        units: { idxScan: 'count', indexBytes: 'bytes', tableBytes: 'bytes' }
      })
    }
    return capFindings(RULE, out)
  }
})
