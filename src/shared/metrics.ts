/**
 * Metric names per engine. Counters (`*Total`) only ever grow; the renderer charts their rate per second.
 * Gauges are charted as they are. null: the server does not report it (extension missing, not a replica).
 */
export const METRICS = {
  postgres: {
    xactTotal: 'transactions committed + rolled back',
    statementTimeMsTotal: 'time spent in statements (pg_stat_statements)',
    slowCallsTotal: 'calls of statements averaging over 100 ms (pg_stat_statements)',
    replicationLagBytes: 'replication lag in bytes (largest replica, or this replica)',
    replicationLagSeconds: 'replay lag in seconds',
    connections: 'backends'
  },
  redis: {
    usedMemoryBytes: 'used memory',
    fragmentationRatio: 'fragmentation ratio (RSS / used)',
    opsPerSec: 'operations per second (instantaneous)',
    evictedKeysTotal: 'evicted keys',
    connectedClients: 'connected clients',
    replicationLagBytes: 'replica offset lag in bytes'
  },
  mongo: {
    opcountersTotal: 'operations (insert+query+update+delete+getmore+command)',
    cacheFillRatio: 'WiredTiger cache fill (bytes in cache / maximum)',
    connections: 'current connections',
    replicationLagSeconds: 'largest secondary lag in seconds'
  }
} as const

export interface NodeMetrics {
  node: string
  values: Record<string, number | null>
}

export interface MetricsSample {
  /** ms since epoch, taken by main when the sample started. */
  at: number
  nodes: NodeMetrics[]
}

/** What `metrics.history` answers: the background samples of one connection since it was connected. */
export interface MetricsHistory {
  /** Oldest first; a sample with no nodes marks a gap (a failed sample, the server down). */
  samples: MetricsSample[]
  everyMs: number
  /** Why the latest sample failed, or null. */
  error: string | null
}
