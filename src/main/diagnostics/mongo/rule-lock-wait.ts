/**
 * Rule mongo.lock-wait: operations waiting for locks.
 * - currentOp: an active client op with waitingForLock: true (warning)
 * - system.profile: entries that waited >= 100 ms for locks (locks.*.timeAcquiringMicros; our line)
 */
import { activeClientOps, opEvidence, opLabel, opSubject } from './current-op-finding'
import { about, finding, fmt } from './finding'
import { mongoRule } from './records'

export const PROFILE_LOCK_WAIT_MICROS = 100_000

export const lockWaitInCurrentOpRule = mongoRule({
  id: 'mongo.lock-wait',
  needs: ['currentOp'],
  evaluate: ({ currentOp }, c) =>
    activeClientOps(currentOp)
      .filter((o) => o.waitingForLock)
      .map((o) =>
        about(
          finding(
            'mongo.lock-wait',
            'warning',
            `${opLabel(o)} is waiting for a lock`,
            `waitingForLock is true: another operation holds a conflicting lock on ${o.ns ?? 'this resource'}. Look for long writes, index builds or DDL on it.`,
            o.opid,
            opEvidence(o)
          ),
          opSubject(o, c.node),
          { units: { secsRunning: 'seconds' } }
        )
      )
})

export const lockWaitInProfileRule = mongoRule({
  id: 'mongo.lock-wait',
  needs: ['profile'],
  evaluate: ({ profile }, c) => {
    const waited = profile.entries.filter((e) => e.lockWaitMicros >= PROFILE_LOCK_WAIT_MICROS)
    const first = waited[0]
    if (!first) return []
    const worstWait = Math.max(...waited.map((e) => e.lockWaitMicros))
    return [
      about(
        finding(
          'mongo.lock-wait',
          'warning',
          `${waited.length} profiled ${waited.length === 1 ? 'operation' : 'operations'} waited for locks`,
          `Up to ${fmt(Math.round(worstWait / 1000))} ms was spent acquiring locks (locks.*.timeAcquiringMicros). Look for long writes or DDL on the same collections at those times.`,
          first.ns,
          { entries: waited.length, maxLockWaitMicros: worstWait }
        ),
        { kind: 'collection', name: first.ns, ...(c.node ? { node: c.node } : {}) },
        { units: { entries: 'count', maxLockWaitMicros: 'us' } }
      )
    ]
  }
})
