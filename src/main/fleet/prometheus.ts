/**
 * The Prometheus text exposition (format 0.0.4, which OpenMetrics scrapers read too) of a fleet run:
 * whether each target was checked and how long it took, one gauge per finding, and the numbers of each
 * node's summary (replication lag, xid headroom, fragmentation, memory...) as `dbconsole_<kind>_<fact>`.
 */
import type { AnalysisReport } from '../../shared/findings'
import type { TargetResult } from './run-fleet'

type Labels = Record<string, string>

const escapeLabel = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

const labelText = (labels: Labels): string =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`

const snake = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toLowerCase()

class Exposition {
  private readonly families = new Map<string, { help: string; samples: Map<string, number> }>()

  add(name: string, help: string, labels: Labels, value: number): void {
    const family = this.families.get(name) ?? { help, samples: new Map<string, number>() }
    this.families.set(name, family)
    const key = labelText(labels)
    // The same finding twice on one subject (two slow shapes with one title) counts up, never repeats a series.
    family.samples.set(key, (family.samples.get(key) ?? 0) + value)
  }

  text(): string {
    const lines: string[] = []
    for (const [name, { help, samples }] of this.families) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`)
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`)
    }
    return `${lines.join('\n')}\n`
  }
}

/** Finite numbers of a summary, nested objects flattened with `_`; lists of named items labelled by name. */
const measures = (
  summary: Record<string, unknown>,
  prefix = '',
  labels: Labels = {}
): { name: string; value: number; labels: Labels }[] =>
  Object.entries(summary).flatMap(([key, value]) => {
    const name = prefix ? `${prefix}_${snake(key)}` : snake(key)
    if (typeof value === 'number' && Number.isFinite(value)) return [{ name, value, labels }]
    if (typeof value === 'boolean') return [{ name, value: value ? 1 : 0, labels }]
    if (Array.isArray(value))
      return value.flatMap((item: unknown) => {
        const itemName = (item as { name?: unknown } | null)?.name
        return typeof itemName === 'string'
          ? measures(item as Record<string, unknown>, name, { ...labels, item: itemName })
          : []
      })
    if (value !== null && typeof value === 'object' && key !== 'probes')
      return measures(value as Record<string, unknown>, name, labels)
    return []
  })

const kindPrefix = (report: AnalysisReport): string =>
  snake((report.kind ?? 'unknown').split('.')[0] ?? 'unknown')

export const formatPrometheus = (results: readonly TargetResult[]): string => {
  const out = new Exposition()
  for (const { target, reports, durationMs } of results) {
    const base = { target: target.name, environment: target.environment }
    const engine = reports[0]?.engine ?? 'unknown'
    out.add(
      'dbconsole_check_success',
      'Whether every node of the target could be checked (1) or not (0).',
      { ...base, engine },
      reports.every((r) => r.ok) ? 1 : 0
    )
    out.add(
      'dbconsole_check_duration_seconds',
      'How long the check of the target took.',
      { ...base, engine },
      Math.round(durationMs) / 1000
    )
    for (const report of reports) {
      const node = String(report.summary.node ?? report.input)
      for (const f of report.findings)
        out.add(
          'dbconsole_finding',
          'A finding of the rules on a node (1 while it holds; more when it holds for several subjects of one title).',
          { ...base, engine, node, rule: f.rule, severity: f.severity, subject: f.target ?? '' },
          1
        )
      for (const m of measures(report.summary))
        out.add(
          `dbconsole_${kindPrefix(report)}_${m.name}`,
          `The ${m.name} fact of the ${report.kind ?? 'unknown'} summary.`,
          { ...base, node, ...m.labels },
          m.value
        )
    }
  }
  return out.text()
}
