/**
 * Redis parse/analyze speed on large pasted inputs (issue 6): budget 20 ms median each. The realistic
 * SLOWLOG (bench/slowlog-reply.ts: long, cut and escaped arguments) goes through the whole `analyze`
 * (detect, parse, group, rules): issue 23 asks for under 100 ms in either print.
 */
import type { Benchmark } from './harness'
import { analyzeText } from '../src/main/diagnostics/analyze'
import { parseInfo } from '../src/main/diagnostics/redis/parse-info'
import { parseSlowlog } from '../src/main/diagnostics/redis/parse-slowlog'
import {
  checkPrinterAgainstFixture,
  cliPrint,
  respPrint,
  SLOWLOG_ENTRIES,
  slowlogReply
} from './slowlog-reply'

const ENTRIES = 10_000
const cmds = ['GET', 'HGETALL', 'KEYS', 'LRANGE', 'SORT', 'EVAL']

const slowlogCli = (): string => {
  const out: string[] = []
  for (let i = 0; i < ENTRIES; i++) {
    const n = String(i + 1)
    const pad = ' '.repeat(String(ENTRIES).length - n.length)
    const ind = ' '.repeat(String(ENTRIES).length + 2)
    out.push(
      `${pad}${n}) 1) (integer) ${ENTRIES - i}`,
      `${ind}2) (integer) ${1700000000 + i}`,
      `${ind}3) (integer) ${10000 + ((i * 7919) % 500000)}`,
      `${ind}4) 1) "${cmds[i % cmds.length]}"`,
      `${ind}   2) "user:${i}:profile"`,
      `${ind}   3) "0"`,
      `${ind}5) "10.0.0.${i % 250}:5${i % 1000}"`,
      `${ind}6) "worker-${i % 50}"`
    )
  }
  return `127.0.0.1:6379> SLOWLOG GET ${ENTRIES}\n${out.join('\n')}\n`
}

const bulk = (s: string): string => `$${Buffer.byteLength(s)}\r\n${s}\r\n`
const slowlogResp = (): string => {
  const out: string[] = [`*${ENTRIES}\r\n`]
  for (let i = 0; i < ENTRIES; i++) {
    out.push(
      `*6\r\n:${ENTRIES - i}\r\n:${1700000000 + i}\r\n:${10000 + ((i * 7919) % 500000)}\r\n*3\r\n${bulk(cmds[i % cmds.length] ?? 'GET')}${bulk(`user:${i}:profile`)}${bulk('0')}${bulk(`10.0.0.${i % 250}:5${i % 1000}`)}${bulk(`worker-${i % 50}`)}`
    )
  }
  return out.join('')
}

const infoEverything = (): string => {
  const lines = [
    '# Server',
    'redis_version:7.2.4',
    'redis_mode:standalone',
    'uptime_in_seconds:86400',
    '# Clients',
    'connected_clients:120',
    'maxclients:10000',
    '# Memory',
    'used_memory:10737418240',
    'used_memory_rss:26843545600',
    'mem_fragmentation_ratio:2.50',
    'maxmemory:12884901888',
    'maxmemory_policy:allkeys-lru',
    '# Stats',
    'evicted_keys:15000',
    'expired_keys:900',
    'rejected_connections:0',
    '# Replication',
    'role:master',
    'connected_slaves:0',
    'master_repl_offset:1000',
    '# Commandstats'
  ]
  for (let i = 0; i < 200; i++)
    lines.push(
      `cmdstat_cmd${i}|sub:calls=${i * 1000},usec=${i * 3000},usec_per_call=3.00,rejected_calls=0,failed_calls=${i}`
    )
  lines.push(
    '# Errorstats',
    'errorstat_ERR:count=5',
    'errorstat_MOVED:count=20000',
    '# Keyspace',
    'db0:keys=1000000,expires=20,avg_ttl=0'
  )
  return lines.join('\r\n') + '\r\n'
}

/** The whole `analyze`, checked to have read every entry (a failed parse would be fast). */
const analyzeSlowlog = (text: string): void => {
  const r = analyzeText(text, { input: 'bench' })
  if (r.kind !== 'redis.slowlog' || (r.summary as { entries?: number }).entries !== SLOWLOG_ENTRIES)
    throw new Error(`realistic slowlog analyze failed: ${r.error?.message ?? r.kind}`)
}

let cli = ''
let resp = ''
let info = ''
let realCli = ''
let realResp = ''
export const benchmarks: Benchmark[] = [
  {
    name: 'redis: analyze realistic SLOWLOG, 10,000 entries, redis-cli',
    target: 'median < 100 ms',
    budgetMs: 100,
    setup: () => {
      checkPrinterAgainstFixture()
      const reply = slowlogReply()
      realCli = `127.0.0.1:6379> SLOWLOG GET ${SLOWLOG_ENTRIES}\n${cliPrint(reply)}127.0.0.1:6379> \n`
      realResp = respPrint(reply)
    },
    run: () => analyzeSlowlog(realCli)
  },
  {
    name: 'redis: analyze realistic SLOWLOG, 10,000 entries, raw RESP',
    target: 'median < 100 ms',
    budgetMs: 100,
    run: () => analyzeSlowlog(realResp)
  },
  {
    name: 'redis: parse SLOWLOG GET, 10,000 entries, redis-cli text',
    target: 'median < 20 ms',
    budgetMs: 20,
    setup: () => {
      cli = slowlogCli()
    },
    run: () => {
      const r = parseSlowlog(cli)
      if (!r.ok || r.value.length !== ENTRIES) throw new Error('slowlog cli parse failed')
    }
  },
  {
    name: 'redis: parse SLOWLOG GET, 10,000 entries, raw RESP',
    target: 'median < 20 ms',
    budgetMs: 20,
    setup: () => {
      resp = slowlogResp()
    },
    run: () => {
      const r = parseSlowlog(resp)
      if (!r.ok || r.value.length !== ENTRIES) throw new Error('slowlog resp parse failed')
    }
  },
  {
    name: 'redis: analyze SLOWLOG, 10,000 entries (detect+rules)',
    target: 'median < 20 ms',
    budgetMs: 20,
    run: () => analyzeText(cli, { input: 'bench' })
  },
  {
    name: 'redis: parse INFO everything, 200 commandstats lines',
    target: 'median < 20 ms',
    budgetMs: 20,
    setup: () => {
      info = infoEverything()
    },
    run: () => {
      const r = parseInfo(info)
      if (!r.ok) throw new Error('info parse failed')
    }
  },
  {
    name: 'redis: analyze INFO everything, 200 commandstats lines',
    target: 'median < 20 ms',
    budgetMs: 20,
    run: () => analyzeText(info, { input: 'bench' })
  }
]
