import type { Severity } from '../../../shared/findings'

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className="sev" data-severity={severity}>
      {severity}
    </span>
  )
}
