import { useQueries, useQuery } from '@tanstack/react-query'
import type { EngineDetail } from '../../../../shared/detail'
import { callOrThrow, queryKeys } from '../../api/queries'

export const DETAIL_REFRESH_MS = 30_000

const detailKey = (connectionId: string) => [...queryKeys.checks(connectionId), 'records'] as const

/** The connection's sweep with every probe's records (shared in the core with the overview's poll). */
const readDetail = async (connectionId: string): Promise<EngineDetail> => {
  const { reports, nodes } = await callOrThrow('checks.run', { connectionId, records: true })
  return { reports, nodes: nodes ?? [] }
}

/**
 * The records behind the engine pages: one `checks.run` per load and every 30 s while the
 * page is visible (react-query pauses the interval while document.hidden).
 */
export const useEngineDetail = (connectionId: string) =>
  useQuery({
    queryKey: detailKey(connectionId),
    queryFn: () => readDetail(connectionId),
    refetchInterval: DETAIL_REFRESH_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: false,
    staleTime: 10_000,
    gcTime: 30 * 60_000,
    retry: false
  })

/** Other connections' detail (a primary's replicas), read once and kept fresh for 30 s; no polling of their own. */
export const usePeerDetails = (connectionIds: string[]) =>
  useQueries({
    queries: connectionIds.map((id) => ({
      queryKey: detailKey(id),
      queryFn: () => readDetail(id),
      staleTime: DETAIL_REFRESH_MS,
      retry: false
    }))
  })
