import type { MongoExplainStage } from '../../../../shared/mongo-explain'
import { KeyValueList } from '../../components/KeyValueList'
import { formatCount } from '../../components/format'
import { examinedRatio } from './explain-model'

/** A stage's facts, then every field the server printed for it, as text. */
export function StageDetails({ stage }: { stage: MongoExplainStage | null }) {
  if (stage === null) {
    return (
      <section className="plan-details" aria-label="Stage details">
        <p className="muted">Select a stage in the tree or a finding to see all its fields.</p>
      </section>
    )
  }
  const ratio = examinedRatio(stage)
  const derived: [string, unknown][] = [
    ['shard', stage.shard],
    ['examined per returned', ratio === null ? null : formatCount(Math.round(ratio * 10) / 10)],
    ['child stages', stage.childIds.length]
  ]
  return (
    <section className="plan-details" aria-label="Stage details" data-testid="mongo-explain-details">
      <h3 className="truncate" title={stage.stage}>
        #{stage.id} {stage.stage}
      </h3>
      <KeyValueList entries={derived} label="Derived" />
      <h3 className="plan-details-sub">Raw fields</h3>
      {stage.fields.length === 0 ? (
        <p className="muted">
          This stage was added by dbconsole to group the shards’ plans; it has no server fields.
        </p>
      ) : (
        <KeyValueList entries={stage.fields} label="Raw fields" />
      )}
    </section>
  )
}
