import type { NodeDetail } from '../../../../shared/detail'
import { topicOf } from '../../components/engine-page/detail-model'
import { TopicUnavailable } from '../../components/engine-page/DetailFrame'
import type { TopicName } from '../../../../shared/topics'

/** Why each of these probes gave no records on this node (too old a server, no privilege...). */
export function Unavailable({ node, topics }: { node: NodeDetail; topics: TopicName[] }) {
  return (
    <>
      {topics.map((t) => {
        const topic = topicOf(node, t)
        return topic?.ok === false ? <TopicUnavailable key={t} why={`${t}: ${topic.why}`} /> : null
      })}
    </>
  )
}
