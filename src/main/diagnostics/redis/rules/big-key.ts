/**
 * Rule `redis.big-key`. Probe: the bounded SCAN + `MEMORY USAGE` sample of engines/redis/big-keys.ts
 * (MEMORY USAGE: Redis 4.0+). Checked against Redis 7.0.15. Threshold: 1 MB per key warns, 100 MB is
 * critical. Deleting or expiring a big key blocks the server (seed-catalogue §4 redis.big-structures;
 * Redis's lazyfree notes), big values saturate the network on every read, and a big key pins all its
 * load on one cluster slot. Cloud vendors' guidance (values under 100 KB) is stricter; we keep 1 MB
 * so that ordinary collections do not warn.
 */
import type { Finding } from '../../../../shared/findings'
import type { BigKey, BigKeysResult, PrefixSize } from '../../../../shared/records/redis'
import { remedy } from '../../pipeline/remedy'
import { redisRule } from '../records'
import { described, fmtBytes, finding, MB } from './util'

export const BIG_KEY_RULE = 'redis.big-key'
export const BIG_KEY_WARN_BYTES = MB
export const BIG_KEY_CRITICAL_BYTES = 100 * MB

export type { BigKey, BigKeysResult, PrefixSize }

const bigKeyRule = (result: BigKeysResult): Finding[] => {
  const out: Finding[] = result.top
    .filter((k) => k.bytes >= BIG_KEY_WARN_BYTES)
    .map((k): Finding => ({
      ...finding(
        BIG_KEY_RULE,
        k.bytes >= BIG_KEY_CRITICAL_BYTES ? 'critical' : 'warning',
        `Big ${k.type} ${JSON.stringify(k.key)}: ${fmtBytes(k.bytes)}`,
        `Deleting or expiring it blocks the server (use UNLINK), reading it whole moves ${fmtBytes(k.bytes)} per call, and in a cluster its slot carries all its load. Split it or read it with ${k.type === 'hash' ? 'HSCAN' : k.type === 'set' ? 'SSCAN' : k.type === 'zset' ? 'ZSCAN' : k.type === 'list' ? 'LRANGE pages' : 'smaller reads'}.`,
        k.key,
        {
          key: k.key,
          type: k.type,
          bytes: k.bytes,
          node: k.node
        }
      ),
      subject: { kind: 'key', name: k.key, node: k.node },
      // UNLINK frees the value in a background thread: the fix that does not itself block the server.
      remedy: remedy('redis.unlink', { keys: [k.key] }, 'UNLINK key')
    }))
  if (!result.complete) {
    out.push(
      finding(
        BIG_KEY_RULE,
        'info',
        `Sampled ${result.scannedKeys} keys (scan cap reached or cancelled)`,
        'The big-key scan stops at its key cap to stay light on the server; keys beyond it were not measured.',
        null,
        { scannedKeys: result.scannedKeys, sampledKeys: result.sampledKeys }
      )
    )
  }
  return out
}

export const bigKey = redisRule({
  id: BIG_KEY_RULE,
  needs: ['big_keys'],
  evaluate: (r) =>
    described(
      bigKeyRule(r.big_keys),
      { bytes: 'bytes', scannedKeys: 'count', sampledKeys: 'count' },
      () => undefined
    )
})
