/**
 * Rule mongo.unused-index. Reads: $indexStats (3.2+; `spec` 4.2+, hidden indexes 4.4+) per collection,
 * per node. An index other than _id_ with accesses.ops 0. Caveat stated in every finding: the counters
 * reset when the server restarts (and when the index is rebuilt), and each member counts only its own
 * reads, so an index unused on the primary may serve queries on a secondary. Warning; info when the
 * counters are younger than 7 days (our line: weekly jobs). A live check reads a bounded number of
 * collections and says so when it could not read them all.
 * Remedy: hideIndex (collMod, reversible); an index already hidden offers unhideIndex, its undo.
 */
import type { Finding, FindingRemedy } from '../../../shared/findings'
import { notEvaluated } from '../finding'
import { about, finding } from './finding'
import { mongoRule } from './records'
import { isUnused } from './summaries'

const WEEK_MS = 7 * 24 * 3600 * 1000

/** `db.collection` -> its parts: database names cannot hold a dot, collection names can. */
const hideRemedy = (ns: string | null, index: string, hidden: boolean | null): FindingRemedy | undefined => {
  const dot = ns?.indexOf('.') ?? -1
  if (ns === null || dot <= 0 || dot === ns.length - 1 || index === '_id_') return undefined
  const target = { db: ns.slice(0, dot), collection: ns.slice(dot + 1), index }
  return hidden === true
    ? { action: 'mongo.unhideIndex', target, label: `Unhide index ${index}` }
    : { action: 'mongo.hideIndex', target, label: `Hide index ${index}` }
}

export const unusedIndexRule = mongoRule({
  id: 'mongo.unused-index',
  needs: ['indexStats'],
  evaluate: ({ indexStats }, c) => {
    const out: Finding[] = indexStats.indexes.filter(isUnused).map((i) => {
      const young = c.now !== null && i.since !== null && c.now.getTime() - i.since.getTime() < WEEK_MS
      const name = i.ns ? `${i.ns}.${i.name}` : i.name
      const node = i.host ?? c.node
      return about(
        finding(
          'mongo.unused-index',
          young ? 'info' : 'warning',
          `Index ${i.name}${i.ns ? ` on ${i.ns}` : ''} has not been used since ${i.since ? i.since.toISOString() : 'the counters started'}`,
          `$indexStats counts 0 operations on this index${i.host ? ` on ${i.host}` : ''}. The counters reset when the server restarts, and each member counts only its own reads: check every member before hiding (hideIndex, reversible) and later dropping it. Unused indexes still cost on every write.`,
          name,
          {
            ns: i.ns,
            index: i.name,
            ops: i.ops,
            since: i.since?.toISOString() ?? null,
            host: i.host,
            hidden: i.hidden
          }
        ),
        { kind: 'index', name, ...(node ? { node } : {}) },
        { units: { ops: 'count' }, remedy: hideRemedy(i.ns, i.name, i.hidden) }
      )
    })
    const { checkedCollections: checked, totalCollections: total } = indexStats
    if (checked !== null && total !== null && total > checked)
      out.push(
        notEvaluated(
          'mongo.unused-index',
          `Only the first ${checked} of ${total} collections were checked with $indexStats (the check is bounded).`
        )
      )
    return out
  }
})
