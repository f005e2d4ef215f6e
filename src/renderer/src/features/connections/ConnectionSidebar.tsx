import { useRef, type KeyboardEvent } from 'react'
import { ErrorMessage } from '../../components/ErrorMessage'
import { useConnections } from '../../api/queries'
import { useNavigation } from '../navigation/NavigationProvider'
import { TOOL_VIEWS } from '../navigation/view'
import { ThemeToggle } from '../theme/ThemeToggle'
import { ConnectionItem } from './ConnectionItem'

/** Arrow keys move between sidebar entries (Home/End jump); Enter opens the focused one. */
const moveFocus = (container: HTMLElement | null, event: KeyboardEvent) => {
  if (container === null || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return
  const items = Array.from(container.querySelectorAll<HTMLElement>('[data-nav-item]'))
  if (items.length === 0) return
  event.preventDefault()
  const at = items.indexOf(document.activeElement as HTMLElement)
  let next = 0
  if (event.key === 'End') next = items.length - 1
  else if (event.key === 'ArrowDown') next = at === -1 ? 0 : Math.min(at + 1, items.length - 1)
  else if (event.key === 'ArrowUp') next = at === -1 ? items.length - 1 : Math.max(at - 1, 0)
  items[next]?.focus()
}

export function ConnectionSidebar({ onOpenPalette }: { onOpenPalette: () => void }) {
  const { view, go } = useNavigation()
  const connections = useConnections()
  const ref = useRef<HTMLElement>(null)
  const currentId = view.kind === 'connection' || view.kind === 'edit-connection' ? view.id : null

  return (
    <nav
      className="sidebar"
      aria-label="Connections and views"
      ref={ref}
      onKeyDown={(e) => moveFocus(ref.current, e)}
    >
      <div className="sidebar-head">
        <span className="brand">dbconsole</span>
        <ThemeToggle />
      </div>
      <div className="sidebar-scroll">
        <div className="sidebar-section">
          <span>Tools</span>
        </div>
        <ul className="nav-list">
          {TOOL_VIEWS.map((tool) => (
            <li key={tool.view.kind}>
              <button
                type="button"
                className="nav-item"
                data-nav-item
                aria-current={view.kind === tool.view.kind ? 'page' : undefined}
                onClick={() => go(tool.view)}
              >
                <span className="name">{tool.label}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-section">
          <span>Connections</span>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            data-nav-item
            onClick={() => go({ kind: 'new-connection' })}
            title="Add a connection"
            aria-label="Add connection"
          >
            + Add
          </button>
        </div>
        {connections.isPending && (
          <p className="muted" style={{ padding: '0 12px' }}>
            Loading…
          </p>
        )}
        {connections.error !== null && (
          <div style={{ padding: '0 8px' }}>
            <ErrorMessage error={connections.error} />
          </div>
        )}
        {connections.data?.length === 0 && (
          <p className="muted" style={{ padding: '0 12px' }}>
            No connections yet. Use “+ Add” to create one.
          </p>
        )}
        <ul className="nav-list" aria-label="Connections">
          {connections.data?.map((profile) => (
            <ConnectionItem
              key={profile.id}
              profile={profile}
              current={currentId === profile.id}
              onOpen={() =>
                go({
                  kind: 'connection',
                  id: profile.id,
                  tab: view.kind === 'connection' ? view.tab : 'overview'
                })
              }
            />
          ))}
        </ul>
      </div>
      <div className="sidebar-foot">
        <span className="kbd-hint">
          <kbd>Ctrl</kbd> <kbd>K</kbd> commands · <kbd>↑</kbd>
          <kbd>↓</kbd> move
        </span>
        <button type="button" className="btn btn-ghost btn-small" onClick={onOpenPalette}>
          Commands
        </button>
      </div>
    </nav>
  )
}
