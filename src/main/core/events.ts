import type { AppEvent } from '../../shared/contract'

type Listener = (event: AppEvent) => void

/** Fan-out of core events to every connected renderer (IPC windows, SSE streams). */
export class EventHub {
  private readonly listeners = new Set<Listener>()

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch {
        // One broken stream must not stop the others.
      }
    }
  }
}
