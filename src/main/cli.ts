/**
 * `dbconsole` command line: serve, analyze, check, start. Plain Node; imports no electron.
 * analyze/check follow shared/spec/analysis-report.md (formats, exit statuses).
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { homedir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { EngineKind } from '../shared/connection'
import { ENGINES } from '../shared/connection'
import { severityRank, type AnalysisReport, type Severity } from '../shared/findings'
import { AppFailure } from '../shared/errors'
import { redact } from '../shared/redact'
import { APP_VERSION } from './core/version'
import { analyzeText } from './diagnostics/analyze'
import { ensureParser } from './engines/postgres/classify'
import { readLogSource } from './log-files/read-log-source'
import {
  CHECK_FORMATS,
  collectTargets,
  fleetSummary,
  formatFleet,
  parseConcurrency,
  runExporter,
  runFleetWithProgress,
  type CheckFormat
} from './fleet/fleet-cli'
import { formatReportText } from './format-report'
import { terminalSafe } from './terminal-text'
import { startServe } from './serve'
import { defaultServeDataDir, resolveServeToken, TOKEN_ENV } from './serve-options'

const HELP = `dbconsole ${APP_VERSION}: diagnostics for PostgreSQL, MongoDB and Redis

Usage:
  dbconsole serve   [--port N] [--host 127.0.0.1 [--allow-remote]] [--token-file F] [--data-dir D]
        The app in any browser on loopback; prints the URL with its token (random per run, or from
        DBCONSOLE_TOKEN or a private --token-file). Data in $XDG_STATE_HOME/dbconsole/serve by default.
  dbconsole analyze [--engine auto|postgres|redis|mongo] [--format text|json] [--fail-on warning|critical] [--log-line-prefix P] <file|-> [<file>...]
        Findings from pasted server output (EXPLAIN, INFO, SLOWLOG, CLUSTER NODES, explain(), rs.status()...)
        and PostgreSQL server logs (stderr with any log_line_prefix, csvlog, jsonlog; gzip too), streamed.
  dbconsole check   [--url <url>...] [--targets FILE] [--format text|json|prometheus|junit] [--fail-on warning|critical]
                    [--timeout-ms N] [--concurrency N]
        Live read-only checks of each node. Passwords may come from PGPASSWORD, REDISCLI_AUTH or MONGODB_PASSWORD;
        a targets file (YAML or JSON) names each target's passwordEnv or passwordFile.
  dbconsole exporter --targets FILE [--listen 127.0.0.1:9187] [--interval-s 60] [--concurrency N]
        Serves /metrics for Prometheus, re-checking the targets every interval (scrapes read the cache).
  dbconsole start   The desktop app where an Electron binary exists; otherwise serve.
  dbconsole --help | --version

Exit status: 0 clean, 1 a finding reached --fail-on, 2 an input was not understood or a node unreachable.`

const repoRoot = (): string => resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

type Out = (text: string) => void

const failOnLevel = (value: string | undefined): Severity | null => {
  if (value === undefined) return null
  if (value === 'warning' || value === 'critical') return value
  throw new AppFailure('INVALID_INPUT', `--fail-on must be warning or critical, not "${value}"`)
}

const exitStatusFor = (reports: AnalysisReport[], failOn: Severity | null): number => {
  if (reports.some((r) => !r.ok)) return 2
  if (failOn && reports.some((r) => r.findings.some((f) => severityRank[f.severity] >= severityRank[failOn])))
    return 1
  return 0
}

const printReports = (reports: AnalysisReport[], format: string, out: Out): void => {
  for (const report of reports)
    out(format === 'json' ? JSON.stringify(report) : `${formatReportText(report)}\n`)
}

/** Server logs stream (any size, gzip too); other output is read whole for the pasted-output kinds. */
const analyzeInput = async (
  path: string,
  stdin: () => AsyncIterable<Buffer> | Iterable<Buffer>,
  engine: EngineKind | 'auto',
  prefix: string | undefined
): Promise<AnalysisReport> => {
  const source = path === '-' ? stdin() : createReadStream(path)
  const read =
    engine === 'auto' || engine === 'postgres' ? await readLogSource(source, path, { prefix }) : null
  if (read?.log) return read.report
  let text = read?.text
  if (text === undefined) {
    const chunks: Buffer[] = []
    for await (const chunk of source) chunks.push(chunk as Buffer)
    text = Buffer.concat(chunks).toString('utf8')
  }
  return analyzeText(text, { input: path, engine })
}

const readStdin = (): AsyncIterable<Buffer> => process.stdin

export const runAnalyze = async (
  args: string[],
  out: Out,
  stdin: () => AsyncIterable<Buffer> | Iterable<Buffer> = readStdin
): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      engine: { type: 'string', default: 'auto' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string' },
      'log-line-prefix': { type: 'string' }
    }
  })
  const engine = values.engine
  if (engine !== 'auto' && !(ENGINES as readonly string[]).includes(engine))
    throw new AppFailure('INVALID_INPUT', `--engine must be auto, postgres, redis or mongo`)
  if (values.format !== 'text' && values.format !== 'json')
    throw new AppFailure('INVALID_INPUT', '--format must be text or json')
  const failOn = failOnLevel(values['fail-on'])
  if (positionals.length === 0)
    throw new AppFailure('INVALID_INPUT', 'analyze needs a file or - for standard input')
  await ensureParser()
  const reports: AnalysisReport[] = []
  for (const path of positionals) {
    try {
      reports.push(await analyzeInput(path, stdin, engine as EngineKind | 'auto', values['log-line-prefix']))
    } catch (err) {
      reports.push({
        input: path,
        ok: false,
        engine: null,
        kind: null,
        summary: {},
        findings: [],
        error: { code: 'UNRECOGNIZED', message: `Cannot read ${path}: ${(err as Error).message}`, line: null }
      })
    }
  }
  printReports(reports, values.format, out)
  return exitStatusFor(reports, failOn)
}

export const runCheck = async (
  args: string[],
  out: Out,
  err: Out = (t) => process.stderr.write(t)
): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string', multiple: true },
      targets: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string' },
      'timeout-ms': { type: 'string', default: '30000' },
      concurrency: { type: 'string' }
    }
  })
  const format = values.format as CheckFormat
  if (!CHECK_FORMATS.includes(format))
    throw new AppFailure('INVALID_INPUT', `--format must be ${CHECK_FORMATS.join(', ')}`)
  const timeoutMs = Number(values['timeout-ms'])
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100)
    throw new AppFailure('INVALID_INPUT', '--timeout-ms must be a whole number of at least 100')
  const failOn = failOnLevel(values['fail-on'])
  const targets = await collectTargets(values.url ?? [], values.targets, timeoutMs)
  const results = await runFleetWithProgress(targets, parseConcurrency(values.concurrency), err)
  for (const piece of formatFleet(results, format, failOn, formatReportText)) out(piece)
  if (values.targets) err(`${process.stderr.isTTY ? '\r' : ''}${fleetSummary(results)}\n`)
  return exitStatusFor(
    results.flatMap((r) => r.reports),
    failOn
  )
}

const runServe = async (args: string[], out: Out): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '4173' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-remote': { type: 'boolean', default: false },
      token: { type: 'string' },
      'token-file': { type: 'string' },
      'data-dir': { type: 'string' }
    }
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new AppFailure('INVALID_INPUT', '--port must be 0-65535')
  const { token, warnings } = resolveServeToken({
    flag: values.token,
    file: values['token-file'],
    env: process.env[TOKEN_ENV]
  })
  // The renderer built beside this file (out/renderer, or another --outDir of electron-vite build).
  const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new AppFailure('NOT_FOUND', `No built renderer in ${rendererDir}: run npm run build first.`)
  const running = await startServe({
    port,
    host: values.host,
    allowRemote: values['allow-remote'],
    token,
    dataDir: resolve(values['data-dir'] ?? defaultServeDataDir(process.env.XDG_STATE_HOME, homedir())),
    rendererDir
  })
  for (const warning of [...warnings, ...running.warnings]) console.error(`dbconsole serve: ${warning}`)
  out(`dbconsole serve: open ${running.url}`)
  const stop = () => void running.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return new Promise<number>(() => undefined)
}

/** Where an Electron binary is present (never downloaded here: requiring 'electron' would try to). */
const electronBinary = (): string | null => {
  const dir = join(repoRoot(), 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const runStart = async (args: string[], out: Out): Promise<number> => {
  const binary = electronBinary()
  if (binary) {
    const child = spawn(binary, [repoRoot()], { stdio: 'inherit' })
    return new Promise((r) => child.on('exit', (code) => r(code ?? 0)))
  }
  out(
    'No Electron binary on this machine: starting `dbconsole serve` instead (the same app in your browser).'
  )
  return runServe(args, out)
}

export const main = async (argv: string[], out: Out = (t) => console.log(t)): Promise<number> => {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        out(HELP)
        return 0
      case '--version':
      case '-v':
        out(APP_VERSION)
        return 0
      case 'analyze':
        return await runAnalyze(rest, out)
      case 'check':
        return await runCheck(rest, out)
      case 'serve':
        return await runServe(rest, out)
      case 'exporter':
        return await runExporter(rest, out)
      case 'start':
        return await runStart(rest, out)
      default:
        out(`Unknown command "${terminalSafe(command)}".\n\n${HELP}`)
        return 2
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    console.error(`dbconsole ${terminalSafe(command ?? '')}: ${terminalSafe(redact(message))}`)
    return 2
  }
}
