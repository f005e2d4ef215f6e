/** The two ways every rule speaks: a finding, or a visible "could not evaluate" (never silence). */
import type { Finding, Severity } from '../../shared/findings'

export const finding = (
  rule: string,
  severity: Severity,
  title: string,
  detail: string,
  target: string | null,
  evidence: Record<string, unknown>
): Finding => ({ rule, severity, title, detail, target, evidence })

export const notEvaluated = (rule: string, why: string, target: string | null = null): Finding =>
  finding(rule, 'info', `Could not evaluate ${rule}`, why, target, {})
