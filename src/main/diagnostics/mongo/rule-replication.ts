/**
 * Rules on replSetGetStatus (3.0-8.0: optimeDate, optime { ts, t } since 3.2 protocol version 1; health,
 * state/stateStr, lastHeartbeatMessage).
 * - mongo.replset-no-primary: no member in PRIMARY state: the set takes no writes (critical)
 * - mongo.replication-lag: per healthy secondary, primary optime minus its optime; warning >= 10 s,
 *   critical >= 60 s (our lines: the seeds give no number; 10 s is the heartbeat election timeout
 *   default, electionTimeoutMillis)
 * - mongo.replset-member-down: health 0 (critical), with the primary's last heartbeat message
 * - mongo.replset-member-state: members in RECOVERING, STARTUP2, ROLLBACK or UNKNOWN (warning)
 */
import type { FindingSubject } from '../../../shared/findings'
import { about, finding, fmt } from './finding'
import { replSummary } from './parse-records'
import { mongoRule } from './records'

export const LAG_WARNING_SECS = 10
export const LAG_CRITICAL_SECS = 60

const member = (name: string): FindingSubject => ({ kind: 'replica', name, node: name })

export const noPrimaryRule = mongoRule({
  id: 'mongo.replset-no-primary',
  needs: ['replSetStatus'],
  evaluate: ({ replSetStatus: s }) =>
    replSummary(s).primary !== null
      ? []
      : [
          about(
            finding(
              'mongo.replset-no-primary',
              'critical',
              `Replica set ${s.set ?? ''} has no primary`,
              `No member is PRIMARY, so the set accepts no writes. Check the members below: a majority of voting members must be up and able to reach each other to elect one.`,
              s.set,
              { states: s.members.map((m) => `${m.name}: ${m.stateStr}`) }
            ),
            s.set === null ? null : { kind: 'cluster', name: s.set }
          )
        ]
})

export const replicationLagRule = mongoRule({
  id: 'mongo.replication-lag',
  needs: ['replSetStatus'],
  evaluate: ({ replSetStatus: s }) => {
    const r = replSummary(s)
    return r.lags
      .filter((l) => l.lagSeconds >= LAG_WARNING_SECS)
      .map((l) =>
        about(
          finding(
            'mongo.replication-lag',
            l.lagSeconds >= LAG_CRITICAL_SECS ? 'critical' : 'warning',
            `${l.name} is ${fmt(l.lagSeconds)} s behind the primary`,
            `The secondary's last applied operation is ${fmt(l.lagSeconds)} s older than the primary's. Reads from it are stale by that much, and writes with w: "majority" wait on it. Check its disk, network and the primary's write load.`,
            l.name,
            { lagSeconds: l.lagSeconds, primary: r.primary }
          ),
          member(l.name),
          { units: { lagSeconds: 'seconds' } }
        )
      )
  }
})

export const memberDownRule = mongoRule({
  id: 'mongo.replset-member-down',
  needs: ['replSetStatus'],
  evaluate: ({ replSetStatus: s }) =>
    s.members
      .filter((m) => m.health === 0)
      .map((m) =>
        about(
          finding(
            'mongo.replset-member-down',
            'critical',
            `${m.name} is down (health 0, ${m.stateStr})`,
            `The other members cannot reach it${m.lastHeartbeatMessage ? `: "${m.lastHeartbeatMessage}"` : ''}. The set has less redundancy until it returns; if a majority is lost it cannot elect a primary.`,
            m.name,
            { health: m.health, state: m.stateStr, lastHeartbeatMessage: m.lastHeartbeatMessage }
          ),
          member(m.name)
        )
      )
})

const NOT_SERVING = ['RECOVERING', 'STARTUP', 'STARTUP2', 'ROLLBACK', 'UNKNOWN', 'REMOVED']

export const memberStateRule = mongoRule({
  id: 'mongo.replset-member-state',
  needs: ['replSetStatus'],
  evaluate: ({ replSetStatus: s }) =>
    s.members
      .filter((m) => m.health !== 0 && NOT_SERVING.includes(m.stateStr))
      .map((m) =>
        about(
          finding(
            'mongo.replset-member-state',
            'warning',
            `${m.name} is ${m.stateStr}`,
            `This member is not serving reads as a secondary.${m.lastHeartbeatMessage ? ` Last heartbeat: "${m.lastHeartbeatMessage}".` : ''}`,
            m.name,
            { state: m.stateStr }
          ),
          member(m.name)
        )
      )
})

export const replicationRules = [noPrimaryRule, replicationLagRule, memberDownRule, memberStateRule]
