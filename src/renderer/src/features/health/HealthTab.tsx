import { useConnectionStatus } from '../../api/queries'
import type { ConnectionTabProps } from '../workspace/tab-registry'
import { DetailFrame, PageSection } from '../../components/engine-page/DetailFrame'
import { PgActivity } from './PgActivity'
import { isPgBouncerNode, PgBouncerSections } from './PgBouncerSections'
import { PgArchiver } from './PgArchiver'
import { PgChangedSettings } from './PgChangedSettings'
import { PgDatabaseSizes } from './PgDatabaseSizes'
import { PgLocks } from './PgLocks'
import { PgProgress } from './PgProgress'
import { PgSslConnections } from './PgSslConnections'
import { PgCharts } from './PgCharts'
import { PgReplication } from './PgReplication'
import { nodeFindings } from './pg-model'
import { PgConnections, PgIndexes, PgSlowQueries, PgTables, PgWraparound } from './PgSections'

/** PostgreSQL Health: findings, charts over time, then the records behind them, per node. */
export function HealthTab({ profile }: ConnectionTabProps) {
  const { server } = useConnectionStatus(profile.id)
  return (
    <DetailFrame profile={profile} title="PostgreSQL health">
      {(detail) => (
        <>
          <PageSection
            title="Over time"
            note="(sampled every 5 s in the background since connecting: the last hour)"
          >
            <PgCharts connectionId={profile.id} />
          </PageSection>
          {detail.nodes.map((node) => {
            // What the rules found about this node's tables, indexes, slots...: the sections tint by it.
            const findings = nodeFindings(detail, node.node)
            // The profile's PgBouncer admin console (?pgbouncer=): its own sections, not a server's.
            if (isPgBouncerNode(node))
              return (
                <div key={node.node} data-node={node.node}>
                  <div className="node-label">PgBouncer {node.node}</div>
                  <PgBouncerSections node={node} findings={findings} />
                </div>
              )
            // Actions go to the profile's server: a pid on another node would name someone else.
            const ownServer = detail.nodes.length === 1 || node.node === server?.address

            return (
              <div key={node.node} data-node={node.node}>
                {detail.nodes.length > 1 && <div className="node-label">{node.node}</div>}
                <PageSection title="Replication">
                  <PgReplication profile={profile} node={node} findings={findings} />
                </PageSection>
                <PageSection title="WAL archiving" note="(pg_stat_archiver)">
                  <PgArchiver node={node} findings={findings} />
                </PageSection>
                <PageSection title="Slow queries">
                  <PgSlowQueries node={node} findings={findings} />
                </PageSection>
                <PageSection title="Tables" note="(dead tuples, bloat estimate, last vacuum)">
                  <PgTables node={node} findings={findings} connectionId={profile.id} />
                </PageSection>
                <PageSection title="Indexes">
                  <PgIndexes node={node} findings={findings} />
                </PageSection>
                <PageSection title="Activity & locks">
                  <PgActivity node={node} findings={findings} connectionId={ownServer ? profile.id : null} />
                </PageSection>
                <PageSection title="Locks" note="(pg_locks with their sessions)">
                  <PgLocks node={node} findings={findings} />
                </PageSection>
                <PageSection title="Maintenance in progress" note="(pg_stat_progress_*)">
                  <PgProgress node={node} findings={findings} />
                </PageSection>
                <PageSection title="Connections">
                  <PgConnections node={node} />
                </PageSection>
                <PageSection title="Connection encryption" note="(pg_stat_ssl, TCP connections)">
                  <PgSslConnections node={node} findings={findings} />
                </PageSection>
                <PageSection title="Wraparound">
                  <PgWraparound node={node} findings={findings} />
                </PageSection>
                <PageSection title="Database sizes">
                  <PgDatabaseSizes node={node} />
                </PageSection>
                <PageSection
                  title="Settings"
                  note="(not at their default; this console's own session settings left out)"
                >
                  <PgChangedSettings node={node} findings={findings} />
                </PageSection>
              </div>
            )
          })}
        </>
      )}
    </DetailFrame>
  )
}
