/**
 * Rule `redis.persistence` (RDB/AOF status and fork time). Probe: `INFO persistence`, `INFO stats`
 * (`latest_fork_usec`). Checked against Redis 7.0.15; `aof_last_write_status` since 3.0.
 * Thresholds: a failed save or AOF write is critical (with stop-writes-on-bgsave-error the server refuses
 * writes); fork over 500 ms is a warning: the Redis latency docs put fork cost at ~10-20 ms per GB on
 * physical hosts, and every fork stalls the event loop for that long.
 */
import type { Finding } from '../../../../shared/findings'
import { infoNumber, type RedisInfo } from '../parse-info'
import { redisRule } from '../records'
import { finding, onNode } from './util'

export const PERSISTENCE_RULE = 'redis.persistence'
export const FORK_WARN_USEC = 500_000

const persistenceRule = (info: RedisInfo, node: string | null): Finding[] => {
  const out: Finding[] = []
  const f = info.fields
  if (f.rdb_last_bgsave_status !== undefined && f.rdb_last_bgsave_status !== 'ok') {
    out.push(
      finding(
        PERSISTENCE_RULE,
        'critical',
        'Last RDB save failed',
        `rdb_last_bgsave_status is ${f.rdb_last_bgsave_status}. With stop-writes-on-bgsave-error yes (the default) the server refuses writes until a save succeeds. Check the server log for the cause (disk full, permissions, fork failure).`,
        node,
        {
          rdbLastBgsaveStatus: f.rdb_last_bgsave_status,
          rdbChangesSinceLastSave: infoNumber(info, 'rdb_changes_since_last_save')
        }
      )
    )
  }
  if (f.aof_last_write_status !== undefined && f.aof_last_write_status !== 'ok') {
    out.push(
      finding(
        PERSISTENCE_RULE,
        'critical',
        'Last AOF write failed',
        `aof_last_write_status is ${f.aof_last_write_status}: writes are not reaching the append-only file. Check disk space and the server log.`,
        node,
        { aofLastWriteStatus: f.aof_last_write_status }
      )
    )
  }
  if (f.aof_last_bgrewrite_status !== undefined && f.aof_last_bgrewrite_status !== 'ok') {
    out.push(
      finding(
        PERSISTENCE_RULE,
        'warning',
        'Last AOF rewrite failed',
        `aof_last_bgrewrite_status is ${f.aof_last_bgrewrite_status}; the AOF keeps growing until a rewrite succeeds.`,
        node,
        { aofLastBgrewriteStatus: f.aof_last_bgrewrite_status }
      )
    )
  }
  const fork = infoNumber(info, 'latest_fork_usec')
  if (fork !== null && fork >= FORK_WARN_USEC) {
    out.push(
      finding(
        PERSISTENCE_RULE,
        'warning',
        `Last fork took ${(fork / 1000).toFixed(0)} ms`,
        `Every BGSAVE/BGREWRITEAOF/full sync forks, and the server serves nothing during the fork (${(fork / 1000).toFixed(0)} ms here). Large datasets, VMs without huge-page support or transparent huge pages make it slow; save less often or on a replica.`,
        node,
        { latestForkUsec: fork }
      )
    )
  }
  return out
}

export const persistence = redisRule({
  id: PERSISTENCE_RULE,
  needs: ['info'],
  evaluate: ({ info }, { node }) =>
    onNode(persistenceRule(info, node), node, { rdbChangesSinceLastSave: 'count', latestForkUsec: 'us' })
})
