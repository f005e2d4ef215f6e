import { useConnectionStatus } from '../../api/queries'
import type { ConnectionTabProps } from '../workspace/tab-registry'
import { DetailFrame, PageSection } from '../../components/engine-page/DetailFrame'
import { topicRows } from '../../components/engine-page/detail-model'
import { BigKeysPanel } from './BigKeysPanel'
import { ClusterMap, RedisReplication } from './ClusterMap'
import { RedisCharts } from './RedisCharts'
import { RedisClients } from './RedisClients'
import { RedisDoctor } from './RedisDoctor'
import { RedisMemory } from './RedisMemory'
import { RedisLatency, RedisRaw, RedisSlowlog } from './RedisTables'
import { clusterNodes, configMap, infoMap } from './redis-model'
import { SlowlogSettings } from './SlowlogSettings'

/** Redis: findings, memory over time, SLOWLOG, latency, big keys, replication / cluster map, per node. */
export function RedisTab({ profile }: ConnectionTabProps) {
  const { server } = useConnectionStatus(profile.id)
  const topology = server?.topology ?? []
  return (
    <DetailFrame profile={profile} title="Redis">
      {(detail) => {
        const clustered = detail.nodes.some((n) => n.topics.cluster_nodes !== undefined)
        const seed = detail.nodes.find((n) => n.node === server?.address) ?? detail.nodes[0]
        const findings = detail.reports.flatMap((r) => r.findings)
        return (
          <>
            {clustered && (
              <PageSection title="Cluster map">
                <ClusterMap nodes={clusterNodes(topicRows(seed, 'cluster_nodes'), topology, findings)} />
              </PageSection>
            )}
            <PageSection
              title="Over time"
              note="(sampled every 5 s in the background since connecting: the last hour)"
            >
              <RedisCharts connectionId={profile.id} />
            </PageSection>
            <PageSection title="Big keys">
              <BigKeysPanel connectionId={profile.id} />
            </PageSection>
            {/* Actions on one server: a cluster profile cannot carry them yet. */}
            {!clustered && (
              <>
                <PageSection title="SLOWLOG settings" note="(CONFIG SET, confirmed; lost on restart)">
                  <SlowlogSettings connectionId={profile.id} config={configMap(topicRows(seed, 'config'))} />
                </PageSection>
                <PageSection title="Clients" note="(CLIENT LIST, read when asked)">
                  <RedisClients connectionId={profile.id} />
                </PageSection>
              </>
            )}
            <PageSection title="Server doctors" note="(LATENCY DOCTOR, MEMORY DOCTOR, LATENCY HISTORY)">
              <RedisDoctor connectionId={profile.id} />
            </PageSection>
            {detail.nodes.map((node) => {
              const info = infoMap(topicRows(node, 'info'))
              return (
                <div key={node.node} data-node={node.node} className="node-block">
                  <h3 className="sub-head node-title">
                    Node <span className="mono">{node.node}</span>{' '}
                    <span className="muted">{info.get('role') ?? ''}</span>
                  </h3>
                  <PageSection title="Memory">
                    <RedisMemory info={info} node={node.node} findings={findings} />
                  </PageSection>
                  <PageSection title="SLOWLOG">
                    <RedisSlowlog node={node} />
                  </PageSection>
                  <PageSection title="Latency events">
                    <RedisLatency node={node} />
                  </PageSection>
                  {!clustered && (
                    <PageSection title="Replication">
                      <RedisReplication info={info} topology={topology} />
                    </PageSection>
                  )}
                  <RedisRaw node={node} />
                </div>
              )
            })}
          </>
        )
      }}
    </DetailFrame>
  )
}
