import type { CounterHistory } from '../diagnostics/counter-window'
import type { EngineDetail, NodeDetail, TopicCollector } from '../../shared/detail'
import { toWire } from '../support/wire'
import type { AnalysisReport } from '../../shared/findings'
import { checkMongo } from './mongo/check'
import { checkPostgres } from './postgres/check'
import type { StatsSnapshotStore } from './postgres/stats-snapshots'
import { checkRedis } from './redis/check'
import type { EngineSession, PgSession } from './types'

export interface CheckOptions {
  collect?: TopicCollector
  /** The app keeps pg_stat_statements snapshots per profile so reports show what got slow recently. */
  pgSnapshots?: StatsSnapshotStore
  /** Each node's previous counter sample, so cumulative counters are judged over the poll window. */
  counters?: CounterHistory
  /** The bounded big-key SCAN; on for `dbconsole check`, off for periodic checks (it has its own view). */
  redisBigKeys?: boolean
  /** Other connected sessions of the same PostgreSQL cluster (primary and replicas the app has open). */
  pgPeers?: PgSession[]
}

/** Run every diagnostic of the session's engine on every node it reaches: one report per node. */
export const runChecks = (
  session: EngineSession,
  input: string,
  options: CheckOptions = {}
): Promise<AnalysisReport[]> => {
  switch (session.engine) {
    case 'postgres':
      return checkPostgres(session, input, {
        snapshots: options.pgSnapshots,
        collect: options.collect,
        counters: options.counters,
        peers: options.pgPeers
      })
    case 'redis':
      return checkRedis(session, input, {
        bigKeys: options.redisBigKeys ?? true,
        collect: options.collect,
        counters: options.counters
      })
    case 'mongo':
      return checkMongo(session, input, options.collect)
  }
}

/** The same checks, plus every probe's records per node for the views' tables. */
export const runDetail = async (
  session: EngineSession,
  input: string,
  options: Omit<CheckOptions, 'collect'> = {}
): Promise<EngineDetail> => {
  const nodes = new Map<string, NodeDetail>()
  const collect: TopicCollector = (node, topic, table) => {
    const entry = nodes.get(node) ?? { node, topics: {} }
    // The map's per-topic types are too many for TypeScript to relate here; toWire keeps each row's shape.
    ;(entry.topics as Record<string, unknown>)[topic] = toWire(table)
    nodes.set(node, entry)
  }
  const reports = await runChecks(session, input, { ...options, collect })
  return { reports, nodes: [...nodes.values()].sort((a, b) => a.node.localeCompare(b.node)) }
}
