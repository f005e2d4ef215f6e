import type { ConnectionStatus } from '../../shared/connection'
import { AppFailure } from '../../shared/errors'
import { mapDriverError } from '../engines/map-error'
import { openSession } from '../engines/open-session'
import type { EngineSession } from '../engines/types'
import type { EventHub } from './events'
import type { ProfileStore } from './profiles'
import { throughTunnel, type ProfileTunnels } from './profile-tunnels'

interface LiveConnection {
  session: EngineSession | null
  status: ConnectionStatus
  /** Serialises connect attempts: never two parallel reconnects to one server. */
  pending: Promise<EngineSession> | null
}

/** Default liveness interval; the overview lets the user change it (issue 9). */
export const DEFAULT_POLL_MS = 10_000

/**
 * The open diagnostics sessions, one per profile, and their liveness. A failed ping marks the connection
 * failed at once (never a silent stale value); the drivers reconnect by themselves and the next good ping
 * marks it connected again and re-reads the topology, so a failover shows without user action.
 */
export class SessionManager {
  private readonly live = new Map<string, LiveConnection>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly profiles: ProfileStore,
    private readonly events: EventHub,
    private pollMs = DEFAULT_POLL_MS,
    private readonly tunnels: ProfileTunnels | null = null
  ) {}

  statuses(): ConnectionStatus[] {
    return [...this.live.values()].map((l) => l.status)
  }

  status(id: string): ConnectionStatus {
    return (
      this.live.get(id)?.status ?? { id, state: 'disconnected', server: null, error: null, lastOkAt: null }
    )
  }

  private setStatus(id: string, status: ConnectionStatus): ConnectionStatus {
    const entry = this.live.get(id)
    if (entry) entry.status = status
    this.events.emit({ type: 'connection.status', status })
    return status
  }

  async connect(id: string): Promise<ConnectionStatus> {
    await this.session(id)
    return this.status(id)
  }

  /** The live session, opening it first when needed. */
  async session(id: string): Promise<EngineSession> {
    const existing = this.live.get(id)
    if (existing?.session) return existing.session
    if (existing?.pending) return existing.pending
    const profile = await this.profiles.get(id)
    const entry: LiveConnection = existing ?? { session: null, status: this.status(id), pending: null }
    this.live.set(id, entry)
    this.setStatus(id, { ...entry.status, state: 'connecting' })
    entry.pending = (async () => {
      try {
        const url = await this.profiles.connectUrl(id)
        // The session holds its profile's tunnel lease until it is closed.
        const lease = (await this.tunnels?.lease(profile)) ?? null
        const opened = await openSession(profile.engine, {
          url,
          tls: await this.profiles.connectTls(id),
          via: lease?.via,
          purpose: 'diagnostics'
        }).catch((err: unknown) => {
          lease?.release()
          throw err
        })
        const session = lease ? throughTunnel(opened, lease) : opened
        const server = await session.describe().catch(async (err: unknown) => {
          await session.close()
          throw err
        })
        entry.session = session
        this.setStatus(id, { id, state: 'connected', server, error: null, lastOkAt: Date.now() })
        this.ensurePolling()
        return session
      } catch (err) {
        const failure = mapDriverError(err, profile.name)
        this.setStatus(id, {
          id,
          state: 'failed',
          server: entry.status.server,
          error: { code: failure.code, message: failure.message },
          lastOkAt: entry.status.lastOkAt
        })
        throw failure
      } finally {
        entry.pending = null
      }
    })()
    return entry.pending
  }

  /**
   * After its profile changed: a watched connection reopens with the new settings and stays watched, in
   * place (a failure shows as its status, e.g. a wrong new password); an unwatched one stays closed.
   */
  async reopen(id: string): Promise<ConnectionStatus> {
    const entry = this.live.get(id)
    if (!entry) return this.status(id)
    await entry.pending?.catch(() => undefined)
    const old = entry.session
    // Nothing may take the old session (old URL, old password) from here on.
    entry.session = null
    await old?.close()
    await this.session(id).catch(() => undefined)
    return this.status(id)
  }

  /**
   * The other open sessions on the same server cluster as `id` (same engine and identity: a PostgreSQL
   * primary and its physical replicas share the system identifier), e.g. for per-node index usage.
   */
  clusterPeers(id: string): EngineSession[] {
    const own = this.live.get(id)?.status.server
    if (!own || own.identity === 'unknown') return []
    return [...this.live.entries()].flatMap(([other, entry]) =>
      other !== id &&
      entry.session &&
      entry.status.state === 'connected' &&
      entry.status.server?.engine === own.engine &&
      entry.status.server.identity === own.identity
        ? [entry.session]
        : []
    )
  }

  async disconnect(id: string): Promise<ConnectionStatus> {
    const entry = this.live.get(id)
    this.live.delete(id)
    await entry?.session?.close()
    const status: ConnectionStatus = { id, state: 'disconnected', server: null, error: null, lastOkAt: null }
    this.events.emit({ type: 'connection.status', status })
    if (this.live.size === 0) this.stopPolling()
    return status
  }

  setPollInterval(ms: number): void {
    this.pollMs = ms
    this.stopPolling()
    this.ensurePolling()
  }

  /** One liveness round: ping every open session; re-describe after a recovery (topology may have changed). */
  async pollOnce(): Promise<void> {
    await Promise.all(
      [...this.live.entries()].map(async ([id, entry]) => {
        const session = entry.session
        if (!session) return
        try {
          // Re-read the role and topology on every poll, not only after a recovery: a promotion
          // (PG replica promoted, Redis REPLICAOF NO ONE) keeps the connection up and changes only them.
          await session.ping()
          const server = await session.describe()
          this.setStatus(id, { id, state: 'connected', server, error: null, lastOkAt: Date.now() })
        } catch (err) {
          const failure = err instanceof AppFailure ? err : mapDriverError(err, id)
          this.setStatus(id, {
            ...entry.status,
            state: 'failed',
            error: { code: failure.code, message: failure.message }
          })
        }
      })
    )
  }

  private ensurePolling(): void {
    if (this.timer || this.live.size === 0) return
    this.timer = setInterval(() => void this.pollOnce(), this.pollMs)
    this.timer.unref()
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  async closeAll(): Promise<void> {
    this.stopPolling()
    await Promise.all([...this.live.keys()].map((id) => this.disconnect(id)))
  }
}
