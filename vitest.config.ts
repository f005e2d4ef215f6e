import { defineConfig } from 'vitest/config'

/**
 * unit: pure code, no servers. integration: real PostgreSQL and Redis from scripts/*-up.sh.
 * mongo: the real mongodb driver over a socket against the wire-protocol fake (no mongod exists here).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/contract/**/*.test.tsx', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'src/**/*.mongo.test.ts'],
          environment: 'node',
          // Property tests run 10,000 inputs; on a loaded 2-core machine that can pass 5 s.
          testTimeout: 30_000
        }
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'scripts/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // The suites share real servers and induce conditions on them: run files one at a time.
          fileParallelism: false,
          // Real servers on a shared 2-core machine: one retry for timing flakes (vitest reports retried tests).
          retry: 1
        }
      },
      {
        test: {
          name: 'mongo',
          include: ['src/**/*.mongo.test.ts', 'scripts/**/*.mongo.test.ts'],
          environment: 'node',
          testTimeout: 30_000
        }
      }
    ]
  }
})
