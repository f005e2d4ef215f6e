import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { MetricsSample } from '../../../../shared/metrics'
import { callOrThrow, queryKeys } from '../../api/queries'
import { withGaps } from './metrics-history'

/** How often an open page reads the history main keeps (main samples every connection on its own). */
export const METRICS_READ_MS = 5_000

export interface MetricsHistoryView {
  samples: MetricsSample[]
  error: string | null
}

/**
 * The connection's chart samples, as main records them in the background since it connected (also while
 * no page was open), with gaps marked; re-read every 5 s while the page is open and visible.
 */
export const useMetricsHistory = (connectionId: string): MetricsHistoryView => {
  const { data, error } = useQuery({
    queryKey: queryKeys.metricsHistory(connectionId),
    queryFn: () => callOrThrow('metrics.history', { connectionId }),
    refetchInterval: METRICS_READ_MS,
    refetchIntervalInBackground: false
  })
  const samples = useMemo(() => (data ? withGaps(data.samples, data.everyMs) : []), [data])
  return {
    samples,
    error: error instanceof Error ? error.message : (data?.error ?? null)
  }
}
