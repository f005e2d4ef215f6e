import { useEffect, useState } from 'react'

/** True only once `active` has stayed true for `delayMs`: progress shows for slow calls, not for every click. */
export const useDelayedFlag = (active: boolean, delayMs = 1000): boolean => {
  const [shown, setShown] = useState(false)
  useEffect(() => {
    if (!active) return
    const timer = setTimeout(() => setShown(true), delayMs)
    return () => {
      clearTimeout(timer)
      setShown(false)
    }
  }, [active, delayMs])
  return active && shown
}
