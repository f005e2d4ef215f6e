/**
 * A core as the hosts build it (memory secret store, fresh data dir, slow poller), with a `call` that
 * unwraps the envelope, for integration tests that drive it through dispatch like a renderer would, and
 * a superuser client of the test primary for inducing conditions. Closed after the file's tests.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { createCore, type Core, type CoreOptions } from '../core/create-core'
import { MemorySecretStore } from '../core/secrets'
import { pgAdminUrl } from './test-servers'

export interface TestCore {
  core: Core
  /** Where the core keeps profiles.json and the audit log. */
  dataDir: string
  call<T>(method: string, input: unknown): Promise<T>
  /** The superuser connection, open from beforeAll on. */
  admin(): pg.Client
}

/** `timing` overrides the slow poller and the background sampler, for tests about them. */
export const useTestCore = (
  prefix: string,
  timing: Pick<CoreOptions, 'pollMs' | 'sampleEveryMs'> = {}
): TestCore => {
  const dataDir = mkdtempSync(join(tmpdir(), `dbconsole-${prefix}-`))
  const core = createCore({
    dataDir,
    secrets: new MemorySecretStore(),
    host: 'serve',
    pollMs: 60_000,
    ...timing
  })
  const admin = new pg.Client({ connectionString: pgAdminUrl() })
  beforeAll(() => admin.connect())
  afterAll(async () => {
    await core.close()
    await admin.end()
  })
  return {
    core,
    dataDir,
    admin: () => admin,
    call: async <T>(method: string, input: unknown): Promise<T> => {
      const result = await core.dispatch(method, input)
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
      return result.value as T
    }
  }
}
