import type { Finding, Severity } from '../../../shared/findings'

export const finding = (
  rule: string,
  severity: Severity,
  title: string,
  detail: string,
  target: string | null,
  evidence: Record<string, unknown>
): Finding => ({
  rule,
  severity,
  title,
  detail,
  target,
  evidence
})

export const fmt = (n: number): string =>
  Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 1 })
