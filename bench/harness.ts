/** Tiny benchmark harness: warm up, time N runs, report the median and spread. */
import { performance } from 'node:perf_hooks'

export interface Benchmark {
  name: string
  /** What the issue asks for, e.g. 'median < 30 ms'; printed beside the figure. */
  target?: string
  /** Budget in ms for the median; the run reports (not fails) when it is exceeded. */
  budgetMs?: number
  iterations?: number
  setup?: () => Promise<void> | void
  run: () => unknown
  teardown?: () => Promise<void> | void
}

export interface BenchResult {
  name: string
  medianMs: number
  p90Ms: number
  minMs: number
  iterations: number
  target?: string
  withinBudget: boolean | null
}

export const measure = async (bench: Benchmark): Promise<BenchResult> => {
  await bench.setup?.()
  const iterations = bench.iterations ?? 20
  for (let i = 0; i < Math.min(3, iterations); i++) await bench.run()
  const times: number[] = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    await bench.run()
    times.push(performance.now() - start)
  }
  await bench.teardown?.()
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN
  const medianMs = at(0.5)
  return {
    name: bench.name,
    medianMs,
    p90Ms: at(0.9),
    minMs: times[0] ?? NaN,
    iterations,
    target: bench.target,
    withinBudget: bench.budgetMs === undefined ? null : medianMs <= bench.budgetMs
  }
}
