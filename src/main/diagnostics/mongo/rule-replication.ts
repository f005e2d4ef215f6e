/**
 * Rules on replSetGetStatus (3.0-8.0: optimeDate, optime { ts, t } since 3.2 protocol version 1; health,
 * state/stateStr, lastHeartbeatMessage).
 * - mongo.replication-lag: per healthy secondary, primary optime minus its optime; warning >= 10 s,
 *   critical >= 60 s (our lines: the seeds give no number; 10 s is the heartbeat election timeout
 *   default, electionTimeoutMillis)
 * - mongo.replset-no-primary: no member in PRIMARY state: the set takes no writes (critical)
 * - mongo.replset-member-down: health 0 (critical), with the primary's last heartbeat message
 * - mongo.replset-member-state: members in RECOVERING, STARTUP2, ROLLBACK or UNKNOWN (warning)
 */
import type { Finding } from '../../../shared/findings'
import { finding, fmt } from './finding'
import { replSummary, type ReplSetStatus } from './parse-records'

export const LAG_WARNING_SECS = 10
export const LAG_CRITICAL_SECS = 60

export const replSetSummary = (s: ReplSetStatus): Record<string, unknown> => {
  const r = replSummary(s)
  return {
    set: s.set,
    members: s.members.length,
    primary: r.primary,
    unhealthyMembers: r.unhealthyMembers,
    maxLagSeconds: r.maxLagSeconds,
    lags: r.lags
  }
}

export const replicationRules = (s: ReplSetStatus): Finding[] => {
  const out: Finding[] = []
  const r = replSummary(s)
  if (r.primary === null) {
    out.push(
      finding(
        'mongo.replset-no-primary',
        'critical',
        `Replica set ${s.set ?? ''} has no primary`,
        `No member is PRIMARY, so the set accepts no writes. Check the members below: a majority of voting members must be up and able to reach each other to elect one.`,
        s.set,
        { states: s.members.map((m) => `${m.name}: ${m.stateStr}`) }
      )
    )
  }
  for (const l of r.lags) {
    if (l.lagSeconds < LAG_WARNING_SECS) continue
    out.push(
      finding(
        'mongo.replication-lag',
        l.lagSeconds >= LAG_CRITICAL_SECS ? 'critical' : 'warning',
        `${l.name} is ${fmt(l.lagSeconds)} s behind the primary`,
        `The secondary's last applied operation is ${fmt(l.lagSeconds)} s older than the primary's. Reads from it are stale by that much, and writes with w: "majority" wait on it. Check its disk, network and the primary's write load.`,
        l.name,
        { lagSeconds: l.lagSeconds, primary: r.primary }
      )
    )
  }
  for (const m of s.members) {
    if (m.health === 0) {
      out.push(
        finding(
          'mongo.replset-member-down',
          'critical',
          `${m.name} is down (health 0, ${m.stateStr})`,
          `The other members cannot reach it${m.lastHeartbeatMessage ? `: "${m.lastHeartbeatMessage}"` : ''}. The set has less redundancy until it returns; if a majority is lost it cannot elect a primary.`,
          m.name,
          { health: m.health, state: m.stateStr, lastHeartbeatMessage: m.lastHeartbeatMessage }
        )
      )
    } else if (['RECOVERING', 'STARTUP', 'STARTUP2', 'ROLLBACK', 'UNKNOWN', 'REMOVED'].includes(m.stateStr)) {
      out.push(
        finding(
          'mongo.replset-member-state',
          'warning',
          `${m.name} is ${m.stateStr}`,
          `This member is not serving reads as a secondary.${m.lastHeartbeatMessage ? ` Last heartbeat: "${m.lastHeartbeatMessage}".` : ''}`,
          m.name,
          { state: m.stateStr }
        )
      )
    }
  }
  return out
}
