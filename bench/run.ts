/**
 * `npm run bench`: runs every `bench/*.bench.ts` (each exports `benchmarks: Benchmark[]`) and prints the
 * medians with the machine named, because these machines are noisy and a bare number means little.
 * `npm run bench -- plan` runs only the files whose name contains "plan".
 */
import { readdirSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { measure, type Benchmark } from './harness'

const filter = process.argv[2] ?? ''
const dir = import.meta.dirname
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort()
const cpu = cpus()[0]?.model ?? 'unknown CPU'
console.log(
  `machine: ${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`
)
let over = 0
let failed = 0
for (const file of files) {
  try {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { benchmarks: Benchmark[] }
    for (const bench of mod.benchmarks) {
      const r = await measure(bench)
      const verdict = r.withinBudget === null ? '' : r.withinBudget ? '  ok' : '  OVER BUDGET'
      if (r.withinBudget === false) over += 1
      const floor = r.floor
        ? `  floor ${r.floor.name} ${r.floor.medianMs.toFixed(2)} ms, ratio ${r.floor.ratio.toFixed(2)}x`
        : ''
      console.log(
        `${r.name.padEnd(58)} median ${r.medianMs.toFixed(2).padStart(9)} ms  p90 ${r.p90Ms.toFixed(2).padStart(9)} ms  (n=${r.iterations})${floor}${r.target ? `  target ${r.target}` : ''}${verdict}`
      )
    }
  } catch (err) {
    // A bench that needs a server (pg-sweep) says so instead of taking the others down with it.
    failed += 1
    console.log(
      `${file}: could not run: ${err instanceof Error ? err.message : String(err)} (servers: bash scripts/pg-up.sh)`
    )
  }
}
console.log(`${files.length} bench files, ${over} over budget, ${failed} could not run`)
process.exitCode = failed > 0 ? 1 : 0
