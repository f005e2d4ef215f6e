/**
 * The redis kinds of pasted output (spec/analysis-report.md "Redis"): detection, summary facts, findings.
 * Extra kinds beyond the spec: redis.latency-latest, redis.latency-doctor, redis.memory-stats,
 * redis.memory-doctor.
 */
import type { Finding } from '../../../shared/findings'
import { NO_WINDOW } from '../counter-window'
import type { AnalysisKind } from '../kind'
import { parsed, type ParseResult } from '../parse-result'
import { evaluateRules, type ProbeOutcomes } from '../pipeline/engine-diagnostics'
import { REDIS_DIAGNOSTICS } from './diagnostics'
import { infoStopsBeforeKeyspace, sectionTitle } from './info-complete'
import { infoFacts } from './info-summary'
import { parseClusterInfo } from './parse-cluster-info'
import { CLUSTER_SLOTS, parseClusterNodes } from './parse-cluster-nodes'
import { parseClusterShards } from './parse-cluster-shards'
import { looksPipedClusterShards } from './parse-cluster-shards-piped'
import { parseInfo, type RedisInfo } from './parse-info'
import { parseLatencyDoctor, parseLatencyLatest } from './parse-latency'
import { parseMemoryDoctor, parseMemoryStats } from './parse-memory'
import type { SlowlogEntry } from '../../../shared/records/redis'
import { detectSlowlog, parseSlowlog } from './parse-slowlog'
import { looksPipedSlowlog } from './parse-slowlog-piped'
import type { RedisRecords, RedisRuleContext } from './records'
import { looksLikeResp, PROMPT_TEXT, stripPrompt } from './reply'
import { TEXT_REPLY_PREFIX } from './text-reply'
import { uncoveredSlots } from './rules/cluster-state'
import { finding } from './rules/util'

/** A finding that says the pasted output looks cut off (issue 15 item 11). */
export const TRUNCATED_RULE = 'redis.truncated'

type Analysis = ParseResult<{ summary: Record<string, unknown>; findings: Finding[] }>

const head = (text: string): string => stripPrompt(text.slice(0, 4096)).text
const promptCommand = (text: string): string => {
  const first = text.trimStart().split('\n', 1)[0] ?? ''
  const m = new RegExp(String.raw`^${PROMPT_TEXT}>\s*(.*)$`).exec(first.trim())
  return (m?.[1] ?? '').toLowerCase().replace(/\s+/g, ' ')
}

const PASTED: RedisRuleContext = { node: null, window: NO_WINDOW }

/**
 * Pasted output is that probe's output, pasted: judged by every rule whose needs it meets. Without a
 * window since a previous poll, cumulative counters only inform.
 */
const judged = (records: ProbeOutcomes<RedisRecords>): Finding[] =>
  evaluateRules(REDIS_DIAGNOSTICS, records, PASTED, 'pasted')

const infoKind: AnalysisKind = {
  kind: 'redis.info',
  engine: 'redis',
  detect: (text) => {
    const h = head(text)
    if (isClusterInfo(h)) return 0
    // RESP bulk string, or RESP3 verbatim string (HELLO 3 clients, Dragonfly).
    if (/^(?:\$\d+\r?\n|=\d+\r?\ntxt:)#\s*\w+/.test(h.trimStart())) return 2
    if (
      /^(?:redis|valkey|dragonfly|pika)_version:/m.test(h) ||
      /^# (?:Server|Clients|Memory|Persistence|Stats|Replication|CPU|Keyspace|Commandstats|Errorstats|Latencystats|Modules|Cluster)\s*$/m.test(
        h
      )
    )
      return 2
    if (/^(?:used_memory|connected_clients|role|uptime_in_seconds|total_commands_processed|db\d+):/m.test(h))
      return 1
    return 0
  },
  analyze: (text): Analysis => {
    const r = parseInfo(text)
    if (!r.ok) return r
    const stopsAfter = infoStopsBeforeKeyspace(r.value.sections, Object.keys(r.value.fields).at(-1) ?? null)
    const cut = stopsAfter
      ? [
          finding(
            TRUNCATED_RULE,
            'warning',
            `INFO stops after ${stopsAfter}: it may have been cut off`,
            r.value.sections.length > 0
              ? `INFO, INFO all and INFO everything end with # Keyspace; this copy has ${r.value.sections.length} sections and no # Keyspace. Unless only these sections were asked for, paste the whole output: the findings below only cover what is here.`
              : 'INFO without section headers (Redis 2.4 and older) ends with its keyspace (dbN:) lines; this copy does not. The findings below only cover what is here.',
            null,
            { sections: r.value.sections }
          )
        ]
      : []
    return parsed({
      summary: infoFacts(r.value),
      findings: [...cut, ...(cut.length > 0 ? [] : foreignInfoEnd(text, r.value)), ...judged({ info: r })]
    })
  }
}

/** A Redis-compatible server that is not Redis or Valkey, by what its INFO says about itself. */
const foreignServer = (info: RedisInfo): string | null => {
  const f = info.fields
  if (f.pika_version !== undefined) return 'Pika'
  if (f.dragonfly_version !== undefined) return 'Dragonfly'
  if (/keydb/i.test(f.executable ?? '') || f.mvcc_depth !== undefined) return 'KeyDB'
  return f.redis_version === undefined && f.valkey_version === undefined ? 'not Redis' : null
}

/**
 * Where a Redis or Valkey INFO section ends is known (info-complete.ts); a Redis-compatible server's
 * (Pika, KeyDB, Dragonfly) is not, so a copy that stops before # Keyspace, or in a line without its line
 * end, may be cut: say so rather than take it as whole.
 */
const foreignInfoEnd = (text: string, info: RedisInfo): Finding[] => {
  const server = foreignServer(info)
  if (server === null || info.sections.length === 0) return []
  const beforeKeyspace = info.sections.at(-1) !== 'keyspace'
  const noLineEnd = !/\n\s*$/.test(text)
  if (!beforeKeyspace && !noLineEnd) return []
  return [
    finding(
      TRUNCATED_RULE,
      'info',
      `The end of this INFO cannot be checked (${server})`,
      `dbconsole knows where each section of Redis's INFO ends, not this server's; this copy ${beforeKeyspace ? `stops after # ${sectionTitle(info.sections.at(-1) ?? '')} without # Keyspace` : 'ends in a line without its line end'}. If it is the whole output (or only these sections were asked for), nothing is missing; otherwise paste all of it.`,
      null,
      { sections: info.sections, server }
    )
  ]
}

/**
 * redis-cli prints an argument list with nothing after it when an entry has 4 fields (Redis before 4.0),
 * so a copy cut inside the last entry's arguments looks whole. RESP announces its lengths: no doubt there.
 */
const fourFieldEnd = (text: string, entries: readonly SlowlogEntry[]): Finding[] => {
  const last = entries[entries.length - 1]
  if (!last || last.clientAddress !== null || looksLikeResp(head(text))) return []
  return [
    finding(
      TRUNCATED_RULE,
      'info',
      'The end of the last SLOWLOG entry cannot be checked',
      `Entry ${last.id} has 4 fields (no client address): Redis before 4.0 prints entries so, and so does a copy of a 4.0+ reply cut inside that entry's arguments. If the server is 4.0 or later, paste the whole output.`,
      null,
      { entryId: last.id, fields: 4 }
    )
  ]
}

/** The piped print ends every value with a line end: without one, the last client name may be cut. */
const pipedWithoutLineEnd = (text: string): Finding[] =>
  looksPipedSlowlog(head(text)) && !/\n[ \t]*$/.test(text)
    ? [
        finding(
          TRUNCATED_RULE,
          'info',
          'The last line has no line end: it may be cut',
          'redis-cli writes every value of a piped SLOWLOG GET on its own line, ending with a line end; this copy stops without one, so the last client name may be incomplete.',
          null,
          {}
        )
      ]
    : []

const slowlogKind: AnalysisKind = {
  kind: 'redis.slowlog',
  engine: 'redis',
  detect: (text) => detectSlowlog(text),
  analyze: (text): Analysis => {
    const r = parseSlowlog(text)
    if (!r.ok) return r
    const entries = r.value
    const slowest = entries.reduce<(typeof entries)[number] | null>(
      (a, e) => (a === null || e.durationUs > a.durationUs ? e : a),
      null
    )
    return parsed({
      summary: {
        entries: entries.length,
        slowest: slowest
          ? { id: slowest.id, durationUs: slowest.durationUs, command: slowest.command }
          : null,
        hasClientInfo: entries.some((e) => e.clientAddress !== null),
        totalDurationUs: entries.reduce((a, e) => a + e.durationUs, 0)
      },
      findings: [
        ...fourFieldEnd(text, entries),
        ...pipedWithoutLineEnd(text),
        ...judged({ slowlog: { ok: true, value: { entries, held: null } } })
      ]
    })
  }
}

const CLUSTER_NODES_START = new RegExp(
  String.raw`^${TEXT_REPLY_PREFIX}[0-9a-f]{40} \S* \S*(?:master|slave|myself|noaddr|handshake|fail)`
)
/** CLUSTER INFO in any print: its first field is cluster_state; an INFO with a version is not it. */
const CLUSTER_INFO_START = new RegExp(String.raw`^${TEXT_REPLY_PREFIX}cluster_state:`)
const isClusterInfo = (h: string): boolean =>
  (/^cluster_state:/m.test(h) || CLUSTER_INFO_START.test(h.trimStart())) &&
  !/^(?:redis|valkey|dragonfly)_version:/m.test(h)

const clusterNodesKind: AnalysisKind = {
  kind: 'redis.cluster-nodes',
  engine: 'redis',
  detect: (text) => {
    const h = head(text).trimStart()
    // Plain, quoted, RESP / RESP3, or EXEC's `1) "..."` after MULTI (text-reply.ts).
    if (CLUSTER_NODES_START.test(h)) return 2
    if (/^vars currentEpoch/m.test(h) && /^[0-9a-f]{40} /m.test(h)) return 2
    return 0
  },
  analyze: (text): Analysis => {
    const r = parseClusterNodes(text)
    if (!r.ok) return r
    const nodes = r.value
    return parsed({
      summary: {
        nodes: nodes.length,
        masters: nodes.filter((n) => n.role === 'master').length,
        replicas: nodes.filter((n) => n.role === 'replica').length,
        failedNodes: nodes.filter((n) => n.flags.includes('fail')).length,
        slotsCovered: CLUSTER_SLOTS - uncoveredSlots(nodes).length,
        migratingSlots: nodes.reduce((a, n) => a + n.migrating.length, 0),
        importingSlots: nodes.reduce((a, n) => a + n.importing.length, 0)
      },
      findings: judged({ cluster_nodes: r })
    })
  }
}

const clusterInfoKind: AnalysisKind = {
  kind: 'redis.cluster-info',
  engine: 'redis',
  detect: (text) => (isClusterInfo(head(text)) ? 2 : 0),
  analyze: (text): Analysis => {
    const r = parseClusterInfo(text)
    if (!r.ok) return r
    const i = r.value
    return parsed({
      summary: {
        state: i.state,
        slotsAssigned: i.slotsAssigned,
        slotsOk: i.slotsOk,
        slotsPfail: i.slotsPfail,
        slotsFail: i.slotsFail,
        knownNodes: i.knownNodes,
        size: i.size
      },
      findings: judged({ cluster_info: r })
    })
  }
}

const clusterShardsKind: AnalysisKind = {
  kind: 'redis.cluster-shards',
  engine: 'redis',
  detect: (text) => {
    const h = head(text)
    if (promptCommand(text) === 'cluster shards') return 2
    if (
      /^1\) 1\) "slots"/.test(h.trimStart()) ||
      /^\*\d+\r?\n\*4\r?\n\$5\r?\nslots\r?\n/.test(h.trimStart()) ||
      looksPipedClusterShards(h)
    )
      return 2
    return 0
  },
  analyze: (text): Analysis => {
    const r = parseClusterShards(text)
    if (!r.ok) return r
    const nodes = r.value.flatMap((s) => s.nodes)
    const unhealthy = nodes.filter((n) => n.health !== 'online')
    return parsed({
      summary: {
        shards: r.value.length,
        nodes: nodes.length,
        unhealthyNodes: unhealthy.length,
        shardsWithoutSlots: r.value.filter((s) => s.slots.length === 0).length
      },
      findings: judged({ cluster_shards: r })
    })
  }
}

const latencyLatestKind: AnalysisKind = {
  kind: 'redis.latency-latest',
  engine: 'redis',
  detect: (text) => {
    if (promptCommand(text) === 'latency latest') return 2
    if (
      /^\*\d+\r?\n\*4\r?\n\$\d+\r?\n[a-z][\w-]*\r?\n:\d+\r?\n:\d+\r?\n:\d+\r?\n/.test(
        text.trimStart().slice(0, 200)
      )
    )
      return 1
    return /^1\) 1\) "[a-z][\w-]*"\r?\n\s+2\) \(integer\) \d+\r?\n\s+3\) \(integer\) \d+\r?\n\s+4\) \(integer\) \d+\s*(?:\r?\n\s*2\) 1\)|\s*$)/.test(
      head(text).trimStart()
    )
      ? 1
      : 0
  },
  analyze: (text): Analysis => {
    const r = parseLatencyLatest(text)
    if (!r.ok) return r
    const worst = r.value.reduce<(typeof r.value)[number] | null>(
      (a, e) => (a === null || e.maxMs > a.maxMs ? e : a),
      null
    )
    return parsed({
      summary: { events: r.value.length, worst: worst ? { event: worst.event, maxMs: worst.maxMs } : null },
      findings: judged({ latency: r })
    })
  }
}

const latencyDoctorKind: AnalysisKind = {
  kind: 'redis.latency-doctor',
  engine: 'redis',
  detect: (text) => (/^\s*"?Dave, /m.test(head(text).slice(0, 400)) ? 2 : 0),
  analyze: (text): Analysis => {
    const r = parseLatencyDoctor(text)
    if (!r.ok) return r
    return parsed({
      summary: { verdict: r.value.verdict, events: r.value.events.length, advice: r.value.advice.length },
      findings: judged({ latency_doctor: r })
    })
  }
}

const memoryStatsKind: AnalysisKind = {
  kind: 'redis.memory-stats',
  engine: 'redis',
  detect: (text) => (/"peak\.allocated"|^peak\.allocated\r?$/m.test(head(text)) ? 2 : 0),
  analyze: (text): Analysis => {
    const r = parseMemoryStats(text)
    if (!r.ok) return r
    const s = r.value
    const num = (k: string): number | null => (typeof s[k] === 'number' ? (s[k] as number) : null)
    const frag = num('fragmentation')
    const fragBytes = num('fragmentation.bytes')
    return parsed({
      summary: {
        peakAllocatedBytes: num('peak.allocated'),
        totalAllocatedBytes: num('total.allocated'),
        keys: num('keys.count'),
        datasetBytes: num('dataset.bytes'),
        fragmentationRatio: frag,
        fragmentationBytes: fragBytes
      },
      findings: judged({ memory_stats: r })
    })
  }
}

const memoryDoctorKind: AnalysisKind = {
  kind: 'redis.memory-doctor',
  engine: 'redis',
  detect: (text) => (/^\s*"?(?:Hi Sam|Sam, )/m.test(head(text).slice(0, 400)) ? 2 : 0),
  analyze: (text): Analysis => {
    const r = parseMemoryDoctor(text)
    if (!r.ok) return r
    return parsed({
      summary: { verdict: r.value.verdict, issues: r.value.issues.length },
      findings: judged({ memory_doctor: r })
    })
  }
}

/** The redis kinds of pasted output this engine's parsers understand. */
export const redisKinds: AnalysisKind[] = [
  infoKind,
  slowlogKind,
  clusterNodesKind,
  clusterInfoKind,
  clusterShardsKind,
  latencyLatestKind,
  latencyDoctorKind,
  memoryStatsKind,
  memoryDoctorKind
]
