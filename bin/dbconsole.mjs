#!/usr/bin/env node
// Entry of `npx dbconsole`: runs the built CLI, building it first on a fresh checkout.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  console.error('dbconsole: first run, building (npx electron-vite build)...')
  const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (built.status !== 0) process.exit(built.status ?? 1)
}
const { main } = await import(pathToFileURL(cli).href)
const code = await main(process.argv.slice(2))
process.exitCode = code
