import { ErrorMessage } from '../../components/ErrorMessage'
import type { LiveRead, RedisDoctorNode } from '../../../../shared/records/redis'
import { useRedisDoctor } from './queries'

/** The server's prose as it wrote it: text only, never markup. */
function DoctorText({ title, read }: { title: string; read: LiveRead<string> }) {
  return (
    <div className="doctor-text">
      <h4 className="sub-sub">{title}</h4>
      {read.ok ? <pre className="mono">{read.value}</pre> : <p className="muted">Not read: {read.why}</p>}
    </div>
  )
}

const at = (unixSeconds: number): string => new Date(unixSeconds * 1000).toLocaleString()

function LatencyHistory({ read }: { read: RedisDoctorNode['latencyHistory'] }) {
  if (!read.ok) return <p className="muted">LATENCY HISTORY not read: {read.why}</p>
  if (read.value.length === 0)
    return <p className="muted">LATENCY LATEST names no event: no spike over latency-monitor-threshold.</p>
  return (
    <ul className="latency-history">
      {read.value.map(({ event, samples }) => (
        <li key={event}>
          <details>
            <summary>
              <span className="mono">{event}</span>: {samples.length} samples, worst{' '}
              {Math.max(0, ...samples.map((s) => s.ms))} ms
            </summary>
            <pre className="mono">{samples.map((s) => `${at(s.timestamp)}  ${s.ms} ms`).join('\n')}</pre>
          </details>
        </li>
      ))}
    </ul>
  )
}

/** LATENCY DOCTOR, MEMORY DOCTOR and LATENCY HISTORY of every node, read live when asked. */
export function RedisDoctor({ connectionId }: { connectionId: string }) {
  const doctor = useRedisDoctor(connectionId)
  return (
    <>
      <div className="section-head">
        <button type="button" className="btn" disabled={doctor.isPending} onClick={() => doctor.mutate()}>
          {doctor.data ? 'Ask again' : 'Ask LATENCY DOCTOR and MEMORY DOCTOR'}
        </button>
        <span className="muted">Read-only: the server’s own advice, and every latency event’s history.</span>
      </div>
      {doctor.error !== null && <ErrorMessage error={doctor.error} prefix="The doctors could not be read" />}
      {doctor.data?.map((n) => (
        <div key={n.node} data-node={n.node} data-testid="redis-doctor">
          {doctor.data.length > 1 && <div className="node-label mono">{n.node}</div>}
          <div className="grid-2">
            <DoctorText title="LATENCY DOCTOR" read={n.latencyDoctor} />
            <DoctorText title="MEMORY DOCTOR" read={n.memoryDoctor} />
          </div>
          <h4 className="sub-sub">LATENCY HISTORY</h4>
          <LatencyHistory read={n.latencyHistory} />
        </div>
      ))}
    </>
  )
}
