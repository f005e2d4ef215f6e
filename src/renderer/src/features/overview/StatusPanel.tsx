import type { ConnectionProfile } from '../../../../shared/connection'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import { formatAgo, formatTime } from '../../components/format'
import { useConnect, useConnectionStatus, useDisconnect } from '../../api/queries'

/** Connect / Disconnect, the state, the last error, and when the server last answered. */
export function StatusPanel({ profile }: { profile: ConnectionProfile }) {
  const status = useConnectionStatus(profile.id)
  const connect = useConnect()
  const disconnect = useDisconnect()
  const busy = connect.isPending || disconnect.isPending || status.state === 'connecting'
  const connected = status.state === 'connected'
  const callError = connect.error ?? disconnect.error
  return (
    <section className="section card" aria-label="Status">
      <div className="section-head">
        <h2>Status</h2>
        <span className="status-pill" data-state={status.state} data-testid="connection-state">
          {status.state}
        </span>
        <span className="muted" title={formatTime(status.lastOkAt)}>
          last OK: {formatAgo(status.lastOkAt)}
        </span>
        <span className="spacer" />
        <Progress
          active={connect.isPending || disconnect.isPending}
          label={connect.isPending ? 'Connecting…' : 'Disconnecting…'}
        />
        {connected ? (
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => disconnect.mutate({ id: profile.id })}
          >
            Disconnect
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => connect.mutate({ id: profile.id })}
          >
            Connect
          </button>
        )}
      </div>
      {status.error !== null && <ErrorMessage error={status.error} prefix="Connection failed" />}
      {callError !== null && status.error === null && <ErrorMessage error={callError} />}
      {profile.needsPassword && (
        <div className="notice" role="note">
          The saved password cannot be read on this machine. Edit the connection and type it again.
        </div>
      )}
    </section>
  )
}
