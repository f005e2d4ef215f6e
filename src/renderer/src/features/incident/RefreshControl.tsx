import { REFRESH_CHOICES_MS } from './refresh-interval'

/** The refresh interval and a "now" button. */
export function RefreshControl({
  intervalMs,
  onChange,
  onRefresh,
  fetching
}: {
  intervalMs: number
  onChange: (ms: number) => void
  onRefresh: () => void
  fetching: boolean
}) {
  return (
    <>
      <label className="inline">
        Refresh every
        <select
          className="input"
          style={{ width: 80 }}
          aria-label="Refresh interval"
          value={intervalMs}
          onChange={(e) => onChange(Number(e.target.value))}
        >
          {REFRESH_CHOICES_MS.map((ms) => (
            <option key={ms} value={ms}>
              {ms / 1000} s
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn btn-small" onClick={onRefresh} disabled={fetching}>
        Refresh now
      </button>
    </>
  )
}
