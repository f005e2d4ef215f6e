/**
 * What the drop-index preview adds from the other connected nodes of the cluster: each node's scans of the
 * index (counts are per node: a replica's reads never show on the primary), and a warning for every node
 * that uses it. Read over the diagnostics sessions the app already holds; nothing is opened for it.
 */
import type { ActionPreview } from '../../../shared/actions'
import type { PgSession } from '../types'
import { readPeerIndexUsage } from './probes'

export const indexUsageAcrossNodes = async (
  own: PgSession,
  peers: readonly PgSession[],
  index: { schema: string; index: string }
): Promise<Pick<ActionPreview, 'facts' | 'warnings'>> => {
  if (peers.length === 0) return { facts: {}, warnings: [] }
  const [row] = await own.query<{ database: string }>('select current_database()::text as database')
  const database = row?.database ?? ''
  const name = `${index.schema}.${index.index}`
  const nodes = await Promise.all(peers.map((p) => readPeerIndexUsage(p, database)))
  const warnings: string[] = []
  const lines = nodes.map((n) => {
    if (!n.ok) {
      warnings.push(`The ${n.role} ${n.node} could not be read (${n.why}): its use of the index is unknown.`)
      return `${n.role} ${n.node}: not read`
    }
    const scans = n.scans[name] ?? 0
    if (scans > 0)
      warnings.push(
        `Scanned ${scans} times on the ${n.role} ${n.node}: queries there rely on it, and dropping it drops it there too.`
      )
    return `${n.role} ${n.node}: ${scans} scans`
  })
  return { facts: { scans_on_other_nodes: lines.join('; ') }, warnings }
}
