import { useRef, type KeyboardEvent } from 'react'
import type { ConnectionProfile } from '../../../../shared/connection'
import { useNavigation } from '../navigation/NavigationProvider'
import { ConnectionHeader } from './ConnectionHeader'
import { tabsFor } from './tab-registry'

/** One connection: header, tab strip, and the selected tab. */
export function ConnectionPane({ profile, tab }: { profile: ConnectionProfile; tab: string }) {
  const { go } = useNavigation()
  const tabs = tabsFor(profile.engine)
  const active = tabs.find((t) => t.id === tab) ?? tabs[0]
  const strip = useRef<HTMLDivElement>(null)

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return
    const at = tabs.findIndex((t) => t.id === active?.id)
    const next = tabs[(at + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]
    if (next === undefined) return
    event.preventDefault()
    go({ kind: 'connection', id: profile.id, tab: next.id })
    strip.current?.querySelector<HTMLElement>(`[data-tab='${next.id}']`)?.focus()
  }

  return (
    <>
      <ConnectionHeader profile={profile} />
      <div className="tabs" role="tablist" aria-label="Connection views" ref={strip} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            className="tab"
            data-tab={t.id}
            id={`tab-${t.id}`}
            aria-selected={t.id === active?.id}
            aria-controls="tab-panel"
            tabIndex={t.id === active?.id ? 0 : -1}
            onClick={() => go({ kind: 'connection', id: profile.id, tab: t.id })}
          >
            {t.title}
          </button>
        ))}
      </div>
      <div
        className="main-scroll"
        role="tabpanel"
        id="tab-panel"
        aria-labelledby={active ? `tab-${active.id}` : undefined}
      >
        {active && <active.Component key={`${profile.id}-${active.id}`} profile={profile} />}
      </div>
    </>
  )
}
