/**
 * The commands that check live servers: check and exporter. cli.ts loads this module with import()
 * only when one of them runs: it reaches the drivers, the SQL parser, zod and the core, which
 * `analyze` and `serve` must not pay for at start-up.
 */
import { parseArgs } from 'node:util'
import { AppFailure } from '../shared/errors'
import { exitStatusFor, failOnLevel, type Out } from './cli-common'
import {
  CHECK_FORMATS,
  collectTargets,
  fleetSummary,
  formatFleet,
  parseConcurrency,
  runFleetWithProgress,
  type CheckFormat
} from './fleet/fleet-cli'
import { formatReportText } from './format-report'

export { runExporter } from './fleet/fleet-cli'

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
