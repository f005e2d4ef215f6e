import type { CancellableMethod } from '../../../shared/cancellable'
import { cancelCall, useConnections } from '../api/queries'
import { useRunningCalls, type RunningCall } from '../api/running-calls'
import { useNow } from './use-now'

/** What each slow call is doing, naming the connection it runs against. */
const LABELS: Record<CancellableMethod, (where: string) => string> = {
  'connections.test': (where) => `Testing ${where}`,
  'connections.connect': (where) => `Connecting to ${where}`,
  'diagnostics.run': (where) => `Running checks on ${where}`,
  'diagnostics.detail': (where) => `Reading server details of ${where}`,
  'overview.run': (where) => `Overview check of ${where}`,
  'plan.explain': (where) => `Running EXPLAIN on ${where}`,
  'redis.bigKeys': (where) => `Scanning ${where} for big keys`,
  'pg.inspectRelation': (where) => `Inspecting a relation of ${where} with pgstattuple`,
  'metrics.sample': (where) => `Sampling metrics of ${where}`,
  'console.run': (where) => `Running statement on ${where}`
}

/** Calls slower than this appear with a Cancel button: quick ones never flash by. */
const SHOW_AFTER_MS = 1_000

function CallRow({ call, now, name }: { call: RunningCall; now: number; name: string | null }) {
  const seconds = Math.floor((now - call.startedAt) / 1000)
  const label = LABELS[call.method](name ?? (call.connectionId === null ? 'the connection' : 'a connection'))
  return (
    <li className="running-call" data-testid="running-call">
      <span className="spinner" aria-hidden="true" />
      <span className="running-call-text truncate" title={call.progress?.message ?? label}>
        {label}
        {call.progress !== null && <span className="muted"> · {call.progress.message}</span>}
      </span>
      <span className="muted running-call-time">{seconds} s</span>
      <button
        type="button"
        className="btn btn-small"
        aria-label={`Cancel: ${label}`}
        onClick={() => cancelCall(call.requestId)}
      >
        Cancel
      </button>
    </li>
  )
}

/** Bottom-right list of every call running for over a second, each with its own Cancel. */
export function RunningCalls() {
  const calls = useRunningCalls()
  const now = useNow(500, calls.length > 0)
  const { data: connections } = useConnections()
  const slow = calls.filter((c) => now - c.startedAt >= SHOW_AFTER_MS)
  if (slow.length === 0) return null
  const nameOf = (id: string | null) => connections?.find((c) => c.id === id)?.name ?? null
  return (
    <section className="running-calls" aria-label="Running requests">
      <ul>
        {slow.map((call) => (
          <CallRow key={call.requestId} call={call} now={now} name={nameOf(call.connectionId)} />
        ))}
      </ul>
    </section>
  )
}
