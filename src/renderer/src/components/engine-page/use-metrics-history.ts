import { useEffect, useSyncExternalStore } from 'react'
import type { MetricsSample } from '../../../../shared/metrics'
import { callOrThrow } from '../../api/queries'
import { appendSample } from './metrics-history'

export const METRICS_POLL_MS = 5_000

// Module level on purpose: switching tabs or connections keeps each connection's history for the session.
const store = new Map<string, MetricsSample[]>()
const errors = new Map<string, string | null>()
const listeners = new Set<() => void>()
const EMPTY: MetricsSample[] = []

const notify = (): void => listeners.forEach((l) => l())
const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export interface MetricsHistory {
  samples: MetricsSample[]
  error: string | null
}

/** Samples `metrics.sample` every 5 s while the page is open and visible; returns the session's history. */
export const useMetricsHistory = (connectionId: string): MetricsHistory => {
  useEffect(() => {
    let stopped = false
    const poll = async (): Promise<void> => {
      if (document.hidden) return
      try {
        const sample = await callOrThrow('metrics.sample', { connectionId })
        if (stopped) return
        store.set(connectionId, appendSample(store.get(connectionId) ?? EMPTY, sample))
        errors.set(connectionId, null)
      } catch (cause) {
        if (stopped) return
        errors.set(connectionId, cause instanceof Error ? cause.message : String(cause))
      }
      notify()
    }
    void poll()
    const timer = setInterval(() => void poll(), METRICS_POLL_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [connectionId])
  const samples = useSyncExternalStore(subscribe, () => store.get(connectionId) ?? EMPTY)
  const error = useSyncExternalStore(subscribe, () => errors.get(connectionId) ?? null)
  return { samples, error }
}
