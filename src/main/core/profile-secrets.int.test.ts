import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ConnectionStatus, ServerDescription } from '../../shared/connection'
import { useTestCore } from '../testing/test-core'
import { TEST_SERVERS } from '../testing/test-servers'

const { call, dataDir } = useTestCore('profile-secrets')

describe('a password given as ?password= in the URL', () => {
  it('stays out of profiles.json and connections.list, and still authenticates the session', async () => {
    const password = TEST_SERVERS.pgAppPassword
    const url = `postgres://dbconsole_app@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/app?password=${encodeURIComponent(password)}`
    const { id } = await call<{ id: string }>('connections.save', {
      name: 'query password',
      engine: 'postgres',
      url,
      environment: 'development'
    })
    const onDisk = readdirSync(dataDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(join(dataDir, f), 'utf8'))
      .join('\n')
    expect(onDisk).toContain('dbconsole_app@127.0.0.1')
    expect(onDisk).not.toContain(password)
    const listed = await call<unknown[]>('connections.list', {})
    expect(JSON.stringify(listed)).not.toContain(password)
    expect(listed).toMatchObject([{ id, hasPassword: true }])

    const status = await call<ConnectionStatus>('connections.connect', { id })
    expect(status.state).toBe('connected')

    // Testing the edited profile without retyping the password uses the stored one.
    const bare = `postgres://dbconsole_app@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/app`
    const tested = await call<ServerDescription>('connections.test', {
      id,
      keepPassword: true,
      name: 'query password',
      engine: 'postgres',
      url: bare,
      environment: 'development'
    })
    expect(tested.version).toMatch(/^15\./)
  })
})
