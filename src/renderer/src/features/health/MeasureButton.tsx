import type { Finding } from '../../../../shared/findings'
import { useInspectRelation } from '../../api/queries'
import { InspectionResult } from './PgInspect'

/** The measurement the rule offers to settle its estimate (pgstattuple on one relation), and its answer. */
export function MeasureButton({ connectionId, finding }: { connectionId: string; finding: Finding }) {
  const inspect = useInspectRelation()
  const measure = finding.measure
  if (measure === undefined) return null
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        disabled={inspect.isPending}
        title="Reads this one relation on demand (size-capped); the sweep only estimates"
        onClick={(e) => {
          e.stopPropagation()
          inspect.mutate({ connectionId, schema: measure.schema, table: measure.relation })
        }}
      >
        <span className="truncate">{measure.label}</span>
      </button>
      <InspectionResult inspect={inspect} />
    </>
  )
}
