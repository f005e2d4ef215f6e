import { useIsFetching, useIsMutating } from '@tanstack/react-query'
import { useDelayedFlag } from './use-delayed-flag'

/** A thin bar at the top of the window while any call has been running for more than a second. */
export function BusyBar() {
  const busy = useIsFetching() + useIsMutating() > 0
  const shown = useDelayedFlag(busy)
  return shown ? <div className="busy-bar" role="progressbar" aria-label="Working" /> : null
}
