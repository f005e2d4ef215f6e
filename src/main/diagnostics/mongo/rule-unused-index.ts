/**
 * Rule mongo.unused-index. Reads: $indexStats (3.2+; `spec` 4.2+, hidden indexes 4.4+) per collection,
 * per node. An index other than _id_ with accesses.ops 0. Caveat stated in every finding: the counters
 * reset when the server restarts (and when the index is rebuilt), and each member counts only its own
 * reads, so an index unused on the primary may serve queries on a secondary. Warning; info when the
 * counters are younger than 7 days (our line: weekly jobs).
 */
import type { Finding } from '../../../shared/findings'
import { finding } from './finding'
import type { IndexUsage } from './parse-records'

const WEEK_MS = 7 * 24 * 3600 * 1000

export const unusedIndexRule = (indexes: IndexUsage[], now: Date | null = null): Finding[] =>
  indexes
    .filter((i) => i.ops === 0 && i.name !== '_id_')
    .map((i) => {
      const young = now !== null && i.since !== null && now.getTime() - i.since.getTime() < WEEK_MS
      return finding(
        'mongo.unused-index',
        young ? 'info' : 'warning',
        `Index ${i.name}${i.ns ? ` on ${i.ns}` : ''} has not been used since ${i.since ? i.since.toISOString() : 'the counters started'}`,
        `$indexStats counts 0 operations on this index${i.host ? ` on ${i.host}` : ''}. The counters reset when the server restarts, and each member counts only its own reads: check every member before hiding (hideIndex, reversible) and later dropping it. Unused indexes still cost on every write.`,
        i.ns ? `${i.ns}.${i.name}` : i.name,
        {
          ns: i.ns,
          index: i.name,
          ops: i.ops,
          since: i.since?.toISOString() ?? null,
          host: i.host,
          hidden: i.hidden
        }
      )
    })
