import type { AnalysisReport, Finding } from '../shared/findings'
import { terminalSafe } from './terminal-text'

const SEVERITY_LABEL: Record<Finding['severity'], string> = {
  critical: 'CRITICAL',
  warning: 'WARNING ',
  info: 'info    '
}

const formatValue = (value: unknown): string => {
  if (value === null || value === undefined) return '-'
  // JSON escapes C0 controls but leaves C1 and bidi characters raw.
  return terminalSafe(typeof value === 'object' ? JSON.stringify(value) : String(value))
}

/** A detail keeps its own lines, each indented under its finding and made safe on its own. */
const formatDetail = (detail: string): string =>
  detail
    .split('\n')
    .map((line) => `            ${terminalSafe(line)}`)
    .join('\n')

/**
 * The `--format text` rendering of one report: readable in a terminal, every fact on its own line.
 * Everything that comes from the input or a server is printed through terminalSafe (see terminal-text).
 */
export const formatReportText = (report: AnalysisReport): string => {
  const lines: string[] = []
  const head = report.kind ? `${report.kind}${report.engine ? ` (${report.engine})` : ''}` : 'not understood'
  lines.push(`== ${terminalSafe(report.input)}: ${terminalSafe(head)}`)
  if (!report.ok && report.error) {
    const where = report.error.line === null ? '' : ` (line ${report.error.line})`
    lines.push(`   error ${report.error.code}${where}: ${terminalSafe(report.error.message)}`)
    return lines.join('\n')
  }
  for (const [key, value] of Object.entries(report.summary))
    lines.push(`   ${terminalSafe(key)}: ${formatValue(value)}`)
  if (report.findings.length === 0) lines.push('   no findings')
  for (const f of report.findings) {
    const target = f.target ? ` [${terminalSafe(f.target)}]` : ''
    lines.push(`   ${SEVERITY_LABEL[f.severity]} ${terminalSafe(f.rule)}${target}: ${terminalSafe(f.title)}`)
    lines.push(formatDetail(f.detail))
  }
  return lines.join('\n')
}
