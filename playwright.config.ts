import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'

/**
 * The renderer e2e suite. `chromium` drives the built renderer in Debian's Chromium through
 * `dbconsole serve` (real PostgreSQL and Redis behind it). `electron` runs the same specs in the
 * desktop app, and only where an Electron binary exists (it cannot be downloaded on our machines).
 */
// Overridable so several checkouts (or engineers) can run the suite side by side on one machine.
const PORT = Number(process.env.E2E_PORT ?? 4173)
export const E2E_TOKEN = 'e2e-token'
export const MONGO_FAKE_PORT = Number(process.env.E2E_MONGO_PORT ?? 57117)
// Set once in the runner; workers inherit it, so every process agrees on the one fresh data dir.
process.env.DBCONSOLE_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'dbconsole-e2e-'))
const electronBinary = join(import.meta.dirname, 'node_modules', 'electron', 'dist', 'electron')

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // One retry in CI for timing flakes on a shared 2-core machine; the list reporter shows retried tests.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/#token=${E2E_TOKEN}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1360, height: 860 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run'
      ]
    }
  },
  projects: [
    { name: 'chromium' },
    {
      name: 'electron',
      // e2e/fixtures.ts launches the app with _electron when this binary exists and skips otherwise.
      metadata: { electronBinary, available: existsSync(electronBinary) }
    }
  ],
  webServer: [
    {
      command: `node bin/dbconsole.mjs serve --port ${PORT} --data-dir ${process.env.DBCONSOLE_E2E_DATA_DIR}`,
      // From the environment, not the command line, where every local user could read it in `ps`.
      env: { DBCONSOLE_TOKEN: E2E_TOKEN },
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe'
    },
    {
      // No mongod can be installed here: a wire-protocol fake replica set (members on N, N+1; N+2 down).
      command: `npx tsx scripts/mongo-fake/main.ts --port ${MONGO_FAKE_PORT} --scenario replset-lagging`,
      port: MONGO_FAKE_PORT,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe'
    }
  ]
})
