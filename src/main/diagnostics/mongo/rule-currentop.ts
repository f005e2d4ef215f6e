/**
 * Rules on currentOp / $currentOp (3.6-8.0 field names: secs_running, microsecs_running, planSummary,
 * waitingForLock). Only client operations count (internal threads such as replication workers, the TTL
 * monitor or change-stream cursors run for ever by design).
 * - mongo.long-running-op: an active client op running >= 10 s warning, >= 60 s critical (our lines; a
 *   diagnostic session's own maxTimeMS is 30 s)
 * - mongo.collscan: an active op whose planSummary is COLLSCAN
 * - mongo.lock-wait: an op with waitingForLock: true
 */
import type { Finding } from '../../../shared/findings'
import { finding, fmt } from './finding'
import { brief } from './mongo-value'
import type { CurrentOp } from './parse-records'

export const LONG_OP_WARNING_SECS = 10
export const LONG_OP_CRITICAL_SECS = 60

export const currentOpSummary = (ops: CurrentOp[]): Record<string, unknown> => {
  const active = ops.filter((o) => o.active)
  // Internal threads (replication, TTL monitor) run for ever by design: only client ops count.
  const secs = active
    .filter((o) => o.clientOp)
    .map((o) => o.secsRunning)
    .filter((s): s is number => s !== null)
  return {
    ops: ops.length,
    activeOps: active.length,
    longestRunningSecs: secs.length ? Math.max(...secs) : null,
    collscanOps: active.filter((o) => o.planSummary === 'COLLSCAN').length,
    waitingForLock: ops.filter((o) => o.waitingForLock).length
  }
}

export const currentOpRules = (ops: CurrentOp[]): Finding[] => {
  const out: Finding[] = []
  for (const o of ops.filter((x) => x.active && x.clientOp)) {
    const label = `${o.op ?? 'op'} on ${o.ns ?? '?'} (opid ${o.opid ?? '?'})`
    const evidence = {
      opid: o.opid,
      secsRunning: o.secsRunning,
      ns: o.ns,
      planSummary: o.planSummary,
      client: o.client,
      appName: o.appName,
      command: brief(o.command, 300)
    }
    if (o.secsRunning !== null && o.secsRunning >= LONG_OP_WARNING_SECS) {
      out.push(
        finding(
          'mongo.long-running-op',
          o.secsRunning >= LONG_OP_CRITICAL_SECS ? 'critical' : 'warning',
          `${label} has run for ${fmt(o.secsRunning)} s`,
          `An operation from ${o.appName ?? o.client ?? 'a client'} has been running ${fmt(o.secsRunning)} s with plan ${o.planSummary ?? 'unknown'}. Find why it is slow before considering killOp (a disruptive, guarded action).`,
          o.opid,
          evidence
        )
      )
    }
    if (o.planSummary === 'COLLSCAN') {
      out.push(
        finding(
          'mongo.collscan',
          'warning',
          `${label} is scanning the whole collection`,
          `This running operation uses a COLLSCAN on ${o.ns ?? 'its collection'}. Add an index matching its filter.`,
          o.ns,
          evidence
        )
      )
    }
    if (o.waitingForLock) {
      out.push(
        finding(
          'mongo.lock-wait',
          'warning',
          `${label} is waiting for a lock`,
          `waitingForLock is true: another operation holds a conflicting lock on ${o.ns ?? 'this resource'}. Look for long writes, index builds or DDL on it.`,
          o.opid,
          evidence
        )
      )
    }
  }
  return out
}
