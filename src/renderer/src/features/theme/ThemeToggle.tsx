import { useThemeContext } from './ThemeContext'

const ICON = { system: '◐', light: '☀', dark: '☾' } as const

export function ThemeToggle() {
  const { choice, cycle } = useThemeContext()
  return (
    <button
      type="button"
      className="btn btn-ghost btn-icon"
      onClick={cycle}
      title={`Theme: ${choice} (click to change)`}
      aria-label={`Theme: ${choice}`}
    >
      {ICON[choice]}
    </button>
  )
}
