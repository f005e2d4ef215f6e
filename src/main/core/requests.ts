import { AppFailure } from '../../shared/errors'
import type { EventHub } from './events'

export type ReportProgress = (done: number, total: number | null, message: string) => void

/**
 * Long-running calls that report progress and can be cancelled (`requests.cancel`). The renderer picks
 * the request id; progress travels as events, so the same works over IPC and SSE.
 */
export class RequestRegistry {
  private readonly running = new Map<string, AbortController>()

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

  cancel(requestId: string): boolean {
    const controller = this.running.get(requestId)
    controller?.abort()
    return controller !== undefined
  }
}
