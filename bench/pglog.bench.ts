/**
 * pg.log vs pgBadger on the same ~200 MB stderr log, in the same run. The log is the recorded fixture
 * repeated with its pids shifted per copy (written once to /tmp, never committed). Each tool runs in a
 * child process under /usr/bin/time so that wall time and peak RSS are measured the same way. pgBadger's
 * default is one process (-j 1); -j 2 is shown as well on this 2-vCPU machine.
 */
import { execFileSync } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Benchmark } from './harness'

const TARGET_BYTES = Number(process.env.PGLOG_BENCH_MB ?? 200) * 2 ** 20
const LOG = `/tmp/dbconsole-pglog-bench-${TARGET_BYTES}.log`
const FIXTURE = join(import.meta.dirname, '../src/main/diagnostics/pglog/fixtures/pg-log--workload--pg15.log')

const generate = (): void => {
  if (existsSync(LOG) && statSync(LOG).size >= TARGET_BYTES) return
  const base = readFileSync(FIXTURE, 'utf8')
  writeFileSync(LOG, '')
  for (let copy = 0, size = 0; size < TARGET_BYTES; copy++) {
    const shifted = base.replace(/\[(\d+)\]|process (\d+)|Process (\d+)/g, (m) =>
      m.replace(/\d+/, (d) => String(Number(d) + copy * 100_000))
    )
    appendFileSync(LOG, shifted)
    size += Buffer.byteLength(shifted)
  }
}

interface Run {
  wallS: number
  peakRssMb: number
}

/** Runs a command under GNU time: elapsed seconds and max RSS (kB), written to a side file. */
const measureCmd = (cmd: string, args: string[]): Run => {
  const stderrFile = `${LOG}.time`
  execFileSync('sh', [
    '-c',
    `/usr/bin/time -o "$0" -f 'TIME %e %M' "$@" >/dev/null 2>&1`,
    stderrFile,
    cmd,
    ...args
  ])
  const m = /TIME ([\d.]+) (\d+)/.exec(readFileSync(stderrFile, 'utf8'))
  return { wallS: Number(m?.[1] ?? NaN), peakRssMb: Number(m?.[2] ?? NaN) / 1024 }
}

const report = (name: string, r: Run, mb: number, base?: Run): void => {
  console.log(
    `  ${name.padEnd(34)} ${r.wallS.toFixed(1).padStart(7)} s  ${(mb / r.wallS).toFixed(1).padStart(6)} MB/s  peak RSS ${r.peakRssMb.toFixed(0).padStart(5)} MB${base ? `  (${(base.wallS / r.wallS).toFixed(2)}x pgBadger -j 1)` : ''}`
  )
}

export const benchmarks: Benchmark[] = [
  {
    name: 'pg.log vs pgBadger, ~200 MB stderr log (one run each)',
    target: 'faster than pgBadger, bounded memory',
    iterations: 1,
    setup: () => {
      generate()
      const mb = statSync(LOG).size / 2 ** 20
      console.log(`pglog bench: ${LOG} (${mb.toFixed(0)} MB)`)
      const tsx = join(import.meta.dirname, '../node_modules/.bin/tsx')
      const badger = (jobs: number) =>
        measureCmd('pgbadger', [
          '-j',
          String(jobs),
          '-f',
          'stderr',
          '-p',
          '%m [%p] %q%u@%d ',
          '-o',
          `${LOG}.html`,
          LOG
        ])
      const b1 = badger(1)
      report('pgBadger -j 1 (its default)', b1, mb)
      report('pgBadger -j 2', badger(2), mb, b1)
      report(
        'dbconsole analyze (stream)',
        measureCmd(tsx, [join(import.meta.dirname, 'pglog/analyze-file.ts'), LOG]),
        mb,
        b1
      )
    },
    run: () => undefined
  }
]
