import type { ConnectionState, EngineKind, Environment } from './connection'
import type { AnalysisReport } from './findings'

/** One connected profile's part of the incident overview. */
export interface OverviewEntry {
  connectionId: string
  name: string
  engine: EngineKind
  environment: Environment
  state: ConnectionState
  /** One report per node; empty when the check itself failed (see error). */
  reports: AnalysisReport[]
  error: { code: string; message: string } | null
  /** When this check started and how long it took: never a silent stale value. */
  checkedAt: number
  durationMs: number
  /** Last successful round trip to the server (liveness), ms since epoch. */
  lastOkAt: number | null
  /**
   * When each finding was first seen, by its `findingIdentity` (shared/history.ts), from the history in
   * the data dir, so it survives a restart; {} when history is off (the renderer then counts from its own start).
   */
  firstSeen: Record<string, number>
  /** Topology members main saw unhealthy at this check (shared/topology.ts), and how many it knows. */
  membersDown: string[]
  members: number
}
