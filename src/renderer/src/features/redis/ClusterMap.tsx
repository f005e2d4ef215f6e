import type { TopologyNode } from '../../../../shared/connection'
import { formatRanges, SLOT_COUNT, slotCount, type ClusterNodeView } from './redis-model'
import './redis.css'

function SlotBar({ node }: { node: ClusterNodeView }) {
  return (
    <div
      className="slot-bar"
      role="img"
      aria-label={`Slots ${formatRanges(node.ranges) || 'none'} of 0-16383`}
      title={formatRanges(node.ranges) || 'no slots'}
    >
      {node.ranges.map(([lo, hi]) => (
        <span
          key={lo}
          className="slot-seg"
          style={{ left: `${(lo / SLOT_COUNT) * 100}%`, width: `${((hi - lo + 1) / SLOT_COUNT) * 100}%` }}
        />
      ))}
    </div>
  )
}

/** Every cluster node as a row: role, the rule's verdict on it, its master, slot ranges drawn over 0-16383. */
export function ClusterMap({ nodes }: { nodes: ClusterNodeView[] }) {
  const masters = nodes.filter((n) => n.role === 'master')
  const covered = masters.filter((n) => n.health !== 'failed').reduce((a, n) => a + slotCount(n.ranges), 0)
  return (
    <>
      <p className="muted" data-testid="cluster-summary">
        {masters.length} masters, {nodes.length - masters.length} replicas; {covered.toLocaleString('en-US')}{' '}
        of {SLOT_COUNT.toLocaleString('en-US')} slots served by masters not marked failed
      </p>
      <ul className="cluster-map" aria-label="Cluster map">
        {nodes.map((n) => (
          <li
            key={n.address || n.id}
            className="cluster-node"
            data-role={n.role}
            data-health={n.health}
            data-testid="cluster-node"
          >
            <span className="cn-dot" aria-hidden="true" />
            <span className="mono truncate cn-addr" title={`${n.address} ${n.id}`}>
              {n.address}
            </span>
            <span className="chip">{n.role}</span>
            <span className="cn-state">{n.health === 'ok' ? 'ok' : n.state}</span>
            <span className="mono cn-slots truncate" title={formatRanges(n.ranges)}>
              {n.role === 'replica'
                ? `replica of ${n.masterAddress ?? '?'}`
                : formatRanges(n.ranges) || 'no slots'}
            </span>
            <SlotBar node={n} />
          </li>
        ))}
      </ul>
    </>
  )
}

/** A standalone or replicated server: who replicates from whom, with the connection's own topology view. */
export function RedisReplication({
  info,
  topology
}: {
  info: Map<string, string>
  topology: TopologyNode[]
}) {
  const role = info.get('role') ?? 'unknown'
  const facts: [string, string | undefined][] = [
    ['Role', role],
    ['Connected replicas', info.get('connected_slaves')],
    [
      'Master',
      info.get('master_host') ? `${info.get('master_host')}:${info.get('master_port') ?? ''}` : undefined
    ],
    ['Master link', info.get('master_link_status')],
    ['Last I/O with master', info.get('master_last_io_seconds_ago')],
    ['Replication offset', info.get('master_repl_offset')]
  ]
  const replicas = [...info.entries()].filter(([k]) => /^slave\d+$/.test(k))
  return (
    <>
      <dl className="facts" aria-label="Replication">
        {facts
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      {replicas.length > 0 && (
        <ul className="plain-list">
          {replicas.map(([k, v]) => (
            <li key={k} className="mono wrap">
              {k}: {v}
            </li>
          ))}
        </ul>
      )}
      {topology.length === 0 && replicas.length === 0 && <p className="muted">No replicas attached.</p>}
    </>
  )
}
