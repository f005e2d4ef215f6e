/**
 * How bad a stall of the single Redis thread is, by how long it lasted (redis.slowlog, redis.latency):
 * every other client waited that long. Thresholds (our judgement, anchored on client timeouts):
 * - >= 100 ms warning: far beyond the sub-millisecond commands clients expect, the same bar the rules
 *   used before (and ten times the default slowlog-log-slower-than of 10 ms);
 * - >= 1 s critical: the order of client timeouts. Jedis's default socket timeout is 2000 ms
 *   (Protocol.DEFAULT_TIMEOUT), StackExchange.Redis's syncTimeout 5000 ms; at 1 s pools start to
 *   queue and at 2 s Jedis clients time out.
 */
import type { Severity } from '../../../../shared/findings'

export const STALL_WARNING_MS = 100
export const STALL_CRITICAL_MS = 1_000

export const stallSeverity = (ms: number): Severity =>
  ms >= STALL_CRITICAL_MS ? 'critical' : ms >= STALL_WARNING_MS ? 'warning' : 'info'
