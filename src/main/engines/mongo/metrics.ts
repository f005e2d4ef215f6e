import type { NodeMetrics } from '../../../shared/metrics'
import type { MongoSession } from '../types'

type Doc = Record<string, unknown>

const at = (doc: unknown, path: string[]): unknown =>
  path.reduce<unknown>((cur, key) => (cur && typeof cur === 'object' ? (cur as Doc)[key] : undefined), doc)

/** EJSON-free number read: driver values may be number, Long or Double wrappers with valueOf(). */
const toNumber = (value: unknown): number | null => {
  if (typeof value === 'number') return value
  if (value && typeof value === 'object' && 'valueOf' in value) {
    const n = Number((value as { valueOf(): unknown }).valueOf())
    return Number.isFinite(n) ? n : null
  }
  return null
}

const OPCOUNTERS = ['insert', 'query', 'update', 'delete', 'getmore', 'command']

const lagSeconds = (status: Doc | null): number | null => {
  const members = status && Array.isArray(status.members) ? (status.members as Doc[]) : null
  if (!members) return null
  const primary = members.find((m) => m.stateStr === 'PRIMARY')
  const primaryOptime = primary ? at(primary, ['optimeDate']) : undefined
  if (!(primaryOptime instanceof Date)) return null
  const lags = members
    .filter((m) => m.stateStr === 'SECONDARY' && m.health === 1 && m.optimeDate instanceof Date)
    .map((m) => (primaryOptime.getTime() - (m.optimeDate as Date).getTime()) / 1000)
  return lags.length ? Math.max(0, ...lags) : null
}

export const sampleMongo = async (session: MongoSession): Promise<NodeMetrics[]> => {
  const status = await session.command('admin', { serverStatus: 1, repl: 0, metrics: 0, locks: 0 })
  const hello = await session.command('admin', { hello: 1 })
  const replStatus =
    typeof hello.setName === 'string'
      ? await session.command('admin', { replSetGetStatus: 1 }).catch(() => null)
      : null
  const ops = OPCOUNTERS.map((k) => toNumber(at(status, ['opcounters', k])))
  const inCache = toNumber(at(status, ['wiredTiger', 'cache', 'bytes currently in the cache']))
  const maxCache = toNumber(at(status, ['wiredTiger', 'cache', 'maximum bytes configured']))
  return [
    {
      node: typeof hello.me === 'string' ? hello.me : String(status.host ?? 'mongo'),
      values: {
        opcountersTotal: ops.every((o) => o === null) ? null : ops.reduce<number>((a, b) => a + (b ?? 0), 0),
        cacheFillRatio: inCache !== null && maxCache ? inCache / maxCache : null,
        connections: toNumber(at(status, ['connections', 'current'])),
        replicationLagSeconds: lagSeconds(replStatus)
      }
    }
  ]
}
