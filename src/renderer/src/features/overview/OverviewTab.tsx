import { EmptyState } from '../../components/EmptyState'
import { useConnectionStatus } from '../../api/queries'
import type { ConnectionTabProps } from '../workspace/tab-registry'
import { DiagnosticsPanel } from './DiagnosticsPanel'
import { ServerFacts } from './ServerFacts'
import { StatusPanel } from './StatusPanel'
import { TopologyTable } from './TopologyTable'

export function OverviewTab({ profile }: ConnectionTabProps) {
  const { server } = useConnectionStatus(profile.id)
  return (
    <>
      <StatusPanel profile={profile} />
      {server === null ? (
        <div className="section">
          <EmptyState title="Not connected">
            Connect to see the server’s version, role, identity and topology.
          </EmptyState>
        </div>
      ) : (
        <div className="section grid-2" style={{ gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 2fr)' }}>
          <section className="card" aria-label="Server">
            <h2 className="section-head">Server</h2>
            <ServerFacts server={server} />
          </section>
          <section className="card" aria-label="Topology section">
            <h2 className="section-head">Topology</h2>
            <TopologyTable nodes={server.topology} />
          </section>
        </div>
      )}
      <DiagnosticsPanel profile={profile} />
    </>
  )
}
