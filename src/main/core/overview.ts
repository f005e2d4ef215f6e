import type { AnalysisReport } from '../../shared/findings'
import type { OverviewEntry } from '../../shared/overview'
import { AppFailure } from '../../shared/errors'
import { mapDriverError } from '../engines/map-error'
import { membersDown } from '../../shared/topology'
import { withTimeout } from '../support/interrupt'
import type { ProfileStore } from './profiles'
import type { SessionManager } from './sessions'

/** A slow node must not hold the whole overview: each connection's check is bounded. */
export const OVERVIEW_CHECK_TIMEOUT_MS = 20_000

/**
 * Every connection the user opened (connected or failed), checked concurrently; or only `onlyId`, which
 * gives [] when that connection is not open. `check` is the connection's shared sweep (checks.ts): the
 * overview has none of its own.
 */
export const runOverview = async (
  profiles: ProfileStore,
  sessions: SessionManager,
  check: (connectionId: string) => Promise<AnalysisReport[]>,
  firstSeen: (connectionId: string) => Record<string, number>,
  onlyId?: string,
  timeoutMs = OVERVIEW_CHECK_TIMEOUT_MS
): Promise<OverviewEntry[]> => {
  const opened = sessions
    .statuses()
    .filter((s) => s.state !== 'disconnected' && (onlyId === undefined || s.id === onlyId))
  const all = await profiles.list()
  return Promise.all(
    opened.flatMap((status) => {
      const profile = all.find((p) => p.id === status.id)
      if (!profile) return []
      return [
        (async (): Promise<OverviewEntry> => {
          const checkedAt = Date.now()
          const base = {
            connectionId: profile.id,
            name: profile.name,
            engine: profile.engine,
            environment: profile.environment,
            checkedAt
          }
          try {
            const reports = await withTimeout(
              check(profile.id),
              timeoutMs,
              () => new AppFailure('TIMEOUT', `the checks did not finish within ${timeoutMs / 1000} s`)
            )
            const now = sessions.status(profile.id)
            return {
              ...base,
              state: now.state,
              reports,
              error: null,
              durationMs: Date.now() - checkedAt,
              lastOkAt: now.lastOkAt,
              firstSeen: firstSeen(profile.id),
              membersDown: membersDown(now.server),
              members: now.server?.topology.length ?? 0
            }
          } catch (err) {
            const failure = mapDriverError(err, profile.name)
            const now = sessions.status(profile.id)
            return {
              ...base,
              state: 'failed',
              reports: [],
              error: { code: failure.code, message: failure.message },
              durationMs: Date.now() - checkedAt,
              lastOkAt: now.lastOkAt,
              firstSeen: {},
              membersDown: membersDown(now.server),
              members: now.server?.topology.length ?? 0
            }
          }
        })()
      ]
    })
  )
}
