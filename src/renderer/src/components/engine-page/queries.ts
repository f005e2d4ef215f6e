import { useQueries, useQuery } from '@tanstack/react-query'
import { callOrThrow } from '../../api/queries'

export const DETAIL_REFRESH_MS = 30_000

export const detailKey = (connectionId: string) => ['diagnostics.detail', connectionId] as const

/**
 * The records behind the engine pages: one `diagnostics.detail` per load and every 30 s while the
 * page is visible (react-query pauses the interval while document.hidden).
 */
export const useEngineDetail = (connectionId: string) =>
  useQuery({
    queryKey: detailKey(connectionId),
    queryFn: () => callOrThrow('diagnostics.detail', { connectionId }),
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
      queryFn: () => callOrThrow('diagnostics.detail', { connectionId: id }),
      staleTime: DETAIL_REFRESH_MS,
      retry: false
    }))
  })
