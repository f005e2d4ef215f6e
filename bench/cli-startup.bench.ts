/**
 * `dbconsole analyze` as a CI loop or a shell pipe pays for it: a whole process, from exec to exit, on a
 * small captured plan. The floor is `node -e ''` timed in the same run (issue 23: < 150 ms and within
 * 2x of it).
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { builtApp, DBCONSOLE_BIN, REPO_ROOT } from './built-app'
import type { Benchmark } from './harness'

const SMALL_PLAN = join(REPO_ROOT, 'src/main/diagnostics/plan/fixtures/explain-json--initplan--pg15.json')

let env: NodeJS.ProcessEnv = {}

const runNode = (args: string[]): string => {
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' })
  // 0 clean, 1 a finding at --fail-on (not given here): anything else means the CLI did not analyse.
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return r.stdout
}

export const benchmarks: Benchmark[] = [
  {
    name: 'dbconsole analyze, small JSON plan, whole process',
    target: "median < 150 ms and <= 2x node -e ''",
    budgetMs: 150,
    floor: { name: "node -e ''", run: () => runNode(['-e', '']), maxRatio: 2 },
    iterations: 20,
    setup: () => {
      env = builtApp()
      const report = runNode([DBCONSOLE_BIN, 'analyze', '--format', 'json', SMALL_PLAN])
      if (!report.includes('"kind":"pg.plan"')) throw new Error(`not a plan report: ${report}`)
    },
    run: () => runNode([DBCONSOLE_BIN, 'analyze', SMALL_PLAN])
  }
]
