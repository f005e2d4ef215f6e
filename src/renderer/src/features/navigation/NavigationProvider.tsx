import { createContext, useContext, useMemo, useState, type ReactNode } from 'react'
import type { View } from './view'

interface Navigation {
  view: View
  go(view: View): void
}

const NavigationContext = createContext<Navigation | null>(null)

export function NavigationProvider({
  children,
  initial = { kind: 'home' }
}: {
  children: ReactNode
  initial?: View
}) {
  const [view, go] = useState<View>(initial)
  const value = useMemo(() => ({ view, go }), [view])
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>
}

export const useNavigation = (): Navigation => {
  const nav = useContext(NavigationContext)
  if (nav === null) throw new Error('useNavigation outside NavigationProvider')
  return nav
}
