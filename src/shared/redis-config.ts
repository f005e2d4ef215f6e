/**
 * Runtime parameters CONFIG SET may change, and the values each accepts (notes 3.2: allow-list only).
 * The numeric bounds are the server's own (config.c, Redis 7.0): slowlog-log-slower-than is -1 (log
 * nothing) or microseconds, 0 logging every command. Apart from the action schemas (actions.ts) so the
 * renderer can check a typed value without loading zod, whose eval probe the page's CSP reports.
 */
export const REDIS_CONFIG_ALLOWED = {
  'slowlog-log-slower-than': /^(-1|\d{1,12})$/,
  'slowlog-max-len': /^\d{1,9}$/,
  'latency-monitor-threshold': /^\d{1,9}$/,
  activedefrag: /^(yes|no)$/,
  'maxmemory-policy':
    /^(noeviction|allkeys-lru|allkeys-lfu|allkeys-random|volatile-lru|volatile-lfu|volatile-random|volatile-ttl)$/
} as const satisfies Record<string, RegExp>

export type RedisConfigParameter = keyof typeof REDIS_CONFIG_ALLOWED
export const REDIS_CONFIG_NAMES = Object.keys(REDIS_CONFIG_ALLOWED) as [
  RedisConfigParameter,
  ...RedisConfigParameter[]
]
