/// <reference types="vite/client" />
import type { AppEvent } from '../../shared/contract'
import type { Result } from '../../shared/errors'

/** What the sandboxed preload exposes (src/main/preload): one function per contract method. */
export interface PreloadBridge {
  api: Record<string, (input: unknown) => Promise<Result<unknown>>>
  onEvent(cb: (event: AppEvent) => void): () => void
}

declare global {
  interface Window {
    dbconsole?: PreloadBridge
  }
}
