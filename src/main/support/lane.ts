/**
 * A fixed number of slots with a bounded, time-limited FIFO queue in front of them: the building block of
 * the connection budget. A caller that cannot get a slot is told so with BUSY (queue full, or waited too
 * long), never with a TIMEOUT: waiting for one of our own connections is not the server being slow.
 */
import { AppFailure } from '../../shared/errors'

export interface LaneLimits {
  slots: number
  /** Callers allowed to wait; one more gets BUSY at once. */
  maxWaiting: number
  /** How long a caller waits for a slot before BUSY. */
  maxWaitMs: number
}

interface Waiter {
  grant: (release: () => void) => void
  timer: NodeJS.Timeout
}

export class Lane {
  private inUse = 0
  private readonly waiting: Waiter[] = []

  /** `what` names the slots in the BUSY sentence ("the action connection of prod-db"). */
  constructor(
    private readonly limits: LaneLimits,
    private readonly what: string
  ) {}

  get active(): number {
    return this.inUse
  }

  get queued(): number {
    return this.waiting.length
  }

  /** Resolves with the slot's release function (idempotent), or rejects with BUSY. */
  acquire(): Promise<() => void> {
    if (this.inUse < this.limits.slots) {
      this.inUse++
      return Promise.resolve(this.releaser())
    }
    if (this.waiting.length >= this.limits.maxWaiting) {
      return Promise.reject(
        new AppFailure(
          'BUSY',
          `${this.what} is in use and ${this.waiting.length} calls are already waiting for it: try again when one ends.`
        )
      )
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1)
          reject(
            new AppFailure(
              'BUSY',
              `${this.what} stayed in use for ${this.limits.maxWaitMs / 1000} s: nothing was sent to the server; try again when the running calls end.`
            )
          )
        }, this.limits.maxWaitMs)
      }
      this.waiting.push(waiter)
    })
  }

  /** Runs `work` holding one slot. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire()
    try {
      return await work()
    } finally {
      release()
    }
  }

  private releaser(): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.waiting.shift()
      if (!next) {
        this.inUse--
        return
      }
      // The slot passes straight to the next waiter: the count does not change.
      clearTimeout(next.timer)
      next.grant(this.releaser())
    }
  }
}
