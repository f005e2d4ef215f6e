import { AppFailure } from '../../shared/errors'
import type { ReportProgress } from '../support/call-scope'
import type { EventHub } from './events'

export type { ReportProgress }

/** How long a cancel that arrived before its call is remembered (HTTP may deliver the two out of order). */
const EARLY_CANCEL_MS = 10_000

/**
 * Long-running calls that report progress and can be cancelled (`requests.cancel`). The renderer picks
 * the request id; progress travels as events, so the same works over IPC and SSE.
 */

export class RequestRegistry {
  private readonly running = new Map<string, AbortController>()
  private readonly cancelledEarly = new Set<string>()

  constructor(private readonly events: EventHub) {}

  async run<T>(
    requestId: string | undefined,
    work: (signal: AbortSignal, progress: ReportProgress) => Promise<T>
  ): Promise<T> {
    const controller = new AbortController()
    if (requestId !== undefined) {
      if (this.running.has(requestId))
        throw new AppFailure('INVALID_INPUT', `Request ${requestId} is already running.`)
      this.running.set(requestId, controller)
      if (this.cancelledEarly.delete(requestId)) controller.abort()
    }
    const progress: ReportProgress = (done, total, message) => {
      if (requestId !== undefined) this.events.emit({ type: 'progress', requestId, done, total, message })
    }
    try {
      return await work(controller.signal, progress)
    } finally {
      if (requestId !== undefined) this.running.delete(requestId)
    }
  }

  /** True when the call was running; otherwise it is refused if it arrives within EARLY_CANCEL_MS. */
  cancel(requestId: string): boolean {
    const controller = this.running.get(requestId)
    if (controller !== undefined) {
      controller.abort()
      return true
    }
    this.cancelledEarly.add(requestId)
    setTimeout(() => this.cancelledEarly.delete(requestId), EARLY_CANCEL_MS).unref()
    return false
  }
}
