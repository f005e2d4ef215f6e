import type { ConsoleResult } from '../../../../shared/console'
import { ResultGrid } from './ResultGrid'

type Confirmation = Extract<ConsoleResult, { kind: 'confirmation-required' }>
type Truncation = NonNullable<Extract<ConsoleResult, { kind: 'rows' }>['truncated']>

const megabytes = (bytes: number): string =>
  `${(bytes / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`

const truncationText = (t: Truncation, rowCount: number): string => {
  if (t.reason === 'value')
    return `truncated: the value is ${megabytes(t.fullBytes)}; showing its first ${megabytes(t.limit)}`
  const limit = t.reason === 'rows' ? `${t.limit.toLocaleString('en-US')} rows` : megabytes(t.limit)
  return `truncated: showing first ${rowCount.toLocaleString('en-US')} rows (limit ${limit})`
}

/** Rows with their count, time and cap; or why the statement needs confirming. */
export function ConsoleResultView({
  result,
  onConfirm
}: {
  result: ConsoleResult
  onConfirm: (c: Confirmation) => void
}) {
  if (result.kind === 'confirmation-required') {
    return (
      <div className="notice console-confirm" role="status">
        <strong>Confirmation required.</strong> <span className="wrap">{result.reason}</span>{' '}
        <button type="button" className="btn btn-small btn-danger" onClick={() => onConfirm(result)}>
          Review and confirm…
        </button>
      </div>
    )
  }
  return (
    <>
      <div className="console-meta" role="status">
        <span data-testid="row-count">
          {result.rowCount.toLocaleString('en-US')} row{result.rowCount === 1 ? '' : 's'}
        </span>
        <span className="faint">·</span>
        <span>{result.elapsedMs} ms</span>
        {result.truncated !== null && (
          <span className="console-truncated" data-testid="truncated">
            {truncationText(result.truncated, result.rowCount)}
          </span>
        )}
      </div>
      {result.columns.length === 0 ? (
        <p className="muted console-pad">The statement returned no columns.</p>
      ) : (
        <ResultGrid columns={result.columns} rows={result.rows} />
      )}
    </>
  )
}
