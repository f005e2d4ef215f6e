import { useEffect, useState } from 'react'
import { useDelayedFlag } from './use-delayed-flag'

/** Seconds since it mounted, counting from the one second that had already passed. */
function Elapsed() {
  const [started] = useState(() => Date.now())
  const [now, setNow] = useState(started)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500)
    return () => clearInterval(timer)
  }, [])
  return <>{Math.floor((now - started) / 1000) + 1} s</>
}

/** Inline "working" indicator for one call; appears after a second and counts the seconds. */
export function Progress({ active, label }: { active: boolean; label: string }) {
  const shown = useDelayedFlag(active)
  if (!shown) return null
  return (
    <span className="inline muted" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label} <Elapsed />
    </span>
  )
}
