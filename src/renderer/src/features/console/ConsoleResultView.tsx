import type { ConsoleResult } from '../../../../shared/console'
import { ResultGrid } from './ResultGrid'

type Confirmation = Extract<ConsoleResult, { kind: 'confirmation-required' }>

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
            truncated: showing first {result.rowCount.toLocaleString('en-US')} rows (limit{' '}
            {result.truncated.reason === 'rows'
              ? `${result.truncated.limit.toLocaleString('en-US')} rows`
              : `${Math.round(result.truncated.limit / (1024 * 1024))} MB`}
            )
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
