/** Tiny benchmark harness: warm up, time N runs, report the median and spread. */
import { performance } from 'node:perf_hooks'

/**
 * The cheapest thing that does the same kind of work (`node -e ''` for a CLI, a static server for
 * `serve`). Its runs alternate with the bench's own, so both see the same load on a shared machine,
 * and the goal is a ratio to it as well as an absolute budget.
 */
export interface Floor {
  name: string
  run: () => unknown
  /** The bench's median may be at most this many times the floor's. */
  maxRatio: number
}

export interface Benchmark {
  name: string
  /** What the issue asks for, e.g. 'median < 30 ms'; printed beside the figure. */
  target?: string
  /** Budget in ms for the median; the run reports (not fails) when it is exceeded. */
  budgetMs?: number
  floor?: Floor
  iterations?: number
  setup?: () => Promise<void> | void
  run: () => unknown
  teardown?: () => Promise<void> | void
}

export interface FloorResult {
  name: string
  medianMs: number
  /** The bench's median over the floor's. */
  ratio: number
}

export interface BenchResult {
  name: string
  medianMs: number
  p90Ms: number
  minMs: number
  iterations: number
  target?: string
  floor: FloorResult | null
  withinBudget: boolean | null
}

/**
 * What a run that times itself returns: a browser bench times, in the page, only the part a person
 * waits for (Analyze to tree), not the driving around it (loading the input, resetting the view).
 */
export interface SelfTimed {
  selfTimedMs: number
}

const isSelfTimed = (value: unknown): value is SelfTimed =>
  typeof value === 'object' && value !== null && typeof (value as SelfTimed).selfTimedMs === 'number'

const timed = async (run: () => unknown): Promise<number> => {
  const start = performance.now()
  const result = await run()
  return isSelfTimed(result) ? result.selfTimedMs : performance.now() - start
}

const quantiles = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
  return { median: at(0.5), p90: at(0.9), min: sorted[0] ?? NaN }
}

const verdict = (bench: Benchmark, medianMs: number, floor: FloorResult | null): boolean | null => {
  const checks: boolean[] = []
  if (bench.budgetMs !== undefined) checks.push(medianMs <= bench.budgetMs)
  if (bench.floor && floor) checks.push(floor.ratio <= bench.floor.maxRatio)
  return checks.length === 0 ? null : checks.every(Boolean)
}

export const measure = async (bench: Benchmark): Promise<BenchResult> => {
  await bench.setup?.()
  const iterations = bench.iterations ?? 20
  for (let i = 0; i < Math.min(3, iterations); i++) {
    await bench.floor?.run()
    await bench.run()
  }
  const times: number[] = []
  const floorTimes: number[] = []
  for (let i = 0; i < iterations; i++) {
    if (bench.floor) floorTimes.push(await timed(bench.floor.run))
    times.push(await timed(bench.run))
  }
  await bench.teardown?.()
  const own = quantiles(times)
  const floorMedian = quantiles(floorTimes).median
  const floor = bench.floor
    ? { name: bench.floor.name, medianMs: floorMedian, ratio: own.median / floorMedian }
    : null
  return {
    name: bench.name,
    medianMs: own.median,
    p90Ms: own.p90,
    minMs: own.min,
    iterations,
    target: bench.target,
    floor,
    withinBudget: verdict(bench, own.median, floor)
  }
}
