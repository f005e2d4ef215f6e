/** The toggle in front of a row, or the space it would take, so names line up. */
export function TreeToggle({
  show,
  collapsed,
  onToggle
}: {
  show: boolean
  collapsed: boolean
  onToggle: () => void
}) {
  if (!show) return <span className="plan-toggle-space" />
  return (
    <button
      type="button"
      className="plan-toggle"
      tabIndex={-1}
      aria-label={collapsed ? 'Expand' : 'Collapse'}
      onClick={(e) => {
        e.stopPropagation()
        onToggle()
      }}
    >
      {collapsed ? '▸' : '▾'}
    </button>
  )
}
