import type { AppError } from '../../../shared/errors'

/** An error as the host reported it: its code and its one actionable sentence. */
export function ErrorMessage({
  error,
  prefix
}: {
  error: Pick<AppError, 'message'> & { code: string }
  prefix?: string
}) {
  return (
    <div className="alert" role="alert">
      <span className="code">{error.code}</span>
      {prefix !== undefined && `${prefix}: `}
      {error.message}
    </div>
  )
}
