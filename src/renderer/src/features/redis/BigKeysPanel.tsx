import { DataTable } from '../../components/DataTable'
import { ErrorMessage } from '../../components/ErrorMessage'
import { NUM, WIDE, field } from '../../components/engine-page/columns'
import { formatBytes, formatCount } from '../../components/format'
import type { BigKey, PrefixSize } from '../../../../shared/records/redis'
import { useBigKeysScan } from './queries'

/** "Scan for big keys": a bounded SCAN + MEMORY USAGE on every master, with progress and Cancel. */
export function BigKeysPanel({ connectionId }: { connectionId: string }) {
  const scan = useBigKeysScan(connectionId)
  const { progress, result } = scan
  const fraction = progress && progress.total ? Math.min(1, progress.done / progress.total) : null
  return (
    <>
      <div className="section-head">
        <button type="button" className="btn btn-primary" disabled={scan.running} onClick={scan.start}>
          Scan for big keys
        </button>
        {scan.running && (
          <button type="button" className="btn" onClick={scan.cancel}>
            Cancel
          </button>
        )}
        <span className="muted">Read-only: SCAN (COUNT ≤ 1000, capped) and MEMORY USAGE on each master.</span>
      </div>
      {scan.running && (
        <div className="scan-progress" data-testid="bigkeys-progress">
          <progress max={1} value={fraction ?? undefined} aria-label="Big-key scan progress" />
          <span className="muted truncate" title={progress?.message}>
            {progress ? progress.message : 'starting…'}
          </span>
        </div>
      )}
      {scan.error !== null && <ErrorMessage error={scan.error} prefix="Big-key scan stopped" />}
      {result && (
        <>
          <p className="muted" data-testid="bigkeys-summary">
            {formatCount(result.scannedKeys)} keys scanned, {formatCount(result.sampledKeys)} sized
            {result.complete
              ? ' (whole keyspace)'
              : ' (stopped at the cap: a sample, not the whole keyspace)'}
            .
          </p>
          <div className="grid-2">
            <DataTable
              label="Biggest keys"
              rows={result.top}
              columns={[
                field<BigKey>('key', 'Key', undefined, WIDE),
                field<BigKey>('type', 'Type'),
                field<BigKey>('bytes', 'Size', formatBytes, NUM),
                field<BigKey>('node', 'Node')
              ]}
              initialSort={{ id: 'bytes', desc: true }}
              emptyText="No keys."
            />
            <DataTable
              label="Size by key pattern"
              rows={result.prefixes}
              columns={[
                field<PrefixSize>('pattern', 'Pattern', undefined, WIDE),
                field<PrefixSize>('keys', 'Keys', formatCount, NUM),
                field<PrefixSize>('bytes', 'Size', formatBytes, NUM)
              ]}
              initialSort={{ id: 'bytes', desc: true }}
              emptyText="No patterns."
            />
          </div>
        </>
      )}
      {!result && !scan.running && scan.error === null && (
        <p className="muted">Not scanned yet. The scan is bounded; on a big keyspace it reports a sample.</p>
      )}
    </>
  )
}
