import { useSyncExternalStore } from 'react'

const subscribe = (onChange: () => void): (() => void) => {
  document.addEventListener('visibilitychange', onChange)
  return () => document.removeEventListener('visibilitychange', onChange)
}

/** False while the window is hidden (minimised, another tab): polling stops then. */
export const useDocumentVisible = (): boolean => useSyncExternalStore(subscribe, () => !document.hidden)
