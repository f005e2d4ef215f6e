import { useMutation, useQuery } from '@tanstack/react-query'
import { callOrThrow } from '../../api/queries'

export const incidentKeys = { overview: ['overview.run'] as const }

/** Every opened connection checked at once; refreshed every `intervalMs` while the window is visible. */
export const useOverview = (intervalMs: number, visible: boolean) =>
  useQuery({
    queryKey: incidentKeys.overview,
    queryFn: () => callOrThrow('overview.run', {}),
    refetchInterval: visible ? intervalMs : false,
    refetchIntervalInBackground: false,
    // A failed refresh must show as failed at once, not after silent retries.
    retry: false,
    staleTime: 0
  })

export const useSetPollInterval = () =>
  useMutation({ mutationFn: (ms: number) => callOrThrow('connections.setPollInterval', { ms }) })
