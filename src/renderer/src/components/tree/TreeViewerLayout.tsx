import type { ReactNode } from 'react'

/** A button in the toolbar that selects one node (the slowest, the worst estimate...). */
export interface JumpTo {
  label: string
  onJump: () => void
}

/**
 * The frame a plan tree and an explain tree share: a summary, a toolbar (its own controls, then jumps to
 * the notable nodes and "Expand all"), the tree beside its findings and the selected node's details, and
 * whatever the viewer adds below.
 */
export function TreeViewerLayout({
  className,
  summary,
  controls,
  jumps,
  onExpandAll,
  tree,
  findingCount,
  findings,
  details,
  children
}: {
  className?: string
  summary: ReactNode
  controls: ReactNode
  jumps: readonly (JumpTo | null)[]
  onExpandAll: () => void
  tree: ReactNode
  findingCount: number
  findings: ReactNode
  details: ReactNode
  children?: ReactNode
}) {
  return (
    <div className={className ? `plan-viewer ${className}` : 'plan-viewer'}>
      {summary}
      <div className="plan-toolbar">
        {controls}
        <span className="spacer" />
        {jumps.map(
          (j) =>
            j && (
              <button key={j.label} type="button" className="btn btn-small" onClick={j.onJump}>
                {j.label}
              </button>
            )
        )}
        <button type="button" className="btn btn-small btn-ghost" onClick={onExpandAll}>
          Expand all
        </button>
      </div>
      <div className="plan-body">
        <div className="plan-main">{tree}</div>
        <aside className="plan-side">
          <section className="plan-side-section" aria-label="Findings">
            <h3>Findings ({findingCount})</h3>
            {findings}
          </section>
          {details}
        </aside>
      </div>
      {children}
    </div>
  )
}
