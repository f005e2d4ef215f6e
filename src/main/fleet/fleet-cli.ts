/**
 * The fleet side of the command line: `dbconsole check` over --url and --targets targets in every
 * output format, and `dbconsole exporter`. Progress and the summary go to stderr so that stdout holds
 * only the document (JSON Lines, Prometheus text, JUnit XML) a scheduler or CI job reads.
 */
import { parseArgs } from 'node:util'
import { SEVERITIES, type AnalysisReport, type Severity } from '../../shared/findings'
import { AppFailure } from '../../shared/errors'
import { formatConnectionUrl, parseConnectionUrl } from '../support/connection-url'
import { engineOfUrl, PASSWORD_ENV } from '../engines/check-url'
import { isLoopback } from '../serve-options'
import { startExporter } from './exporter'
import { formatJunit } from './junit'
import { formatPrometheus } from './prometheus'
import { runFleet, type FleetProgress, type TargetResult } from './run-fleet'
import { readTargets, type FleetTarget } from './targets'

export const CHECK_FORMATS = ['text', 'json', 'prometheus', 'junit'] as const
export type CheckFormat = (typeof CHECK_FORMATS)[number]

type Out = (text: string) => void

/** A --url target: named by its URL without the password, which may come from the engine's variable. */
export const urlTarget = (url: string, timeoutMs: number): FleetTarget => {
  const engine = engineOfUrl(url)
  return {
    name: formatConnectionUrl(parseConnectionUrl(engine, url)),
    url,
    environment: 'production',
    tags: [],
    timeoutMs,
    password: { env: PASSWORD_ENV[engine], optional: true }
  }
}

export const parseConcurrency = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 4096)
    throw new AppFailure('INVALID_INPUT', '--concurrency must be a whole number from 1 to 4096')
  return n
}

export const fleetSummary = (results: readonly TargetResult[]): string => {
  const failed = results.filter((r) => r.reports.some((report) => !report.ok)).length
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
  for (const r of results)
    for (const report of r.reports) for (const f of report.findings) counts[f.severity]++
  const withFindings = results.filter((r) => r.reports.some((report) => report.findings.length > 0)).length
  return `${results.length} targets: ${results.length - failed} checked, ${failed} failed, ${withFindings} with findings (${counts.critical} critical, ${counts.warning} warning, ${counts.info} info)`
}

export const progressLine = ({ done, total, failed }: FleetProgress): string =>
  `\rchecked ${done}/${total}${failed ? ` (${failed} failed)` : ''}`

export const collectTargets = async (
  urls: readonly string[],
  targetsFile: string | undefined,
  timeoutMs: number
): Promise<FleetTarget[]> => {
  const targets = [
    ...urls.map((u) => urlTarget(u, timeoutMs)),
    ...(targetsFile ? await readTargets(targetsFile) : [])
  ]
  if (targets.length === 0)
    throw new AppFailure('INVALID_INPUT', 'check needs at least one --url or a --targets file')
  return targets
}

/**
 * A finished run as the pieces stdout prints (each ends in a newline the printer adds): one per report
 * in text (with a blank line after) and JSON Lines, as `dbconsole check` always printed; one document
 * for Prometheus and JUnit.
 */
export const formatFleet = (
  results: readonly TargetResult[],
  format: CheckFormat,
  failOn: Severity | null,
  textOf: (report: AnalysisReport) => string
): string[] => {
  const reports = results.flatMap((r) => r.reports)
  switch (format) {
    case 'prometheus':
      return [formatPrometheus(results).replace(/\n$/, '')]
    case 'junit':
      return [formatJunit(results, failOn ?? 'critical').replace(/\n$/, '')]
    case 'json':
      return reports.map((report) => JSON.stringify(report))
    case 'text':
      return reports.map((report) => `${textOf(report)}\n`)
  }
}

export const runFleetWithProgress = (targets: FleetTarget[], concurrency: number | undefined, err: Out) =>
  runFleet(targets, {
    concurrency,
    onProgress: process.stderr.isTTY && targets.length > 1 ? (p) => err(progressLine(p)) : undefined
  })

export const runExporter = async (args: string[], out: Out): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: {
      listen: { type: 'string', default: '127.0.0.1:9187' },
      targets: { type: 'string' },
      'interval-s': { type: 'string', default: '60' },
      concurrency: { type: 'string' }
    }
  })
  if (!values.targets) throw new AppFailure('INVALID_INPUT', 'exporter needs --targets FILE')
  const listen = /^(\[[0-9a-f:]+\]|[^:]+):(\d{1,5})$/i.exec(values.listen)
  if (!listen) throw new AppFailure('INVALID_INPUT', '--listen must be HOST:PORT, e.g. 127.0.0.1:9187')
  const host = (listen[1] ?? '').replace(/^\[|\]$/g, '')
  const intervalS = Number(values['interval-s'])
  if (!Number.isFinite(intervalS) || intervalS < 1)
    throw new AppFailure('INVALID_INPUT', '--interval-s must be at least 1')
  const running = await startExporter({
    host,
    port: Number(listen[2]),
    targets: await readTargets(values.targets),
    intervalMs: intervalS * 1000,
    concurrency: parseConcurrency(values.concurrency)
  })
  if (!isLoopback(host))
    out(`dbconsole exporter: WARNING: ${host} is not loopback; /metrics is served without authentication.`)
  out(`dbconsole exporter: serving ${running.url}, re-checking every ${intervalS} s`)
  const stop = () => void running.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return new Promise<number>(() => undefined)
}
