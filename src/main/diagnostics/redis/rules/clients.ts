/**
 * Rule `redis.clients` (rejected connections, maxclients headroom, blocked clients). Probe: `INFO clients`,
 * `INFO stats` (`maxclients` is in INFO since 6.0; `CONFIG GET maxclients` otherwise).
 * Checked against Redis 7.0.15. Thresholds: any rejected connection in the window since the previous poll
 * means clients were turned away at maxclients (the counter is a total since start: without a window it
 * only informs, counter-window.ts); 80% / 95% of maxclients mirrors the memory rule's headroom. Blocked clients (BLPOP, WAIT,
 * XREAD BLOCK) are normal for queues, so they are info only.
 */
import type { Finding } from '../../../../shared/findings'
import { NO_WINDOW, windowedSeverity, type CounterWindow } from '../../counter-window'
import { countedInInfo } from '../info-counters'
import { infoNumber, type RedisInfo } from '../parse-info'
import { redisRule } from '../records'
import { finding, onNode } from './util'

export const CLIENTS_RULE = 'redis.clients'

const clientsRule = (
  info: RedisInfo,
  node: string | null,
  config: Record<string, string> | null = null,
  window: CounterWindow = NO_WINDOW
): Finding[] => {
  const out: Finding[] = []
  const connected = infoNumber(info, 'connected_clients')
  const maxclients =
    infoNumber(info, 'maxclients') ?? (config?.maxclients !== undefined ? Number(config.maxclients) : null)
  const rejectedTotal = infoNumber(info, 'rejected_connections')
  const blocked = infoNumber(info, 'blocked_clients')
  const rejected =
    rejectedTotal === null ? null : countedInInfo(info, window, 'rejected_connections', rejectedTotal)
  if (rejected !== null && rejected.count > 0) {
    out.push(
      finding(
        CLIENTS_RULE,
        windowedSeverity(rejected, 'critical'),
        `${rejected.count} connections rejected at maxclients ${rejected.span}`,
        `The server turned away ${rejected.count} connections ${rejected.span} because ${maxclients ?? 'maxclients'} clients were connected. Look for connection leaks or pools sized above maxclients divided by the number of app instances.`,
        node,
        {
          rejectedConnections: rejected.count,
          rejectedConnectionsTotal: rejectedTotal,
          windowSeconds: window.seconds,
          maxclients
        }
      )
    )
  }
  if (connected !== null && maxclients !== null && maxclients > 0 && connected / maxclients >= 0.8) {
    const share = connected / maxclients
    out.push(
      finding(
        CLIENTS_RULE,
        share >= 0.95 ? 'critical' : 'warning',
        `${connected} of ${maxclients} client slots in use`,
        `At maxclients new connections are refused. Check pool sizes and idle connections (CLIENT LIST, idle field).`,
        node,
        {
          connectedClients: connected,
          maxclients,
          share
        }
      )
    )
  }
  if (blocked !== null && blocked > 0) {
    out.push(
      finding(
        CLIENTS_RULE,
        'info',
        `${blocked} clients blocked in a blocking command`,
        `Clients waiting in BLPOP/BRPOP/XREAD BLOCK/WAIT. Normal for queue consumers; a growing number means producers stopped.`,
        node,
        { blockedClients: blocked }
      )
    )
  }
  return out
}

export const clients = redisRule({
  id: CLIENTS_RULE,
  needs: ['info'],
  evaluate: ({ info, config }, { node, window }) =>
    onNode(clientsRule(info, node, config ?? null, window), node, {
      rejectedConnections: 'count',
      rejectedConnectionsTotal: 'count',
      windowSeconds: 'seconds',
      maxclients: 'count',
      connectedClients: 'count',
      share: 'ratio',
      blockedClients: 'count'
    })
})
