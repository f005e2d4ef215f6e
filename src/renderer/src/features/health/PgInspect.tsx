import type { Column } from '../../components/data-table-model'
import { ErrorMessage } from '../../components/ErrorMessage'
import type { useInspectRelation } from '../../api/queries'
import { inspectionLines } from './inspect-text'

type Inspect = ReturnType<typeof useInspectRelation>

/** The table rows' Inspect button: pgstattuple_approx on that table, on demand (it reads the table). */
export const inspectColumn = <R extends { schemaname: string; relname: string }>(
  inspect: Inspect,
  connectionId: string
): Column<R> => ({
  id: 'inspect',
  header: 'Inspect',
  title: 'pgstattuple_approx on one table, on demand: exact dead tuples and free space (it reads the table)',
  value: () => null,
  text: () => 'Inspect',
  width: '84px',
  render: (row) => (
    <button
      type="button"
      className="btn btn-small"
      disabled={inspect.isPending}
      aria-label={`Inspect ${row.schemaname}.${row.relname}`}
      // The row opens its fields on click and Enter: the button's own click must not do that too.
      onKeyDown={(e) => e.stopPropagation()}
      onClick={(e) => {
        e.stopPropagation()
        inspect.mutate({ connectionId, schema: row.schemaname, table: row.relname })
      }}
    >
      Inspect
    </button>
  )
})

/** The last inspection's answer, as text; a refusal says why (and, above the size cap, offers to go on). */
export function InspectionResult({ inspect }: { inspect: Inspect }) {
  const target = inspect.variables
  if (target === undefined) return null
  const label = `${target.schema}.${target.table}`
  const result = inspect.data
  return (
    <div role="region" aria-label="Inspection" aria-live="polite" data-testid="inspection">
      {inspect.isPending && <p className="muted">Inspecting {label} with pgstattuple…</p>}
      {inspect.error && <ErrorMessage error={inspect.error} prefix={`Inspecting ${label}`} />}
      {!inspect.isPending &&
        result?.ok === true &&
        inspectionLines(label, result.inspection).map((line) => <p key={line}>{line}</p>)}
      {!inspect.isPending && result?.ok === false && (
        <>
          <ErrorMessage error={{ code: result.reason, message: result.message }} />
          {result.reason === 'TOO_LARGE' && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => inspect.mutate({ ...target, confirmLarge: true })}
            >
              Inspect {label} anyway
            </button>
          )}
        </>
      )}
    </div>
  )
}
