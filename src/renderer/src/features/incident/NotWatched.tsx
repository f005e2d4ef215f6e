import { useConnect, useConnectionStatuses, useConnections } from '../../api/queries'

/** Saved connections that are not open: the overview cannot vouch for them, so it says so. */
export function NotWatched({ watched, onConnected }: { watched: Set<string>; onConnected: () => void }) {
  const connections = useConnections()
  const statuses = useConnectionStatuses()
  const connect = useConnect()
  const idle = (connections.data ?? []).filter(
    (p) =>
      !watched.has(p.id) &&
      (statuses.data?.find((s) => s.id === p.id)?.state ?? 'disconnected') === 'disconnected'
  )
  if (idle.length === 0) return null
  return (
    <div className="incident-idle" aria-label="Not watched">
      <span className="muted">Not watched (not connected):</span>
      {idle.map((p) => (
        <button
          key={p.id}
          type="button"
          className="btn btn-small"
          disabled={connect.isPending}
          title={`Connect ${p.name}`}
          onClick={() => connect.mutate({ id: p.id }, { onSettled: onConnected })}
        >
          <span className="truncate" style={{ maxWidth: 200 }}>
            Connect {p.name}
          </span>
        </button>
      ))}
    </div>
  )
}
