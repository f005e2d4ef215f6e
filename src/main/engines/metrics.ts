/**
 * Key counters per node for the time-series charts (issue 9). One cheap round trip per node; the
 * renderer keeps the series in memory for the session and derives rates from successive samples.
 */
import type { MetricsSample, NodeMetrics } from '../../shared/metrics'
import { sampleMongo } from './mongo/metrics'
import { samplePostgres } from './postgres/metrics'
import { sampleRedis } from './redis/metrics'
import type { EngineSession } from './types'

export const sampleMetrics = async (session: EngineSession): Promise<MetricsSample> => {
  const at = Date.now()
  let nodes: NodeMetrics[]
  switch (session.engine) {
    case 'postgres':
      nodes = await samplePostgres(session)
      break
    case 'redis':
      nodes = await sampleRedis(session)
      break
    case 'mongo':
      nodes = await sampleMongo(session)
      break
  }
  return { at, nodes }
}
