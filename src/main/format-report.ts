import type { AnalysisReport, Finding } from '../shared/findings'

const SEVERITY_LABEL: Record<Finding['severity'], string> = {
  critical: 'CRITICAL',
  warning: 'WARNING ',
  info: 'info    '
}

const formatValue = (value: unknown): string => {
  if (value === null || value === undefined) return '-'
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** The `--format text` rendering of one report: readable in a terminal, every fact on its own line. */
export const formatReportText = (report: AnalysisReport): string => {
  const lines: string[] = []
  const head = report.kind ? `${report.kind}${report.engine ? ` (${report.engine})` : ''}` : 'not understood'
  lines.push(`== ${report.input}: ${head}`)
  if (!report.ok && report.error) {
    const where = report.error.line === null ? '' : ` (line ${report.error.line})`
    lines.push(`   error ${report.error.code}${where}: ${report.error.message}`)
    return lines.join('\n')
  }
  for (const [key, value] of Object.entries(report.summary)) lines.push(`   ${key}: ${formatValue(value)}`)
  if (report.findings.length === 0) lines.push('   no findings')
  for (const f of report.findings) {
    lines.push(`   ${SEVERITY_LABEL[f.severity]} ${f.rule}${f.target ? ` [${f.target}]` : ''}: ${f.title}`)
    lines.push(`            ${f.detail}`)
  }
  return lines.join('\n')
}
