import { useEffect, useState } from 'react'
import { BusyBar } from './components/BusyBar'
import { RunningCalls } from './components/RunningCalls'
import { useAppEvents } from './api/queries'
import { ConfirmProvider } from './features/confirm/ConfirmProvider'
import { ConnectionSidebar } from './features/connections/ConnectionSidebar'
import { NavigationProvider } from './features/navigation/NavigationProvider'
import { CommandPalette } from './features/palette/CommandPalette'
import { ThemeProvider } from './features/theme/ThemeContext'
import { MainPane } from './features/workspace/MainPane'

function Shell() {
  const [palette, setPalette] = useState(false)
  useAppEvents()
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        // Before Monaco sees it (Ctrl+K starts its chords): the palette wins everywhere.
        e.preventDefault()
        e.stopPropagation()
        setPalette((open) => !open)
      }
    }
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  }, [])
  return (
    <div className="app">
      <BusyBar />
      <ConnectionSidebar onOpenPalette={() => setPalette(true)} />
      <main className="main">
        <MainPane />
      </main>
      <RunningCalls />
      {palette && <CommandPalette onClose={() => setPalette(false)} />}
    </div>
  )
}

export function App() {
  return (
    <ThemeProvider>
      <NavigationProvider>
        <ConfirmProvider>
          <Shell />
        </ConfirmProvider>
      </NavigationProvider>
    </ThemeProvider>
  )
}
