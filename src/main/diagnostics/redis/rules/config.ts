/**
 * Rule `redis.config`. Probe: `CONFIG GET maxmemory*`, `activedefrag`, `maxclients`,
 * `latency-monitor-threshold`, `slowlog-log-slower-than`. It judges nothing itself: managed services often
 * rename or disable CONFIG, and then the memory, fragmentation, clients and latency rules fall back to
 * what INFO says alone (maxmemory policy, activedefrag and maxclients from INFO only). This rule is what
 * says so ("could not evaluate redis.config"), instead of those rules going quietly less precise.
 */
import { redisRule } from '../records'

export const CONFIG_RULE = 'redis.config'

export const config = redisRule({ id: CONFIG_RULE, needs: ['config'], evaluate: () => [] })
