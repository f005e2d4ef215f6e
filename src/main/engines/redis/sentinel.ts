/**
 * Redis Sentinel profiles: `redis://sentinel1:26379,sentinel2:26379/0?sentinelMasterName=mymaster`
 * connects to whichever server the sentinels name as the master (ioredis follows failovers), and the
 * check asks every sentinel for its view. Only these fixed read-only SENTINEL subcommands are sent.
 */
import { Redis, type RedisOptions } from 'ioredis'
import type { ParsedConnectionUrl } from '../../support/connection-url'
import { masterAddress, sentinelRecord, sentinelTable } from '../../diagnostics/redis/parse-sentinel'
import type { SentinelView } from '../../diagnostics/redis/rules/sentinel'
import { redact } from '../../../shared/redact'

export const SENTINEL_DEFAULT_PORT = 26379

export interface SentinelTarget {
  masterName: string
  sentinels: { host: string; port: number }[]
}

export const sentinelTarget = (url: ParsedConnectionUrl): SentinelTarget | null => {
  const masterName = url.params.get('sentinelMasterName')
  if (!masterName) return null
  return {
    masterName,
    sentinels: url.hosts.map((h) => ({ host: h.host, port: h.port ?? SENTINEL_DEFAULT_PORT }))
  }
}

/** ioredis options that reach the master through the sentinels instead of a fixed host. */
export const sentinelOptions = (target: SentinelTarget, base: RedisOptions): RedisOptions => {
  const { host: _host, port: _port, ...rest } = base
  return {
    ...rest,
    sentinels: target.sentinels,
    name: target.masterName,
    role: 'master',
    sentinelCommandTimeout: 2_000,
    // Subscribes to +switch-master so a failover moves the connection without waiting for it to break.
    failoverDetector: true
  }
}

const SENTINEL_TIMEOUT_MS = 2_000

/** Each sentinel's view of `masterName`; a sentinel that does not answer is a view that says why. */
export const readSentinels = (target: SentinelTarget): Promise<SentinelView[]> =>
  Promise.all(
    target.sentinels.map(async ({ host, port }): Promise<SentinelView> => {
      const address = `${host}:${port}`
      const client = new Redis({
        host,
        port,
        lazyConnect: true,
        connectTimeout: SENTINEL_TIMEOUT_MS,
        commandTimeout: SENTINEL_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        enableOfflineQueue: false,
        disableClientInfo: true
      })
      client.on('error', () => undefined)
      try {
        await client.connect()
        const name = target.masterName
        const master = await client.call('SENTINEL', 'MASTER', name).then(sentinelRecord, () => null)
        const ckquorum = await client.call('SENTINEL', 'CKQUORUM', name).then(
          (reply) => ({ ok: true, message: String(reply) }),
          (err: unknown) => ({ ok: false, message: redact(err instanceof Error ? err.message : String(err)) })
        )
        const sentinels =
          sentinelTable(await client.call('SENTINEL', 'SENTINELS', name).catch(() => [])) ?? []
        const replicas = sentinelTable(await client.call('SENTINEL', 'REPLICAS', name).catch(() => [])) ?? []
        const addr = masterAddress(await client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name))
        return { address, ok: true, master, masterAddress: addr, ckquorum, sentinels, replicas }
      } catch (err) {
        return { address, ok: false, why: redact(err instanceof Error ? err.message : String(err)) }
      } finally {
        client.disconnect()
      }
    })
  )
