/**
 * Rule mongo.long-running-op on currentOp / $currentOp (3.6-8.0 field names: secs_running,
 * microsecs_running). Only client operations count. An active client op running >= 10 s warning,
 * >= 60 s critical (our lines; a diagnostic session's own maxTimeMS is 30 s). The remedy is killOp.
 */
import { about, finding, fmt } from './finding'
import { activeClientOps, killOpRemedy, opEvidence, opLabel, opSubject } from './current-op-finding'
import { mongoRule } from './records'

export const LONG_OP_WARNING_SECS = 10
export const LONG_OP_CRITICAL_SECS = 60

export const longRunningOpRule = mongoRule({
  id: 'mongo.long-running-op',
  needs: ['currentOp'],
  evaluate: ({ currentOp }, c) =>
    activeClientOps(currentOp).flatMap((o) =>
      o.secsRunning === null || o.secsRunning < LONG_OP_WARNING_SECS
        ? []
        : [
            about(
              finding(
                'mongo.long-running-op',
                o.secsRunning >= LONG_OP_CRITICAL_SECS ? 'critical' : 'warning',
                `${opLabel(o)} has run for ${fmt(o.secsRunning)} s`,
                `An operation from ${o.appName ?? o.client ?? 'a client'} has been running ${fmt(o.secsRunning)} s with plan ${o.planSummary ?? 'unknown'}. Find why it is slow before considering killOp (a disruptive, guarded action).`,
                o.opid,
                opEvidence(o)
              ),
              opSubject(o, c.node),
              { remedy: killOpRemedy(o), units: { secsRunning: 'seconds' } }
            )
          ]
    )
})
