/**
 * The benches that time the shipped CLI (start-up, serve, the renderer) run the BUILT output, built once
 * per `npm run bench` into its own directory so that it never clobbers `out/` of a running app.
 */
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'

export const REPO_ROOT = resolve(import.meta.dirname, '..')
const OUT_DIR = join(REPO_ROOT, '.tmp', 'bench-build')
export const DBCONSOLE_BIN = join(REPO_ROOT, 'bin', 'dbconsole.mjs')

let built = false

/** Builds once; returns the environment under which bin/dbconsole.mjs runs that build. */
export const builtApp = (): NodeJS.ProcessEnv => {
  if (!built) {
    const r = spawnSync('npx', ['electron-vite', 'build', '--outDir', OUT_DIR], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8'
    })
    if (r.status !== 0) throw new Error(`electron-vite build failed: ${r.stderr}`)
    built = true
  }
  return { ...process.env, DBCONSOLE_OUT_DIR: OUT_DIR }
}
