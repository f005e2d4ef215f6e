/**
 * Rules `redis.sentinel-quorum`, `redis.sentinel-count`, `redis.sentinel-disagree` and
 * `redis.sentinel-unreachable`. Probes: SENTINEL CKQUORUM, MASTER, SENTINELS and
 * GET-MASTER-ADDR-BY-NAME on every sentinel of the profile (engines/redis/sentinel.ts). Checked against
 * redis-sentinel 7.0.15. Thresholds from the Sentinel documentation: a failover needs the quorum to agree
 * that the master is down and a majority of all sentinels to authorise it, so CKQUORUM failing means no
 * failover can happen; an even number of sentinels tolerates no more failures than one fewer (3 and 4
 * both survive one loss), so it is a warning; sentinels naming different masters is a split brain.
 */
import type { Finding } from '../../../../shared/findings'
import type { SentinelRecord } from '../parse-sentinel'
import { finding } from './util'

export type SentinelView =
  | {
      address: string
      ok: true
      /** SENTINEL MASTER <name>, null when this sentinel does not monitor it. */
      master: SentinelRecord | null
      masterAddress: string | null
      ckquorum: { ok: boolean; message: string }
      sentinels: SentinelRecord[]
      replicas: SentinelRecord[]
    }
  | { address: string; ok: false; why: string }

export const sentinelRules = (masterName: string, views: SentinelView[]): Finding[] => {
  const out: Finding[] = []
  const reached = views.filter((v) => v.ok)
  for (const v of views) {
    if (!v.ok)
      out.push(
        finding(
          'redis.sentinel-unreachable',
          'warning',
          `Sentinel ${v.address} did not answer`,
          `It cannot vote in a failover of ${masterName} while it is down: ${v.why}`,
          v.address,
          { sentinel: v.address }
        )
      )
  }
  if (reached.length === 0) {
    out.push(
      finding(
        'redis.sentinel-quorum',
        'critical',
        `No sentinel of ${masterName} answered`,
        'No failover can happen and the master cannot be found by name.',
        masterName,
        { sentinels: views.length }
      )
    )
    return out
  }
  for (const v of reached) {
    if (!v.ckquorum.ok)
      out.push(
        finding(
          'redis.sentinel-quorum',
          'critical',
          `Sentinel ${v.address}: the failover quorum of ${masterName} is not reachable`,
          `SENTINEL CKQUORUM says: ${v.ckquorum.message}. A failed master would not be replaced.`,
          v.address,
          { sentinel: v.address, ckquorum: v.ckquorum.message }
        )
      )
  }
  const known = Math.max(...reached.map((v) => v.sentinels.length + 1))
  if (known % 2 === 0)
    out.push(
      finding(
        'redis.sentinel-count',
        'warning',
        `${known} sentinels watch ${masterName}: an even count`,
        `${known} sentinels survive no more failures than ${known - 1}; the majority needed to authorise a failover is ${known / 2 + 1}. Use an odd number.`,
        masterName,
        { sentinels: known }
      )
    )
  const named = new Map<string, string[]>()
  for (const v of reached) {
    const addr = v.masterAddress ?? 'none'
    named.set(addr, [...(named.get(addr) ?? []), v.address])
  }
  if (named.size > 1)
    out.push(
      finding(
        'redis.sentinel-disagree',
        'critical',
        `Sentinels disagree on the master of ${masterName}`,
        [...named].map(([addr, who]) => `${who.join(', ')} name ${addr}`).join('; ') +
          '. Clients asking different sentinels write to different servers.',
        masterName,
        { views: Object.fromEntries(named) }
      )
    )
  return out
}
