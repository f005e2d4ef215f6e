import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { EngineBadge } from '../../components/EngineBadge'
import { EnvironmentChip } from '../../components/EnvironmentChip'
import { useConnections } from '../../api/queries'
import { useNavigation } from '../navigation/NavigationProvider'
import { useThemeContext } from '../theme/ThemeContext'
import { paletteItems, type PaletteItem } from './palette-items'
import { rankItems } from './palette-match'

/** Ctrl/Cmd+K: jump to any connection, tab or view by typing. */
export function CommandPalette({ onClose }: { onClose: () => void }) {
  const { go } = useNavigation()
  const { cycle } = useThemeContext()
  const connections = useConnections()
  const [query, setQuery] = useState('')
  const [selected, setSelected] = useState(0)
  const items = useMemo(
    () => rankItems(paletteItems(connections.data ?? [], { toggleTheme: cycle }), query),
    [connections.data, cycle, query]
  )
  const at = Math.min(selected, Math.max(items.length - 1, 0))

  // Dismissed without choosing: give focus back to whatever had it. Choosing leaves focus to the new view.
  const restoreFocus = useRef(true)
  useEffect(() => {
    const before = document.activeElement
    return () => {
      if (restoreFocus.current && before instanceof HTMLElement && before.isConnected) before.focus()
    }
  }, [])

  const choose = (item: PaletteItem | undefined) => {
    if (item === undefined) return
    restoreFocus.current = false
    if (item.view) go(item.view)
    item.run?.()
    onClose()
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      onClose()
    } else if (e.key === 'ArrowDown') {
      e.preventDefault()
      setSelected(Math.min(at + 1, items.length - 1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setSelected(Math.max(at - 1, 0))
    } else if (e.key === 'Enter') {
      e.preventDefault()
      choose(items[at])
    }
  }

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        onKeyDown={onKeyDown}
      >
        <input
          className="input"
          autoFocus
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={items[at] ? `pi-${items[at].id}` : undefined}
          placeholder="Go to connection or view…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
            setSelected(0)
          }}
        />
        <ul id="palette-list" role="listbox" aria-label="Commands">
          {items.length === 0 && <li className="muted">Nothing matches “{query}”.</li>}
          {items.map((item, i) => (
            <li
              key={item.id}
              id={`pi-${item.id}`}
              role="option"
              aria-selected={i === at}
              onMouseEnter={() => setSelected(i)}
              onClick={() => choose(item)}
            >
              {item.profile && <EngineBadge engine={item.profile.engine} />}
              <span className="truncate" style={{ flex: 1 }} title={item.label}>
                {item.label}
              </span>
              {item.profile && <EnvironmentChip environment={item.profile.environment} />}
              <span className="kind">{item.kind}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}
