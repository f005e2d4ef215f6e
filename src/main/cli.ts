/**
 * `dbconsole` command line: serve, analyze, check, start. Plain Node; imports no electron.
 * analyze/check follow docs/spec/analysis-report.md (formats, exit statuses).
 *
 * Start-up is part of the product: `analyze` runs in CI loops and shell pipes, so this file and what it
 * imports statically stay free of drivers, libpg-query, zod and the core (cli-startup.test.ts walks the
 * graph). The other commands load with import() only when they run (cli-check.ts, cli-serve.ts).
 */
import { createReadStream } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ENGINES, type EngineKind } from '../shared/engines'
import type { AnalysisReport } from '../shared/findings'
import { AppFailure } from '../shared/errors'
import { redact } from '../shared/redact'
import { APP_VERSION } from './support/version'
import { analyzeText } from './diagnostics/analyze'
import { exitStatusFor, failOnLevel, type Out } from './cli-common'
import { formatReportText } from './format-report'
import { terminalSafe } from './terminal-text'

/** out/main when built (src/main under tsx): serve finds the renderer beside it. */
const ENTRY_DIR = dirname(fileURLToPath(import.meta.url))

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
  dbconsole advise-indexes --url <postgres url> [--format text|json] [--fail-on warning|critical]
        Index advice for the slowest statements of one database (pg_stat_statements), each candidate proven
        with hypopg when it is installed; read-only (one READ ONLY transaction). PGPASSWORD if the URL has none.
  dbconsole exporter --targets FILE [--listen 127.0.0.1:9187] [--interval-s 60] [--concurrency N]
        Serves /metrics for Prometheus, re-checking the targets every interval (scrapes read the cache).
  dbconsole start   The desktop app where an Electron binary exists; otherwise serve.
  dbconsole --help | --version

Exit status: 0 clean, 1 a finding reached --fail-on, 2 an input was not understood or a node unreachable.`

const printReports = (reports: AnalysisReport[], format: string, out: Out): void => {
  for (const report of reports)
    out(format === 'json' ? JSON.stringify(report) : `${formatReportText(report)}\n`)
}

/**
 * Server logs (PostgreSQL, MongoDB 4.4+) are streamed (any size; gzip, bzip2 and xz too); other
 * output is read whole for the pasted-output kinds.
 * The log reader (csv-parse, libpg-query) is imported only here, so other analyses start without it.
 */
const analyzeInput = async (
  path: string,
  stdin: () => AsyncIterable<Buffer> | Iterable<Buffer>,
  engine: EngineKind | 'auto',
  prefix: string | undefined
): Promise<AnalysisReport> => {
  const source = path === '-' ? stdin() : createReadStream(path)
  if (engine === 'redis') return analyzeText(await readWhole(source), { input: path, engine })
  const { readLogSource } = await import('./log-files/read-log-source')
  const read = await readLogSource(source, path, { prefix, ...(engine === 'auto' ? {} : { engine }) })
  return read.log ? read.report : analyzeText(read.text, { input: path, engine })
}

const readWhole = async (source: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of source) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
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
        return await (await import('./cli-check')).runCheck(rest, out)
      case 'serve':
        return await (await import('./cli-serve')).runServe(rest, out, ENTRY_DIR)
      case 'advise-indexes':
        return await (await import('./cli-advise')).runAdviseIndexes(rest, out)
      case 'exporter':
        return await (await import('./cli-check')).runExporter(rest, out)
      case 'start':
        return await (await import('./cli-serve')).runStart(rest, out, ENTRY_DIR)
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
