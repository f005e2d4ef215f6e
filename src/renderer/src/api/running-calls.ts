import { useSyncExternalStore } from 'react'
import type { CancellableMethod } from '../../../shared/cancellable'

export interface CallProgress {
  done: number
  total: number | null
  message: string
}

/** A call the host can cancel, from the moment it is sent until it settles. */
export interface RunningCall {
  requestId: string
  method: CancellableMethod
  connectionId: string | null
  startedAt: number
  progress: CallProgress | null
}

type Listener = () => void

/**
 * Every cancellable call in flight, for the tray that offers Cancel on anything slower than a second.
 * A plain store (useSyncExternalStore): calls start outside React, in callOrThrow.
 */
class RunningCalls {
  private calls = new Map<string, RunningCall>()
  private snapshot: RunningCall[] = []
  private readonly listeners = new Set<Listener>()

  add(call: RunningCall): void {
    this.calls.set(call.requestId, call)
    this.changed()
  }

  remove(requestId: string): void {
    if (this.calls.delete(requestId)) this.changed()
  }

  setProgress(requestId: string, progress: CallProgress): void {
    const call = this.calls.get(requestId)
    if (call === undefined) return
    this.calls.set(requestId, { ...call, progress })
    this.changed()
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  list = (): RunningCall[] => this.snapshot

  private changed(): void {
    this.snapshot = [...this.calls.values()]
    for (const listener of this.listeners) listener()
  }
}

export const runningCalls = new RunningCalls()

export const useRunningCalls = (): RunningCall[] =>
  useSyncExternalStore(runningCalls.subscribe, runningCalls.list)

export const useRunningCall = (requestId: string | null): RunningCall | null =>
  useRunningCalls().find((c) => c.requestId === requestId) ?? null

export const newRequestId = (): string => crypto.randomUUID()
