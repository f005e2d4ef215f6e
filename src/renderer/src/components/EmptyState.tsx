import type { ReactNode } from 'react'

export function EmptyState({
  title,
  children,
  actions,
  big = false
}: {
  title: string
  children?: ReactNode
  actions?: ReactNode
  big?: boolean
}) {
  return (
    <div className={big ? 'empty big' : 'empty'}>
      <h2>{title}</h2>
      {children !== undefined && <div>{children}</div>}
      {actions !== undefined && <div className="actions">{actions}</div>}
    </div>
  )
}
