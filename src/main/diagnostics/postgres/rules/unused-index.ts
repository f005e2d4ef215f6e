/**
 * pg.unused-index: indexes with idx_scan = 0 since the last statistics reset, excluding unique, primary-key
 * and constraint-backed indexes (dropping those changes behaviour) and invalid ones (pg.invalid-index).
 * Probes: pg_stat_user_indexes, pg_settings (stats_reset, in_recovery); in the app also the other connected
 * nodes of the cluster (context.peerIndexUsage). Checked against PostgreSQL 15 (primary + streaming replica).
 * Threshold: seed 004:8454-8465 (the best of the seeds' four rules): not unique, on a table above
 * 5 pages; smaller tables get an info finding only, and so does every index when read on a replica (the
 * writes are paid on the primary). Scan counts are per node and since the stats reset (reliability-and-safety
 * 2.4): an index scanned on any connected node is reported as used there, with no drop offered; when no
 * other node is connected, or one could not be read, the detail says that the count is this node's only.
 */
import type { Finding } from '../../../../shared/findings'
import { remedy } from '../../pipeline/remedy'
import { capFindings, fmtBytes, pgRule, qualified, subjectOf, type PeerIndexUsage } from '../health-input'

export const RULE = 'pg.unused-index'
export const SMALL_TABLE_BYTES = 5 * 8192

interface NodeScans {
  node: string
  role: 'primary' | 'replica'
  /** null: that node could not be read. */
  idxScan: number | null
  why?: string
}

const scansOn = (peers: readonly PeerIndexUsage[], name: string): NodeScans[] =>
  peers.map((p) =>
    p.ok
      ? { node: p.node, role: p.role, idxScan: p.scans[name] ?? 0 }
      : { node: p.node, role: p.role, idxScan: null, why: p.why }
  )

const listScans = (nodes: readonly NodeScans[]): string =>
  nodes
    .map(
      (n) =>
        `${n.role} ${n.node}: ${n.idxScan === null ? `not read (${n.why ?? 'unknown'})` : `${n.idxScan} scans`}`
    )
    .join('; ')

export const unusedIndexRule = pgRule({
  id: RULE,
  needs: ['pg_stat_user_indexes'],
  evaluate: ({ pg_stat_user_indexes: indexes, pg_settings: settings }, context) => {
    const statsReset = settings ? settings.stats_reset : null
    const onReplica = settings ? settings.in_recovery : false
    const here = onReplica ? 'replica' : 'primary'
    const peers = context.peerIndexUsage ?? []
    const since = statsReset
      ? `since the statistics reset at ${statsReset}`
      : 'since statistics began (never reset)'
    const out: Finding[] = []
    const unused = indexes
      .filter((i) => i.idx_scan === 0 && !i.is_unique && !i.is_primary && !i.constraint_backed && i.is_valid)
      .sort((a, b) => b.index_bytes - a.index_bytes)
    for (const i of unused) {
      const name = qualified(i.schemaname, i.indexrelname)
      const others = scansOn(peers, name)
      const byNode: NodeScans[] = [
        { node: context.node ?? 'this node', role: here, idxScan: i.idx_scan },
        ...others
      ]
      const usedElsewhere = others.filter((n) => (n.idxScan ?? 0) > 0)
      const unread = others.filter((n) => n.idxScan === null)
      const evidence = {
        schema: i.schemaname,
        index: i.indexrelname,
        table: qualified(i.schemaname, i.relname),
        idxScan: i.idx_scan,
        indexBytes: i.index_bytes,
        tableBytes: i.table_bytes,
        statsReset,
        countedOn: here,
        scansByNode: byNode,
        indexdef: i.indexdef
      }
      const units = { idxScan: 'count', indexBytes: 'bytes', tableBytes: 'bytes' } as const
      if (usedElsewhere.length > 0) {
        // Scanned on another node: it serves reads there. Dropping it (on the primary, for all) would hurt them.
        out.push({
          rule: RULE,
          severity: 'info',
          title: `Index ${name} on ${i.relname} is not scanned on this ${here} but is used on ${usedElsewhere.map((n) => `the ${n.role} ${n.node} (${n.idxScan} scans)`).join(', ')}`,
          detail:
            `idx_scan = 0 on this ${here} ${since}, but the index serves queries elsewhere (${listScans(byNode)}). ` +
            'Keep it: an index is dropped for every node at once.',
          target: name,
          subject: subjectOf('index', name, context),
          evidence,
          units
        })
        continue
      }
      const small = i.table_bytes <= SMALL_TABLE_BYTES
      const quiet = small || onReplica
      const nodesSaid =
        others.length === 0
          ? 'Scan counts are kept per node and no other node of this cluster is connected: check the primary and every replica'
          : unread.length > 0
            ? `Scan counts are kept per node (${listScans(byNode)}): check the nodes that could not be read`
            : `Never scanned on any connected node (${listScans(byNode)}); check any replica not connected here`
      out.push({
        rule: RULE,
        severity: quiet ? 'info' : 'warning',
        title: `Index ${name} on ${i.relname} has never been scanned (${fmtBytes(i.index_bytes)})`,
        detail:
          `idx_scan = 0 on this ${here} ${since}. Every write still maintains it. ${nodesSaid} ` +
          '(and a full business cycle since the reset) before dropping it with DROP INDEX CONCURRENTLY.' +
          (small ? ' The table is tiny, so the index costs little.' : ''),
        target: name,
        subject: subjectOf('index', name, context),
        remedy: remedy(
          'postgres.dropIndex',
          { schema: i.schemaname, index: i.indexrelname },
          `Drop index ${name}`
        ),
        evidence,
        units
      })
    }
    return capFindings(RULE, out)
  }
})
