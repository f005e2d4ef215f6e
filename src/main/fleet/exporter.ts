/**
 * `dbconsole exporter`: serves /metrics for Prometheus. The fleet is re-checked on an interval and the
 * last exposition is cached, so a scrape (or a hundred) never triggers a check: the load on the
 * servers is one check per target per interval, whatever scrapes. Runs never overlap.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { formatPrometheus } from './prometheus'
import { runFleet, type CheckTarget } from './run-fleet'
import type { FleetTarget } from './targets'

export interface ExporterOptions {
  host: string
  port: number
  targets: FleetTarget[]
  intervalMs: number
  concurrency?: number
  check?: CheckTarget
}

export interface RunningExporter {
  url: string
  /** Completed fleet runs so far. */
  runs(): number
  close(): Promise<void>
}

const exporterFacts = (runs: number, lastRunSeconds: number, lastRunAt: number): string =>
  [
    '# HELP dbconsole_exporter_runs_total Fleet runs completed since the exporter started.',
    '# TYPE dbconsole_exporter_runs_total counter',
    `dbconsole_exporter_runs_total ${runs}`,
    '# HELP dbconsole_exporter_last_run_seconds How long the last fleet run took.',
    '# TYPE dbconsole_exporter_last_run_seconds gauge',
    `dbconsole_exporter_last_run_seconds ${lastRunSeconds}`,
    '# HELP dbconsole_exporter_last_run_timestamp_seconds When the last fleet run ended (0: none yet).',
    '# TYPE dbconsole_exporter_last_run_timestamp_seconds gauge',
    `dbconsole_exporter_last_run_timestamp_seconds ${lastRunAt}`,
    ''
  ].join('\n')

export const startExporter = async (options: ExporterOptions): Promise<RunningExporter> => {
  let cached = ''
  let runs = 0
  let lastRunSeconds = 0
  let lastRunAt = 0
  let stopped = false
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> = Promise.resolve()

  const runOnce = async (): Promise<void> => {
    const started = performance.now()
    const results = await runFleet(options.targets, {
      concurrency: options.concurrency,
      check: options.check
    })
    cached = formatPrometheus(results)
    runs++
    lastRunSeconds = Math.round(performance.now() - started) / 1000
    lastRunAt = Math.floor(Date.now() / 1000)
  }
  const loop = (): void => {
    if (stopped) return
    running = runOnce()
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.intervalMs)
      })
  }

  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here.\n')
      return
    }
    res
      .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
      .end(cached + exporterFacts(runs, lastRunSeconds, lastRunAt))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  loop()
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/metrics`,
    runs: () => runs,
    close: async () => {
      stopped = true
      if (timer) clearTimeout(timer)
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await running
    }
  }
}
