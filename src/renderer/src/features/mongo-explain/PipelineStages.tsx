import type { MongoExplainPipelineStage } from '../../../../shared/mongo-explain'
import { formatCount, formatMs } from '../../components/format'

/** The aggregation stages that ran after the query layer ($group, $lookup...), in order. */
export function PipelineStages({ stages }: { stages: MongoExplainPipelineStage[] }) {
  if (stages.length === 0) return null
  return (
    <section className="mx-section" aria-label="Pipeline stages">
      <h3>Pipeline after the query layer ({stages.length})</h3>
      <table className="table mx-pipeline">
        <thead>
          <tr>
            <th>Stage</th>
            <th>Specification</th>
            <th className="num">Returned</th>
            <th className="num">Docs examined</th>
            <th className="num">Time (est.)</th>
          </tr>
        </thead>
        <tbody>
          {stages.map((s, i) => (
            <tr key={`${s.name}-${i}`}>
              <td className="mx-mono">{s.name}</td>
              <td className="mx-spec">
                <span className="truncate" title={s.spec}>
                  {s.spec}
                </span>
              </td>
              <td className="num">{formatCount(s.nReturned)}</td>
              <td className="num">{formatCount(s.docsExamined)}</td>
              <td className="num">{formatMs(s.executionTimeMillisEstimate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
