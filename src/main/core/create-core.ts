/**
 * Builds the core every host wraps: profile store, secrets, sessions, events and the handler table.
 * Imports nothing from Electron; the desktop host injects its safeStorage-backed SecretStore.
 */
import type { AppInfo } from '../../shared/contract'
import type { SaveConnectionInput, ServerDescription } from '../../shared/connection'
import { CONSOLE_LIMITS } from '../../shared/console'
import { AppFailure } from '../../shared/errors'
import { analyzeText } from '../diagnostics/analyze'
import { runChecks } from '../engines/check'
import { runConsole } from '../engines/console'
import { sampleMetrics } from '../engines/metrics'
import { mapDriverError } from '../engines/map-error'
import { openSession } from '../engines/open-session'
import { createDispatch, type Dispatch, type Handlers } from '../transport/dispatch'
import { formatConnectionUrl, parseConnectionUrl } from './connection-url'
import { EventHub } from './events'
import { runOverview } from './overview'
import { ProfileStore } from './profiles'
import type { SecretStore } from './secrets'
import { SessionManager } from './sessions'
import { APP_VERSION } from './version'

export interface CoreOptions {
  dataDir: string
  secrets: SecretStore
  host: AppInfo['host']
  pollMs?: number
}

export interface Core {
  dispatch: Dispatch
  events: EventHub
  sessions: SessionManager
  profiles: ProfileStore
  close(): Promise<void>
}

/** Test a profile before (or without) saving it: open, describe, close. */
const testConnection = async (
  profiles: ProfileStore,
  input: SaveConnectionInput
): Promise<ServerDescription> => {
  const parsed = parseConnectionUrl(input.engine, input.url)
  let url = input.url
  if (parsed.password === null && input.id !== undefined && input.keepPassword) {
    const stored = parseConnectionUrl(input.engine, await profiles.connectUrl(input.id))
    url = formatConnectionUrl(parsed, stored.password)
  }
  const where = `${input.name} (${parsed.hosts[0]?.host ?? '?'})`
  const session = await openSession(input.engine, {
    url,
    tls: input.tls ?? { enabled: false },
    purpose: 'diagnostics'
  }).catch((err: unknown) => {
    throw mapDriverError(err, where)
  })
  try {
    return await session.describe()
  } finally {
    await session.close()
  }
}

export const createCore = (options: CoreOptions): Core => {
  const events = new EventHub()
  const profiles = new ProfileStore(options.dataDir, options.secrets)
  const sessions = new SessionManager(profiles, events, options.pollMs)

  const handlers: Handlers = {
    'app.info': async () => ({ name: 'dbconsole', version: APP_VERSION, host: options.host }),
    'connections.list': () => profiles.list(),
    'connections.save': async (input) => {
      const result = await profiles.save(input)
      // A changed URL or password must not keep using the old session.
      if (input.id !== undefined) await sessions.disconnect(input.id)
      return result
    },
    'connections.remove': async ({ id }) => {
      await sessions.disconnect(id)
      await profiles.remove(id)
      return {}
    },
    'connections.test': (input) => testConnection(profiles, input),
    'connections.connect': ({ id }) => sessions.connect(id),
    'connections.disconnect': ({ id }) => sessions.disconnect(id),
    'connections.status': async () => sessions.statuses(),
    'diagnostics.run': async ({ connectionId }) => {
      const profile = await profiles.get(connectionId)
      const session = await sessions.session(connectionId)
      return runChecks(session, profile.url)
    },
    'overview.run': () => runOverview(profiles, sessions),
    'connections.setPollInterval': async ({ ms }) => {
      sessions.setPollInterval(ms)
      return { ms }
    },
    'metrics.sample': async ({ connectionId }) => sampleMetrics(await sessions.session(connectionId)),
    'console.run': async ({ connectionId, text, maxRows }) => {
      const profile = await profiles.get(connectionId)
      const database =
        profile.engine === 'mongo' ? parseConnectionUrl('mongo', profile.url).path || 'admin' : ''
      return runConsole(
        await sessions.session(connectionId),
        text,
        maxRows ?? CONSOLE_LIMITS.maxRows,
        database
      )
    },
    'analyze.text': async ({ text, engine, name }) => {
      if (text.length === 0) throw new AppFailure('INVALID_INPUT', 'Paste some server output first.')
      return analyzeText(text, { input: name ?? 'pasted', engine: engine ?? 'auto' })
    }
  }

  return {
    dispatch: createDispatch(handlers),
    events,
    sessions,
    profiles,
    close: () => sessions.closeAll()
  }
}
