import { useEffect, useState } from 'react'

/** The current time, re-read every `everyMs` while `active`: for ages and countdowns that must stay honest. */
export const useNow = (everyMs = 1000, active = true): number => {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs, active])
  return now
}
