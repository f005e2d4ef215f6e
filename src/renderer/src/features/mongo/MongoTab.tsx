import type { ConnectionTabProps } from '../workspace/tab-registry'
import { DetailFrame, PageSection } from '../../components/engine-page/DetailFrame'
import { allFindings, topicRows } from '../../components/engine-page/detail-model'
import { MongoCache, MongoCharts, MongoCurrentOp, MongoProfile, MongoReplSet } from './MongoSections'

/** MongoDB: findings, the replica set with lag, cache over time, then per node the profiler and currentOp. */
export function MongoTab({ profile }: ConnectionTabProps) {
  return (
    <DetailFrame profile={profile} title="MongoDB">
      {(detail) => {
        // The primary's replSetGetStatus is the authoritative one; any member's will do without one.
        const rsNode =
          detail.nodes.find((n) =>
            topicRows(n, 'replset_members').some((m) => m.self === true && m.stateStr === 'PRIMARY')
          ) ?? detail.nodes.find((n) => topicRows(n, 'replset_members').length > 0)
        const findings = allFindings(detail)
        return (
          <>
            {rsNode && (
              <PageSection title="Replica set" note={`(as ${rsNode.node} sees it)`}>
                <MongoReplSet node={rsNode} findings={findings} />
              </PageSection>
            )}
            <PageSection
              title="Over time"
              note="(sampled every 5 s in the background since connecting: the last hour)"
            >
              <MongoCharts connectionId={profile.id} />
            </PageSection>
            {detail.nodes.map((node) => (
              <div key={node.node} data-node={node.node}>
                <h3 className="sub-head">
                  Node <span className="mono">{node.node}</span>
                </h3>
                <PageSection title="WiredTiger cache">
                  <MongoCache node={node} findings={findings} />
                </PageSection>
                <PageSection title="Profiler (by query shape)">
                  <MongoProfile node={node} findings={findings} />
                </PageSection>
                <PageSection title="Current operations" note="(long-running and COLLSCAN highlighted)">
                  <MongoCurrentOp node={node} findings={findings} />
                </PageSection>
              </div>
            ))}
          </>
        )
      }}
    </DetailFrame>
  )
}
