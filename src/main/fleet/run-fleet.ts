/**
 * Checks many targets at once with bounded concurrency. Each target is bounded by its own timeout, so a
 * dead or slow one delays only itself: the whole run takes about the slowest target's timeout, not
 * the sum, as long as the slow ones fit in the concurrency.
 */
import { availableParallelism } from 'node:os'
import type { AnalysisReport } from '../../shared/findings'
import { failedHealthReport } from '../engines/health-report'
import { checkUrl, engineOfUrl } from '../engines/check-url'
import { AppFailure } from '../../shared/errors'
import { targetPassword, type FleetTarget } from './targets'

export interface TargetResult {
  target: FleetTarget
  /** One per node; a target that could not be checked has one failed report. */
  reports: AnalysisReport[]
  durationMs: number
}

export interface FleetProgress {
  done: number
  total: number
  failed: number
}

/** Checks wait on the network, not the CPU: many per core, capped so file descriptors stay plenty. */
export const defaultConcurrency = (): number => Math.min(256, availableParallelism() * 64)

export type CheckTarget = (target: FleetTarget) => Promise<AnalysisReport[]>

export const checkTarget: CheckTarget = async (target) => {
  let password: string | null
  try {
    password = await targetPassword(target)
  } catch (err) {
    const failure = err instanceof AppFailure ? err : new AppFailure('INTERNAL', String(err))
    return [failedHealthReport(target.url, engineOfUrl(target.url), failure)]
  }
  return checkUrl(target.url, target.timeoutMs, password)
}

export const runFleet = async (
  targets: readonly FleetTarget[],
  options: { concurrency?: number; onProgress?: (p: FleetProgress) => void; check?: CheckTarget } = {}
): Promise<TargetResult[]> => {
  const check = options.check ?? checkTarget
  const results: TargetResult[] = new Array<TargetResult>(targets.length)
  let next = 0
  let done = 0
  let failed = 0
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++
      const target = targets[index] as FleetTarget
      const started = performance.now()
      const reports = await check(target)
      results[index] = { target, reports, durationMs: performance.now() - started }
      done++
      if (reports.some((r) => !r.ok)) failed++
      options.onProgress?.({ done, total: targets.length, failed })
    }
  }
  const workers = Math.max(1, Math.min(options.concurrency ?? defaultConcurrency(), targets.length))
  await Promise.all(Array.from({ length: workers }, worker))
  return results
}
