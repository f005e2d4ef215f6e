/**
 * Editing a profile mid-incident (issue 19, item 2): a watched connection reopens with the new settings
 * in place and stays in the overview; it never keeps the old session, and an unwatched one stays closed.
 * Against the real primary (:55432) with the app role's real and a wrong password.
 */
import { describe, expect, it } from 'vitest'
import type { ConnectionStatus } from '../../shared/connection'
import type { OverviewEntry } from '../../shared/overview'
import { useTestCore } from '../testing/test-core'
import { TEST_SERVERS } from '../testing/test-servers'

const { call } = useTestCore('profile-edit')

const url = (password: string): string =>
  `postgres://dbconsole_app:${encodeURIComponent(password)}@127.0.0.1:${TEST_SERVERS.pgPrimaryPort}/app`
const profile = (name: string, password: string, id?: string) => ({
  ...(id === undefined ? {} : { id }),
  name,
  engine: 'postgres',
  url: url(password),
  environment: 'production'
})
const watched = async (id: string): Promise<OverviewEntry | undefined> =>
  (await call<OverviewEntry[]>('overview.run', {})).find((e) => e.connectionId === id)
const statusOf = async (id: string): Promise<ConnectionStatus | undefined> =>
  (await call<ConnectionStatus[]>('connections.status', {})).find((s) => s.id === id)

describe('editing a profile', () => {
  it('keeps a watched connection watched, reopened with the new settings', async () => {
    const { id } = await call<{ id: string }>(
      'connections.save',
      profile('edit me', TEST_SERVERS.pgAppPassword)
    )
    expect((await call<ConnectionStatus>('connections.connect', { id })).state).toBe('connected')

    // Renamed: still connected, still in the overview, no reconnect asked of the user.
    await call('connections.save', profile('edited', TEST_SERVERS.pgAppPassword, id))
    expect((await statusOf(id))?.state).toBe('connected')
    expect(await watched(id)).toMatchObject({ connectionId: id, state: 'connected' })

    // A wrong new password: the old (authenticated) session is not kept; the failure is shown, still watched.
    await call('connections.save', profile('edited', 'not-the-password', id))
    const failed = await statusOf(id)
    expect(failed?.state).toBe('failed')
    expect(failed?.error?.code).toBe('AUTH_FAILED')
    expect(await watched(id)).toMatchObject({ connectionId: id, state: 'failed' })

    // Fixed again: connected in place.
    await call('connections.save', profile('edited', TEST_SERVERS.pgAppPassword, id))
    expect((await statusOf(id))?.state).toBe('connected')
  })

  it('leaves an unwatched profile closed', async () => {
    const { id } = await call<{ id: string }>('connections.save', profile('idle', TEST_SERVERS.pgAppPassword))
    await call('connections.save', profile('idle, renamed', TEST_SERVERS.pgAppPassword, id))
    expect((await statusOf(id))?.state ?? 'disconnected').toBe('disconnected')
    expect(await watched(id)).toBeUndefined()
  })
})
