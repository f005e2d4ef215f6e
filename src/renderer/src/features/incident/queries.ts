import { useMutation, useQueries, type QueryObserverResult } from '@tanstack/react-query'
import type { OverviewEntry } from '../../../../shared/overview'
import { callOrThrow, useConnectionStatuses } from '../../api/queries'
import type { ApiError } from '../../api/types'

export const incidentKeys = { overview: (connectionId: string) => ['overview.run', connectionId] as const }

/** One connection's latest check, and when this screen received it. */
export interface OverviewAnswer {
  entry: OverviewEntry
  answeredAt: number
  refreshing: boolean
}

export interface Overview {
  answers: OverviewAnswer[]
  /** Opened connections whose first check has not come back yet. */
  waitingFor: string[]
  /** Calls that failed as calls (the host, not the server): the last good answer stays shown. */
  failures: { connectionId: string; error: ApiError }[]
  fetching: boolean
  refetch: () => void
}

const combine = (
  results: QueryObserverResult<OverviewEntry | null, ApiError>[],
  ids: string[]
): Overview => ({
  answers: results.flatMap((r) =>
    r.data ? [{ entry: r.data, answeredAt: r.dataUpdatedAt, refreshing: r.isFetching }] : []
  ),
  waitingFor: ids.filter((_id, i) => results[i]?.isPending === true),
  failures: ids.flatMap((connectionId, i) => {
    const error = results[i]?.error
    return error ? [{ connectionId, error }] : []
  }),
  fetching: results.some((r) => r.isFetching),
  refetch: () => results.forEach((r) => void r.refetch())
})

/**
 * Every opened connection checked on its own, refreshed every `intervalMs` while the window is visible:
 * a slow or dead server delays only its own card, never the others.
 */
export const useOverview = (intervalMs: number, visible: boolean): Overview & { loading: boolean } => {
  const statuses = useConnectionStatuses()
  const ids = (statuses.data ?? [])
    .filter((s) => s.state !== 'disconnected')
    .map((s) => s.id)
    .sort()
  const results = useQueries({
    queries: ids.map((connectionId) => ({
      queryKey: incidentKeys.overview(connectionId),
      queryFn: async ({ signal }: { signal: AbortSignal }) =>
        (await callOrThrow('overview.run', { connectionId }, { signal }))[0] ?? null,
      refetchInterval: visible ? intervalMs : (false as const),
      refetchIntervalInBackground: false,
      // A failed refresh must show as failed at once, not after silent retries.
      retry: false,
      staleTime: 0
    }))
  })
  return { ...combine(results, ids), loading: statuses.isPending }
}

export const useSetPollInterval = () =>
  useMutation({ mutationFn: (ms: number) => callOrThrow('connections.setPollInterval', { ms }) })
