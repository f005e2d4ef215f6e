import type { TopologyNode } from '../../../../shared/connection'

/** Every node the server reports: PG replicas, Redis Cluster masters with slots, replica set members. */
export function TopologyTable({ nodes }: { nodes: TopologyNode[] }) {
  if (nodes.length === 0) return <p className="muted">The server reports no other nodes (standalone).</p>
  const hasSlots = nodes.some((n) => n.slots !== undefined && n.slots.length > 0)
  return (
    <table className="table" aria-label="Topology">
      <colgroup>
        <col style={{ width: '20%' }} />
        <col style={{ width: '17%' }} />
        <col style={{ width: '14%' }} />
        {hasSlots && <col style={{ width: '16%' }} />}
        <col style={{ width: '10%', minWidth: 72 }} />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th>Address</th>
          <th>Role</th>
          <th>State</th>
          {hasSlots && <th>Slots</th>}
          <th title="Health">Health</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((node, i) => (
          <tr key={`${node.address}-${i}`} data-healthy={node.healthy} data-role={node.role}>
            <td className="mono" title={node.address}>
              {node.address}
            </td>
            <td className="wrap-cell">{node.role}</td>
            <td className="wrap-cell">{node.state}</td>
            {hasSlots && (
              <td className="mono wrap-cell" data-cell="slots">
                {node.slots?.join(', ') ?? ''}
              </td>
            )}
            <td className="wrap-cell">{node.healthy ? 'ok' : 'unhealthy'}</td>
            <td className="wrap-cell">{node.detail ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
