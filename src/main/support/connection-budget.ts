/**
 * The connection budget of a profile (docs/architecture.md: at most 3 server connections per profile;
 * docs/reliability-and-safety.md D3), decided here and nowhere else:
 *
 * - 2 for the profile's one diagnostics session (SessionManager keeps at most one per profile): on
 *   PostgreSQL one liveness connection (ping, describe) and one for all user work (checks, console,
 *   EXPLAIN, metrics), behind a bounded queue; on Redis one client per node (a cluster's seed node also
 *   carries the seed client: 2). Their sizes come from DIAGNOSTIC_CONNECTIONS below.
 * - 1 "exclusive" connection shared by guarded actions (prepare and execute) and connection tests of the
 *   profile: one at a time; the others wait in a FIFO queue of at most 32 for at most 15 s, then get BUSY
 *   (nothing was sent). An unsaved profile's test is keyed by its server and user, so 50 tests of the
 *   same URL also open one connection at a time.
 * The PostgreSQL cancel request is a short extra socket the postmaster answers itself: it never holds a
 * backend.
 * A profile reached through SSH adds exactly one connection, to its bastion (and one to each jump host):
 * src/main/ssh/tunnel-pool.ts keeps one tunnel per profile, and every connection above travels inside it
 * as a channel, so the database server still sees at most 3.
 */
import { Lane, type LaneLimits } from './lane'

export const CONNECTION_BUDGET_PER_PROFILE = 3

export const DIAGNOSTIC_CONNECTIONS = {
  /** PostgreSQL: ping and describe only, so liveness never waits behind user work. */
  liveness: 1,
  /** PostgreSQL: every other diagnostics statement. */
  work: 1
} as const

/** The queue in front of the one PostgreSQL work connection: a wait is BUSY, never a server timeout. */
export const WORK_QUEUE: Omit<LaneLimits, 'slots'> = { maxWaiting: 32, maxWaitMs: 15_000 }

export const EXCLUSIVE_LIMITS: LaneLimits = { slots: 1, maxWaiting: 32, maxWaitMs: 15_000 }

export class ConnectionBudget {
  private readonly exclusive = new Map<string, Lane>()

  /** Connections of `key` held by actions and tests right now (tests read it; at most 1). */
  exclusiveInUse(key: string): number {
    return this.exclusive.get(key)?.active ?? 0
  }

  /**
   * Runs `work` (which opens and closes its own connection) holding the profile's exclusive connection.
   * `name` is the profile's name for the BUSY sentence.
   */
  async withExclusive<T>(key: string, name: string, work: () => Promise<T>): Promise<T> {
    const lane =
      this.exclusive.get(key) ?? new Lane(EXCLUSIVE_LIMITS, `The action/test connection of "${name}"`)
    this.exclusive.set(key, lane)
    try {
      return await lane.run(work)
    } finally {
      // Forget idle lanes: unsaved profiles' tests must not grow the map for ever.
      if (lane.active === 0 && lane.queued === 0) this.exclusive.delete(key)
    }
  }
}
