import { resolve } from 'node:path'
import { readFileSync } from 'node:fs'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const { version } = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }
const define = { __DBCONSOLE_VERSION__: JSON.stringify(version) }
// Drivers, the WASM parser and SQLite (native) stay in node_modules: they load native or binary assets at run time.
const external = [
  'pg',
  'pg-native',
  'mongodb',
  'ioredis',
  'libpg-query',
  'ssh2',
  'better-sqlite3',
  'electron'
]

export default defineConfig({
  main: {
    define,
    build: {
      rollupOptions: {
        external,
        input: { index: resolve('src/main/index.ts'), cli: resolve('src/main/cli.ts') }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': bundle everything else (zod, the contract) into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/main/preload/index.ts') },
        // Sandboxed preloads must be CommonJS: Electron does not support ESM preloads with sandbox: true.
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    build: { rollupOptions: { input: resolve('src/renderer/index.html') } },
    plugins: [react()]
  }
})
