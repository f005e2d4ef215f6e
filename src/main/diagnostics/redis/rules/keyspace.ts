/**
 * Rules on the shape of the keyspace, from `INFO keyspace` + `INFO memory` (checked against Redis 7.0.15):
 * - `redis.volatile-without-ttl`: a volatile-* eviction policy may only evict keys with a TTL. When fewer
 *   than 10 % of the keys have one (our threshold: below it, little memory can be freed), a full instance
 *   answers OOM to writes instead of evicting: warning; no key with a TTL at all is the same, critical
 *   once memory is at 90 % of maxmemory.
 * - `redis.multiple-databases`: keys in more than one logical database (Redis Cluster has only db 0, and
 *   per-database tooling and SELECT juggling miss data): info.
 * - `redis.many-small-keys`: more than 1,000,000 keys: each top-level key costs dictionary and object
 *   overhead (tens of bytes), which small hashes kept as listpacks avoid (Redis memory optimisation
 *   guide): info.
 * - `redis.cached-scripts`: more than 1,000 scripts in the EVAL cache, the sign of scripts generated with
 *   values inside instead of passed as arguments; before Redis 7.4 that cache only empties on SCRIPT
 *   FLUSH or restart (our threshold): warning.
 */
import type { Finding } from '../../../../shared/findings'
import { infoNumber, keyspace, type RedisInfo } from '../parse-info'
import { redisRule } from '../records'
import { finding, fmtBytes, onNode, type Units } from './util'

export const VOLATILE_RULE = 'redis.volatile-without-ttl'
export const DATABASES_RULE = 'redis.multiple-databases'
export const MANY_KEYS_RULE = 'redis.many-small-keys'
export const SCRIPTS_RULE = 'redis.cached-scripts'

const MIN_TTL_SHARE = 0.1
const FULL_RATIO = 0.9
const MANY_KEYS = 1_000_000
const MANY_SCRIPTS = 1_000

const volatileRule = (info: RedisInfo, node: string | null): Finding[] => {
  const policy = info.fields.maxmemory_policy ?? null
  const maxmemory = infoNumber(info, 'maxmemory')
  if (!policy?.startsWith('volatile-') || !maxmemory) return []
  const dbs = Object.values(keyspace(info))
  const keys = dbs.reduce((n, d) => n + d.keys, 0)
  const withTtl = dbs.reduce((n, d) => n + d.expires, 0)
  if (keys === 0 || withTtl / keys >= MIN_TTL_SHARE) return []
  const used = infoNumber(info, 'used_memory') ?? 0
  const full = used / maxmemory >= FULL_RATIO
  return [
    finding(
      VOLATILE_RULE,
      withTtl === 0 && full ? 'critical' : 'warning',
      `${policy} can evict only ${withTtl.toLocaleString('en-US')} of ${keys.toLocaleString('en-US')} keys (those with a TTL)`,
      `With maxmemory-policy ${policy}, keys without a TTL are never evicted; at maxmemory (${fmtBytes(maxmemory)}, ` +
        `${fmtBytes(used)} used) writes fail with OOM instead. Give the cache keys a TTL, or use an allkeys-* ` +
        'policy if every key may be dropped.',
      node,
      { policy, keys, keysWithTtl: withTtl, usedMemory: used, maxmemory }
    )
  ]
}

const databasesRule = (info: RedisInfo, node: string | null): Finding[] => {
  const used = Object.entries(keyspace(info)).filter(([, d]) => d.keys > 0)
  if (used.length < 2) return []
  return [
    finding(
      DATABASES_RULE,
      'info',
      `Keys in ${used.length} logical databases (${used.map(([db]) => db).join(', ')})`,
      'Redis Cluster supports only database 0, and tools and scans that look at one database miss the others. ' +
        'Prefer one database per instance, with key prefixes to separate applications.',
      node,
      { databases: Object.fromEntries(used.map(([db, d]) => [db, d.keys])) }
    )
  ]
}

const manyKeysRule = (info: RedisInfo, node: string | null): Finding[] => {
  const keys = Object.values(keyspace(info)).reduce((n, d) => n + d.keys, 0)
  if (keys <= MANY_KEYS) return []
  return [
    finding(
      MANY_KEYS_RULE,
      'info',
      `${keys.toLocaleString('en-US')} keys`,
      'Every top-level key carries its own dictionary entry and object header. Many small related values ' +
        '(user:1:name, user:1:email...) take less memory as fields of one small hash, which Redis stores as a ' +
        'compact listpack up to hash-max-listpack-entries fields.',
      node,
      { keys }
    )
  ]
}

const scriptsRule = (info: RedisInfo, node: string | null): Finding[] => {
  const scripts = infoNumber(info, 'number_of_cached_scripts')
  if (scripts === null || scripts <= MANY_SCRIPTS) return []
  const bytes = infoNumber(info, 'used_memory_scripts_eval') ?? infoNumber(info, 'used_memory_lua')
  return [
    finding(
      SCRIPTS_RULE,
      'warning',
      `${scripts.toLocaleString('en-US')} scripts in the EVAL cache${bytes !== null ? ` (${fmtBytes(bytes)})` : ''}`,
      'So many distinct scripts usually means the application builds script bodies with values inside them; ' +
        'each one stays cached until SCRIPT FLUSH or a restart. Pass values as KEYS/ARGV so one script is reused, ' +
        'or use FUNCTION LOAD (Redis 7).',
      node,
      { scripts, scriptMemoryBytes: bytes }
    )
  ]
}

const KEYSPACE_UNITS: Units = {
  keys: 'count',
  keysWithTtl: 'count',
  usedMemory: 'bytes',
  maxmemory: 'bytes',
  scripts: 'count',
  scriptMemoryBytes: 'bytes'
}

const infoRule = (id: string, rule: (info: RedisInfo, node: string | null) => Finding[]) =>
  redisRule({
    id,
    needs: ['info'],
    evaluate: ({ info }, { node }) => onNode(rule(info, node), node, KEYSPACE_UNITS)
  })

/** The keyspace rules in the order they report; a new keyspace rule joins this list. */
export const KEYSPACE_RULES = [
  infoRule(VOLATILE_RULE, volatileRule),
  infoRule(DATABASES_RULE, databasesRule),
  infoRule(MANY_KEYS_RULE, manyKeysRule),
  infoRule(SCRIPTS_RULE, scriptsRule)
]
