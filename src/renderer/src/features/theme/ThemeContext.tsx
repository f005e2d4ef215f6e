import { createContext, useContext, type ReactNode } from 'react'
import { useTheme, type ThemeChoice } from './use-theme'

interface Theme {
  choice: ThemeChoice
  dark: boolean
  cycle(): void
  setChoice(choice: ThemeChoice): void
}

const ThemeContext = createContext<Theme | null>(null)

export function ThemeProvider({ children }: { children: ReactNode }) {
  return <ThemeContext.Provider value={useTheme()}>{children}</ThemeContext.Provider>
}

export const useThemeContext = (): Theme => {
  const theme = useContext(ThemeContext)
  if (theme === null) throw new Error('useThemeContext outside ThemeProvider')
  return theme
}
