import type { ServerDescription } from './connection'

/**
 * The members of a connection's topology that main's adapter marked unhealthy (a failed cluster node, a
 * replica whose link is down, a replica set member not online), by address: the card and the sidebar say
 * "degraded" with these, so a connection with a dead node never reads as plainly "connected".
 */
export const membersDown = (server: ServerDescription | null): string[] =>
  (server?.topology ?? []).filter((n) => !n.healthy).map((n) => n.address)

/** "1 of 6 members down" for a topology with members down; null when all are up. */
export const membersDownText = (down: readonly string[], total: number): string | null =>
  down.length === 0 ? null : `${down.length} of ${total} ${total === 1 ? 'member' : 'members'} down`
