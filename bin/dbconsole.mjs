#!/usr/bin/env node
// Entry of `npx dbconsole`: runs the built CLI, building it first on a fresh checkout.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// DBCONSOLE_OUT_DIR: a build made with `electron-vite build --outDir D` (side-by-side dev builds).
const outDir = process.env.DBCONSOLE_OUT_DIR
  ? resolve(root, process.env.DBCONSOLE_OUT_DIR)
  : join(root, 'out')
const cli = join(outDir, 'main', 'cli.js')
if (!existsSync(cli)) {
  console.error('dbconsole: first run, building (npx electron-vite build)...')
  const built = spawnSync('npx', ['electron-vite', 'build', '--outDir', outDir], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit']
  })
  if (built.status !== 0) process.exit(built.status ?? 1)
}
const { main } = await import(pathToFileURL(cli).href)
const code = await main(process.argv.slice(2))
process.exitCode = code
