/**
 * Child process for the history kill -9 test (core/history.int.test.ts): the core as serve builds it, on
 * a data dir that outlives it, watching one real PostgreSQL profile.
 * argv: <dataDir> <record|read> <url>.
 * record: connects, samples every 100 ms in the background and sweeps in a loop, printing one JSON line
 * per sweep `{ "sweep": n, "lastSampleAt", "firstSeen" }` once both are in the store; runs until killed.
 * read: connects and, before any new sample, prints `{ "samples", "timeline", "firstSeen" }` (firstSeen
 * from one overview run), then exits.
 */
import { createCore } from '../core/create-core'
import { MemorySecretStore } from '../core/secrets'
import type { ConnectionStatus, ConnectionSummary } from '../../shared/connection'
import type { HistoryTimeline } from '../../shared/history'
import type { MetricsHistory } from '../../shared/metrics'
import type { OverviewEntry } from '../../shared/overview'

const [dataDir, mode, url] = process.argv.slice(2)
if (dataDir === undefined || (mode !== 'record' && mode !== 'read') || url === undefined)
  throw new Error('usage: history-child <dataDir> <record|read> <url>')

const core = createCore({
  dataDir,
  secrets: new MemorySecretStore(),
  host: 'serve',
  pollMs: 60_000,
  sampleEveryMs: mode === 'record' ? 100 : 600_000
})

const call = async <T>(method: string, input: unknown): Promise<T> => {
  const result = await core.dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value as T
}

const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`)

// Saved again on every start (the password lives in memory only, as in serve), under the id of the first.
const saved = (await call<ConnectionSummary[]>('connections.list', {}))[0]
const { id } = await call<{ id: string }>('connections.save', {
  ...(saved ? { id: saved.id } : {}),
  name: 'history-kill',
  engine: 'postgres',
  url,
  environment: 'production'
})
const status = await call<ConnectionStatus>('connections.connect', { id })
if (status.state !== 'connected') throw new Error(`not connected: ${JSON.stringify(status)}`)

const overview = async (): Promise<OverviewEntry> => {
  const [entry] = await call<OverviewEntry[]>('overview.run', { connectionId: id })
  if (entry === undefined) throw new Error('no overview entry')
  return entry
}

if (mode === 'read') {
  const samples = (await call<MetricsHistory>('metrics.history', { connectionId: id })).samples
  const timeline = await call<HistoryTimeline>('history.timeline', { connectionId: id, since: 0 })
  print({ samples, timeline, firstSeen: (await overview()).firstSeen })
  await core.close()
} else {
  for (let sweep = 1; ; sweep++) {
    const { firstSeen } = await overview()
    const { samples } = await call<MetricsHistory>('metrics.history', { connectionId: id })
    print({ sweep, lastSampleAt: samples.at(-1)?.at ?? null, firstSeen })
  }
}
