import { useCallback, useEffect, useState } from 'react'

export type ThemeChoice = 'system' | 'light' | 'dark'
const KEY = 'dbconsole.theme'
const ORDER: ThemeChoice[] = ['system', 'light', 'dark']

const read = (): ThemeChoice => {
  const stored = localStorage.getItem(KEY)
  return stored === 'light' || stored === 'dark' ? stored : 'system'
}

const systemDark = (): boolean => window.matchMedia('(prefers-color-scheme: dark)').matches

/** The theme choice (system / light / dark) on <html data-theme>, and whether the result is dark. */
export const useTheme = () => {
  const [choice, setChoice] = useState<ThemeChoice>(read)
  const [osDark, setOsDark] = useState(systemDark)

  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)')
    const onChange = () => setOsDark(media.matches)
    media.addEventListener('change', onChange)
    return () => media.removeEventListener('change', onChange)
  }, [])

  useEffect(() => {
    if (choice === 'system') {
      document.documentElement.removeAttribute('data-theme')
      localStorage.removeItem(KEY)
    } else {
      document.documentElement.setAttribute('data-theme', choice)
      localStorage.setItem(KEY, choice)
    }
  }, [choice])

  const cycle = useCallback(
    () => setChoice((c) => ORDER[(ORDER.indexOf(c) + 1) % ORDER.length] ?? 'system'),
    []
  )
  const dark = choice === 'dark' || (choice === 'system' && osDark)
  return { choice, dark, cycle, setChoice }
}
