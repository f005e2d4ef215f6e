import type { ReactNode } from 'react'

/** One labelled row of the connection form, with its error or hint under the control. */
export function Field({
  label,
  error,
  hint,
  children,
  htmlFor
}: {
  label: string
  error?: string
  hint?: ReactNode
  children: ReactNode
  htmlFor: string
}) {
  return (
    <>
      <label htmlFor={htmlFor}>{label}</label>
      <div>
        {children}
        {error !== undefined && (
          <div className="field-error" id={`${htmlFor}-error`}>
            {error}
          </div>
        )}
        {hint !== undefined && error === undefined && <div className="field-hint">{hint}</div>}
      </div>
    </>
  )
}
