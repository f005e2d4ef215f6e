import { showHidden } from '../../../../shared/hidden-chars'
import { ServerText } from '../../components/ServerText'
import type { HistoryEntry } from './console-storage'

/** The last statements run on this connection; a click puts one back in the editor. */
export function HistoryList({
  history,
  onPick
}: {
  history: HistoryEntry[]
  onPick: (text: string) => void
}) {
  if (history.length === 0) return <p className="muted console-pad">Statements you run appear here.</p>
  return (
    <ul className="console-history" aria-label="History">
      {history.map((h) => (
        <li key={`${h.at}-${h.text.length}`}>
          <button
            type="button"
            className="console-history-item"
            title={`${new Date(h.at).toLocaleString()}\n${showHidden(h.text.slice(0, 2_000))}`}
            onClick={() => onPick(h.text)}
          >
            <span className="mono truncate">
              <ServerText text={h.text.replace(/\s+/g, ' ')} />
            </span>
          </button>
        </li>
      ))}
    </ul>
  )
}
