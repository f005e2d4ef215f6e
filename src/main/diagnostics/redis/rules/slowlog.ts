/**
 * Rules `redis.slowlog` (slow commands grouped by command: count, total and worst time, who sent them)
 * and `redis.dangerous-commands` (O(N) commands that stall the single thread: KEYS, FLUSHALL/FLUSHDB
 * without ASYNC, HGETALL, SMEMBERS, LRANGE/ZRANGE 0 -1, SORT, DEBUG SLEEP...). Probe: `SLOWLOG GET 128`
 * and `SLOWLOG LEN`: when the server holds more entries than were read, the counts say they cover only
 * the last ones read ("last 128 of 10,000"), not the whole log.
 * Checked against Redis 7.0.15 (client address/name since 4.0; older entries group without them).
 * Thresholds: entries are already over slowlog-log-slower-than (default 10 ms, seed-catalogue §4); a group
 * is judged by its worst call (every other client waited that long, stall-severity.ts): >= 100 ms warning,
 * >= 1 s critical, info otherwise.
 */
import type { Finding } from '../../../../shared/findings'
import { splitOwnEntries } from '../own-clients'
import type { SlowlogEntry } from '../../../../shared/records/redis'
import type { SlowlogGroup } from '../../../../shared/records/redis'
import { redisRule } from '../records'
import { stallSeverity } from './stall-severity'
import { described, finding, nodeSubject, type Units } from './util'

export const SLOWLOG_RULE = 'redis.slowlog'
export const DANGEROUS_RULE = 'redis.dangerous-commands'
const MAX_GROUPS = 10

export type { SlowlogGroup }

/**
 * Entries grouped by command: how often, how long in total, on average and at worst, and who sent them
 * (the first 20 clients). The rule judges these groups and the Redis page shows them (topic slowlog_groups).
 */
export const groupSlowlog = (entries: readonly SlowlogEntry[]): SlowlogGroup[] => {
  const groups = new Map<string, SlowlogGroup & { clientSet: Set<string> }>()
  for (const e of entries) {
    const key = e.command || '(no command)'
    let g = groups.get(key)
    if (!g) {
      g = { command: key, count: 0, totalUs: 0, avgUs: 0, maxUs: 0, clients: [], clientSet: new Set() }
      groups.set(key, g)
    }
    g.count += 1
    g.totalUs += e.durationUs
    g.maxUs = Math.max(g.maxUs, e.durationUs)
    const who = e.clientName ? `${e.clientName} (${e.clientAddress ?? '?'})` : e.clientAddress
    if (who && g.clientSet.size < 20) g.clientSet.add(who)
  }
  return [...groups.values()]
    .map(({ clientSet, ...g }) => ({ ...g, avgUs: g.totalUs / g.count, clients: [...clientSet] }))
    .sort((a, b) => b.totalUs - a.totalUs || a.command.localeCompare(b.command))
}

const ms = (us: number): string => `${(us / 1000).toFixed(1)} ms`

/** " in the last 128 of 10,000 entries" when the read was a part of the log, else nothing. */
const coverage = (read: number, held: number | null): string =>
  held !== null && held > read
    ? ` in the last ${read.toLocaleString('en-US')} of ${held.toLocaleString('en-US')} entries`
    : ''

/** Said once, so that a quiet slow log is not mistaken for one that was not read. */
const ownEntriesNote = (own: number, read: number, node: string | null, held: number | null): Finding[] =>
  own === 0
    ? []
    : [
        finding(
          SLOWLOG_RULE,
          'info',
          `${own} slow log entr${own === 1 ? 'y' : 'ies'} from dbconsole's own probes left out`,
          `Entries sent by the client named dbconsole:diagnostics (its probes) are not counted in these findings.`,
          node,
          { ownEntries: own, entriesRead: read, entriesHeld: held }
        )
      ]

/** `held` is SLOWLOG LEN (live probe); null when unknown (pasted output). */
export const slowlogRule = (
  entries: SlowlogEntry[],
  node: string | null,
  held: number | null = null
): Finding[] => {
  const { theirs, own } = splitOwnEntries(entries)
  return [
    ...slowFindings(theirs, entries.length, node, held),
    ...ownEntriesNote(own, entries.length, node, held)
  ]
}

const slowFindings = (
  entries: SlowlogEntry[],
  read: number,
  node: string | null,
  held: number | null
): Finding[] =>
  groupSlowlog(entries)
    .slice(0, MAX_GROUPS)
    .map((g) =>
      finding(
        SLOWLOG_RULE,
        stallSeverity(g.maxUs / 1000),
        `${g.command}: ${g.count} slow call${g.count === 1 ? '' : 's'}${coverage(read, held)}, ${ms(g.totalUs)} in total, worst ${ms(g.maxUs)}`,
        `Redis runs commands one at a time, so each of these calls held up every other client for its duration.${g.clients.length > 0 ? ` Sent by ${g.clients.join(', ')}.` : ''}`,
        node,
        {
          command: g.command,
          count: g.count,
          totalUs: g.totalUs,
          maxUs: g.maxUs,
          clients: g.clients,
          entriesRead: read,
          entriesHeld: held
        }
      )
    )

/** Why an entry is an O(N) / blocking pattern, or null. */
export const dangerousReason = (e: SlowlogEntry): string | null => {
  // Read per command, not upper-cased up front: most entries are of commands that need no argument.
  const arg = (i: number): string => e.args[i]?.toUpperCase() ?? ''
  switch (e.command) {
    case 'KEYS':
      return 'KEYS walks the whole keyspace; use SCAN'
    case 'FLUSHALL':
    case 'FLUSHDB':
      return e.args.some((x) => x.toUpperCase() === 'ASYNC')
        ? null
        : `${e.command} without ASYNC frees every key on the main thread`
    case 'HGETALL':
      return 'HGETALL returns the whole hash; use HSCAN or HMGET of the fields needed'
    case 'SMEMBERS':
      return 'SMEMBERS returns the whole set; use SSCAN'
    case 'LRANGE':
    case 'ZRANGE':
    case 'ZREVRANGE':
      return arg(2) === '0' && arg(3) === '-1'
        ? `${e.command} 0 -1 returns the whole collection; page through it`
        : null
    case 'SORT':
      return 'SORT is O(N+M*log(M)); sort in the application or keep a sorted set'
    case 'DEBUG':
      return arg(1) === 'SLEEP' ? 'DEBUG SLEEP blocks the server on purpose; never in production' : null
    case 'SUNION':
    case 'SINTER':
    case 'SDIFF':
    case 'ZUNIONSTORE':
    case 'ZINTERSTORE':
      return `${e.command} is O(N) over all members of its inputs`
    case 'DEL':
      // Only a slow DEL points at a big key; a fast one is ordinary.
      return e.durationUs >= 10_000 ? 'DEL of a big key frees it on the main thread; use UNLINK' : null
    default:
      return null
  }
}

export const dangerousCommandsRule = (
  entries: SlowlogEntry[],
  node: string | null,
  held: number | null = null
): Finding[] => {
  const byReason = new Map<string, { command: string; count: number; maxUs: number; ids: number[] }>()
  for (const e of splitOwnEntries(entries).theirs) {
    const reason = dangerousReason(e)
    if (!reason) continue
    const g = byReason.get(reason) ?? { command: e.command, count: 0, maxUs: 0, ids: [] }
    g.count += 1
    g.maxUs = Math.max(g.maxUs, e.durationUs)
    if (g.ids.length < 10) g.ids.push(e.id)
    byReason.set(reason, g)
  }
  return [...byReason.entries()].map(([reason, g]) =>
    finding(
      DANGEROUS_RULE,
      'warning',
      `${g.command} in the slow log ${g.count} time${g.count === 1 ? '' : 's'}${coverage(entries.length, held)} (worst ${ms(g.maxUs)})`,
      `${reason}.`,
      node,
      { command: g.command, count: g.count, maxUs: g.maxUs, slowlogIds: g.ids }
    )
  )
}

const SLOWLOG_UNITS: Units = {
  count: 'count',
  totalUs: 'us',
  maxUs: 'us',
  entriesRead: 'count',
  entriesHeld: 'count',
  ownEntries: 'count'
}

/** Findings about one command name its command; the note on dbconsole's own entries is about the node. */
const aboutCommand = (findings: Finding[], node: string | null): Finding[] =>
  described(findings, SLOWLOG_UNITS, (f) =>
    typeof f.evidence.command === 'string'
      ? { kind: 'command', name: f.evidence.command, ...(node === null ? {} : { node }) }
      : nodeSubject(node)
  )

export const slowlog = redisRule({
  id: SLOWLOG_RULE,
  needs: ['slowlog'],
  evaluate: ({ slowlog: read }, { node }) => aboutCommand(slowlogRule(read.entries, node, read.held), node)
})

export const dangerousCommands = redisRule({
  id: DANGEROUS_RULE,
  needs: ['slowlog'],
  evaluate: ({ slowlog: read }, { node }) =>
    aboutCommand(dangerousCommandsRule(read.entries, node, read.held), node)
})

/** Both read the same entries; a new SLOWLOG rule joins this list. */
export const SLOWLOG_RULES = [slowlog, dangerousCommands]
