/**
 * Builds the core every host wraps: profile store, secrets, sessions, events and the handler table.
 * Imports nothing from Electron; the desktop host injects its safeStorage-backed SecretStore.
 */
import type { ActionId, ActionPreview } from '../../shared/actions'
import { indexUsageAcrossNodes } from '../engines/postgres/index-usage-across-nodes'
import type { AppInfo } from '../../shared/contract'
import type { SaveConnectionInput, ServerDescription } from '../../shared/connection'
import { CONSOLE_LIMITS } from '../../shared/console'
import { AppFailure } from '../../shared/errors'
import { analyzeTextWithView } from '../diagnostics/analyze'
import { loadShapeParser } from '../diagnostics/pglog/statement-shape'
import { ensureParser } from '../engines/postgres/sql-safety'
import { planReport } from '../diagnostics/plan/plan-kind'
import { explainLive } from '../engines/postgres/explain'
import { inspectRelation } from '../engines/postgres/probes'
import { quoteIdent } from '../engines/action-kit'
import { adviseIndexes } from '../engines/postgres/index-advisor/advise'
import { BIG_KEYS_DEFAULTS, findBigKeys, mastersOf } from '../engines/redis/big-keys'
import { redisClients, redisDoctor } from '../engines/redis/live-reads'
import type { RedisSession } from '../engines/types'
import { runConsole } from '../engines/console'
import { sampleMetrics } from '../engines/metrics'
import { MAX_SAMPLES, MetricsRecorder } from './metrics-recorder'
import { HistoryStore, type HistoryLimits } from './history-store'
import { mapDriverError } from '../engines/map-error'
import { openSession } from '../engines/open-session'
import type { TlsOptions } from '../engines/types'
import { createDispatch, type Dispatch, type Handlers } from './dispatch'
import { formatConnectionUrl, parseConnectionUrl, splitPassword } from '../support/connection-url'
import { AuditLog } from './audit'
import { ConnectionChecks, sweepConnection } from './checks'
import { TopologyMemory } from '../diagnostics/topology-memory'
import { ConnectionBudget } from '../support/connection-budget'
import { EventHub } from './events'
import { Guard } from './guard'
import { runOverview } from './overview'
import { ProfileStore } from './profiles'
import { RequestRegistry } from './requests'
import type { SecretStore } from './secrets'
import { SessionManager } from './sessions'
import { ProfileTunnels } from './profile-tunnels'
import { KnownHosts } from '../ssh/known-hosts'
import { probeHostKey } from '../ssh/probe-host-key'
import { TunnelPool } from '../ssh/tunnel-pool'
import { APP_VERSION } from '../support/version'

/** The timeline's default window: "what changed since yesterday". */
const DAY_MS = 24 * 3_600_000

export interface CoreOptions {
  dataDir: string
  secrets: SecretStore
  host: AppInfo['host']
  pollMs?: number
  /** How often the charts' metrics of every connected profile are sampled in the background. */
  sampleEveryMs?: number
  /** Retention and size cap of the history in the data dir (history-store.ts); its defaults otherwise. */
  historyLimits?: HistoryLimits
}

export interface Core {
  dispatch: Dispatch
  events: EventHub
  sessions: SessionManager
  profiles: ProfileStore
  /** The only path to destructive effects; the console hands it statements that need confirming. */
  guard: Guard
  audit: AuditLog
  budget: ConnectionBudget
  tunnels: ProfileTunnels
  close(): Promise<void>
}

/** The TLS being tested: as typed, with the saved key passphrase when the form keeps it. */
const testTls = async (profiles: ProfileStore, input: SaveConnectionInput): Promise<TlsOptions> => {
  if (!input.tls) return { enabled: false }
  const { keepKeyPassphrase, ...tls } = input.tls
  if (!keepKeyPassphrase || tls.keyPassphrase !== undefined || input.id === undefined) return tls
  const saved = (await profiles.connectTls(input.id)).keyPassphrase
  return saved !== undefined ? { ...tls, keyPassphrase: saved } : tls
}

/**
 * Test a profile before (or without) saving it: open, describe, close, holding the profile's exclusive
 * connection (a saved profile's id, else its server and user), so concurrent tests open one at a time.
 */
const testConnection = async (
  profiles: ProfileStore,
  budget: ConnectionBudget,
  tunnels: ProfileTunnels,
  input: SaveConnectionInput
): Promise<ServerDescription> => {
  const { bare: parsed, password } = splitPassword(parseConnectionUrl(input.engine, input.url))
  const keptPassword =
    password === null && input.id !== undefined && input.keepPassword
      ? parseConnectionUrl(input.engine, await profiles.connectUrl(input.id)).password
      : password
  const url = formatConnectionUrl(parsed, keptPassword)
  const tls = await testTls(profiles, input)
  const where = `${input.name} (${parsed.hosts[0]?.host ?? '?'})`
  const key = input.id ?? `test:${formatConnectionUrl(parsed)}`
  return budget.withExclusive(key, input.name, async () => {
    const lease = await tunnels.leaseForTest(key, input)
    try {
      const session = await openSession(input.engine, {
        url,
        tls,
        via: lease?.via,
        purpose: 'diagnostics'
      }).catch((err: unknown) => {
        throw mapDriverError(err, where)
      })
      try {
        return await session.describe()
      } finally {
        await session.close()
      }
    } finally {
      lease?.release()
    }
  })
}

/** The drop-index preview's per-node scans, from the cluster's other open sessions (see indexUsageAcrossNodes). */
const otherNodesSay = async (
  sessions: SessionManager,
  connectionId: string,
  action: ActionId,
  target: unknown
): Promise<Pick<ActionPreview, 'facts' | 'warnings'>> => {
  const peers = sessions.clusterPeers(connectionId).filter((p) => p.engine === 'postgres')
  const t = target as { schema?: unknown; index?: unknown }
  if (action !== 'postgres.dropIndex' || peers.length === 0) return { facts: {}, warnings: [] }
  if (typeof t.schema !== 'string' || typeof t.index !== 'string') return { facts: {}, warnings: [] }
  const own = await sessions.session(connectionId)
  if (own.engine !== 'postgres') return { facts: {}, warnings: [] }
  return indexUsageAcrossNodes(own, peers, { schema: t.schema, index: t.index })
}

export const createCore = (options: CoreOptions): Core => {
  const events = new EventHub()
  const profiles = new ProfileStore(options.dataDir, options.secrets)
  const knownHosts = new KnownHosts(options.dataDir)
  const tunnels = new ProfileTunnels(profiles, new TunnelPool(knownHosts))
  const sessions = new SessionManager(profiles, events, options.pollMs, tunnels)
  const history = HistoryStore.open(options.dataDir, options.historyLimits)
  const redisSession = async (connectionId: string, what: string): Promise<RedisSession> => {
    const session = await sessions.session(connectionId)
    if (session.engine !== 'redis') throw new AppFailure('INVALID_INPUT', `${what} a Redis connection.`)
    return session
  }
  const metrics = new MetricsRecorder(
    {
      watched: () =>
        sessions
          .statuses()
          .filter((s) => s.state === 'connected' || s.state === 'failed')
          .map((s) => ({ id: s.id, connected: s.state === 'connected' })),
      session: (id) => sessions.session(id)
    },
    sampleMetrics,
    options.sampleEveryMs,
    history
  )
  metrics.start()
  const audit = new AuditLog(options.dataDir)
  const budget = new ConnectionBudget()
  const guard = new Guard({
    profiles,
    audit,
    budget,
    tunnels,
    previewContext: (connectionId, action, target) => otherNodesSay(sessions, connectionId, action, target)
  })

  const requests = new RequestRegistry(events)
  const topology = new TopologyMemory()
  const sweep = sweepConnection(async (connectionId) => {
    const profile = await profiles.get(connectionId)
    const session = await sessions.session(connectionId)
    return { session, input: profile.url, peers: sessions.clusterPeers(connectionId) }
  }, topology)
  // Every finished sweep, whoever asked for it, tells the history what appeared and what cleared.
  const checks = new ConnectionChecks(async (connectionId, sweepOptions) => {
    const startedAt = Date.now()
    const detail = await sweep(connectionId, sweepOptions)
    history.observe(connectionId, startedAt, detail.reports)
    return detail
  })

  const handlers: Handlers = {
    'app.info': async () => ({
      name: 'dbconsole',
      version: APP_VERSION,
      host: options.host,
      secrets: options.secrets.persistence
    }),
    'connections.list': () => profiles.list(),
    'connections.save': async (input) => {
      const result = await profiles.save(input)
      // A changed URL or password must not keep using the old session; a watched profile stays watched.
      if (input.id !== undefined) await sessions.reopen(input.id)
      return result
    },
    'connections.remove': async ({ id }) => {
      await sessions.disconnect(id)
      metrics.forget(id)
      history.forget(id)
      await profiles.remove(id)
      return {}
    },
    'connections.test': (input) => testConnection(profiles, budget, tunnels, input),
    'connections.hostKey': async ({ host, port }) =>
      knownHosts.lastRefused(host, port) ?? probeHostKey(knownHosts, host, port),
    'connections.trustHostKey': async ({ host, port, fingerprint }) => {
      // What a refused connection saw (the only view of a bastion behind a jump host), else a fresh probe.
      const refused = knownHosts.lastRefused(host, port)
      const presented =
        refused?.fingerprint === fingerprint ? refused : await probeHostKey(knownHosts, host, port)
      if (presented.fingerprint !== fingerprint) {
        throw new AppFailure(
          'REFUSED',
          `SSH bastion ${host}:${port} presents ${presented.fingerprint} now, not ${fingerprint}: nothing was trusted.`
        )
      }
      await knownHosts.trust(presented)
      return { host, port, keyType: presented.keyType, fingerprint, state: 'trusted' }
    },
    'connections.connect': ({ id }) => sessions.connect(id),
    'connections.disconnect': ({ id }) => sessions.disconnect(id),
    'connections.status': async () => sessions.statuses(),
    'checks.run': async ({ connectionId, records, bigKeys }, call) => {
      const { reports, nodes } = await checks.run(connectionId, { bigKeys: bigKeys ?? false }, call)
      return records === true ? { reports, nodes } : { reports }
    },
    'diagnostics.run': async ({ connectionId }, call) =>
      (await checks.run(connectionId, { bigKeys: true }, call)).reports,
    'overview.run': ({ connectionId }, call) =>
      runOverview(
        profiles,
        sessions,
        async (id) => (await checks.run(id, { bigKeys: false }, call)).reports,
        (id) => history.firstSeen(id),
        connectionId
      ),
    'connections.setPollInterval': async ({ ms }) => {
      sessions.setPollInterval(ms)
      return { ms }
    },
    'plan.explain': async ({ connectionId, sql, analyze, buffers }) => {
      const session = await sessions.session(connectionId)
      if (session.engine !== 'postgres')
        throw new AppFailure('INVALID_INPUT', 'EXPLAIN needs a PostgreSQL connection.')
      const { raw, mode, analysis } = await explainLive(session, sql, { analyze, buffers })
      return { raw, mode, report: planReport('EXPLAIN', analysis) }
    },
    'redis.bigKeys': async ({ connectionId, maxKeys }, { signal, progress }) => {
      const session = await redisSession(connectionId, 'Big keys need')
      const nodes = await mastersOf(await session.nodes())
      return findBigKeys(nodes, {
        maxKeys,
        signal,
        onProgress: (p) =>
          progress(
            p.scannedKeys,
            maxKeys ?? BIG_KEYS_DEFAULTS.maxKeys,
            `scanning ${p.node}: ${p.scannedKeys} keys, ${p.sampledKeys} sized`
          )
      })
    },
    'redis.clients': async ({ connectionId }) =>
      redisClients(await redisSession(connectionId, 'The client list needs')),
    'redis.doctor': async ({ connectionId }) =>
      redisDoctor(await redisSession(connectionId, 'LATENCY and MEMORY DOCTOR need')),
    'pg.inspectRelation': async ({ connectionId, schema, table, confirmLarge }) => {
      const session = await sessions.session(connectionId)
      if (session.engine !== 'postgres')
        throw new AppFailure('INVALID_INPUT', 'Inspecting a relation needs a PostgreSQL connection.')
      // Quoted, so any name the schema allows reaches to_regclass as exactly that relation.
      return inspectRelation(session, `${quoteIdent(schema)}.${quoteIdent(table)}`, {
        confirmLarge: confirmLarge ?? false
      })
    },
    'pg.adviseIndexes': async ({ connectionId }) => {
      const session = await sessions.session(connectionId)
      if (session.engine !== 'postgres')
        throw new AppFailure('INVALID_INPUT', 'The index advisor needs a PostgreSQL connection.')
      return adviseIndexes(session)
    },
    'requests.cancel': async ({ requestId }) => ({ cancelled: requests.cancel(requestId) }),
    'metrics.sample': async ({ connectionId }) => sampleMetrics(await sessions.session(connectionId)),
    'metrics.history': async ({ connectionId, since }) => {
      const recent = metrics.read(connectionId)
      // With history off there is only the recorder's hour to give.
      if (since === undefined || !history.status().available) return recent
      return { ...recent, samples: history.spread(connectionId, since, MAX_SAMPLES) }
    },
    'history.timeline': async ({ connectionId, since }) =>
      history.timeline(connectionId, since ?? Date.now() - DAY_MS),
    'topology.forget': async ({ connectionId, member }) => ({
      forgotten: topology.forget(connectionId, member)
    }),
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
    'analyze.text': async ({ text, engine, name, kind }) => {
      if (text.length === 0) throw new AppFailure('INVALID_INPUT', 'Paste some server output first.')
      // A pasted server log groups statements by the real parser's fingerprint: load it first.
      await loadShapeParser()
      return analyzeTextWithView(text, { input: name ?? 'pasted', engine: engine ?? 'auto', kind })
    },
    'actions.catalog': async ({ engine }) => guard.catalog(engine),
    // PostgreSQL action statements are split and judged by the real parser: load it before any is bound.
    'actions.prepare': async (input) => {
      await ensureParser()
      return guard.prepare(input)
    },
    'actions.execute': async (input) => {
      await ensureParser()
      return guard.execute(input)
    },
    'audit.list': ({ limit }) => audit.list(limit ?? 100)
  }

  return {
    dispatch: createDispatch(handlers, { requests }),
    events,
    sessions,
    profiles,
    guard,
    audit,
    budget,
    tunnels,
    close: async () => {
      metrics.stop()
      await sessions.closeAll()
      await tunnels.pool.closeAll()
      history.close()
    }
  }
}
