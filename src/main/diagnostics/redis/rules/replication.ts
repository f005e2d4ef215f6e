/**
 * Rule `redis.replication` (master link, sync, replica lag). Probe: `INFO replication`.
 * Checked against Redis 7.0.15 (standalone + replica; a replica whose master was stopped).
 * Thresholds: a replica whose link is down serves stale data: critical. Lag in bytes is judged against
 * `repl_backlog_size`: a replica further behind than the backlog cannot resume with PSYNC and needs a
 * full resync (half the backlog warns). Lag over 10 s (the `lag` field, seconds since the replica's last
 * ACK, which it sends every second) is a warning, as is a sync in progress.
 * KeyDB's `role:active-replica` is both: its master link is judged, and so are its own replicas. Pika's
 * `slaveN:` lines carry no state: only a state that is there is judged.
 */
import type { Finding } from '../../../../shared/findings'
import { infoNumber, parseInfoSubfields, type RedisInfo } from '../parse-info'
import { redisRule } from '../records'
import { described, fmtBytes, finding, nodeSubject } from './util'

export const REPLICATION_RULE = 'redis.replication'
export const LAG_WARN_SECONDS = 10

const replicationRule = (info: RedisInfo, node: string | null): Finding[] => {
  const f = info.fields
  const out: Finding[] = []
  if (f.role === 'slave' || f.role === 'replica' || f.role === 'active-replica') {
    const master = `${f.master_host ?? '?'}:${f.master_port ?? '?'}`
    if (f.master_link_status === 'down') {
      const since = infoNumber(info, 'master_link_down_since_seconds')
      out.push(
        finding(
          REPLICATION_RULE,
          'critical',
          `Replication link to ${master} is down${since !== null && since >= 0 ? ` for ${since} s` : ''}`,
          `This replica has lost its master ${master} and serves data frozen at the moment the link dropped. Check the master is up and reachable; if it is gone for good, promote a replica (REPLICAOF NO ONE) and repoint clients.`,
          node,
          {
            masterLinkStatus: 'down',
            masterLinkDownSinceSeconds: since,
            master,
            masterLastIoSecondsAgo: infoNumber(info, 'master_last_io_seconds_ago')
          }
        )
      )
    } else if (f.master_sync_in_progress === '1') {
      out.push(
        finding(
          REPLICATION_RULE,
          'warning',
          `Full sync from ${master} in progress`,
          `The replica is loading a full copy from its master; until it finishes it has no usable data (or old data, with replica-serve-stale-data yes).`,
          node,
          { masterSyncInProgress: true, master }
        )
      )
    }
    if (f.role !== 'active-replica') return out
  }
  const masterOffset = infoNumber(info, 'master_repl_offset')
  const backlog = infoNumber(info, 'repl_backlog_size')
  for (const [key, value] of Object.entries(f)) {
    if (!/^slave\d+$/.test(key)) continue
    const s = parseInfoSubfields(value)
    const address = `${String(s.ip ?? '?')}:${String(s.port ?? '?')}`
    const state = s.state === undefined ? null : String(s.state)
    const lagSeconds = typeof s.lag === 'number' ? s.lag : null
    const lagBytes =
      masterOffset !== null && typeof s.offset === 'number' ? Math.max(0, masterOffset - s.offset) : null
    const evidence = { replica: address, state, lagSeconds, lagBytes, replBacklogSizeBytes: backlog }
    if (state !== null && state !== 'online') {
      out.push(
        finding(
          REPLICATION_RULE,
          'warning',
          `Replica ${address} is ${state}`,
          `A replica not online (${state}) cannot take over on failover and may be in a full resync.`,
          address,
          evidence
        )
      )
      continue
    }
    if (lagBytes !== null && backlog !== null && backlog > 0 && lagBytes > backlog / 2) {
      out.push(
        finding(
          REPLICATION_RULE,
          lagBytes > backlog ? 'critical' : 'warning',
          `Replica ${address} is ${fmtBytes(lagBytes)} behind`,
          `The replica is ${fmtBytes(lagBytes)} behind the master; the replication backlog is ${fmtBytes(backlog)}. Past the backlog a reconnect needs a full resync. Check the replica's network and load, or raise repl-backlog-size.`,
          address,
          evidence
        )
      )
    } else if (lagSeconds !== null && lagSeconds > LAG_WARN_SECONDS) {
      out.push(
        finding(
          REPLICATION_RULE,
          'warning',
          `Replica ${address} last acknowledged ${lagSeconds} s ago`,
          `Replicas ACK every second; ${lagSeconds} s without one means the replica is stalled or the network is.`,
          address,
          evidence
        )
      )
    }
  }
  return out
}

export const replication = redisRule({
  id: REPLICATION_RULE,
  needs: ['info'],
  evaluate: ({ info }, { node }) =>
    described(
      replicationRule(info, node),
      {
        masterLinkDownSinceSeconds: 'seconds',
        masterLastIoSecondsAgo: 'seconds',
        lagSeconds: 'seconds',
        lagBytes: 'bytes',
        replBacklogSizeBytes: 'bytes'
      },
      // A master's findings name the replica they are about; a replica's are about itself.
      (f) =>
        typeof f.evidence.replica === 'string'
          ? { kind: 'replica', name: f.evidence.replica, ...(node === null ? {} : { node }) }
          : nodeSubject(node)
    )
})
