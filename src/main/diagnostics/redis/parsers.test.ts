import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeText } from '../analyze'
import { parseClusterInfo } from './parse-cluster-info'
import { parseClusterNodes } from './parse-cluster-nodes'
import { parseClusterShards } from './parse-cluster-shards'
import { commandStats, errorStats, parseInfo } from './parse-info'
import { parseLatencyDoctor, parseLatencyHistory, parseLatencyLatest } from './parse-latency'
import { parseMemoryDoctor, parseMemoryStats } from './parse-memory'
import { parseSlowlog } from './parse-slowlog'
import { parsePipedSlowlog } from './parse-slowlog-piped'
import { keyPattern } from './key-pattern'
import { dangerousCommandsRule, dangerousReason, slowlogRule } from './rules/slowlog'
import { parseCliReply, parseResp } from './reply'

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')
const ok = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${r.message}`)
  return r.value
}

describe('reply parsers', () => {
  it('reads redis-cli nesting with right-aligned two-digit indexes', () => {
    expect(
      ok(
        parseCliReply(
          ' 1) "a"\n 2) (integer) 3\n 3) 1) "x\\n\\"q\\""\n    2) (nil)\n    3) (empty array)\n 4) 1)  1) "p"\n' +
            [2, 3, 4, 5, 6, 7, 8, 9].map((i) => `        ${i}) "${i}"\n`).join('') +
            '       10) "q"\n 5) (error) ERR x\n 6) "6"\n 7) "7"\n 8) "8"\n 9) "9"\n10) "z"'
        )
      )
    ).toEqual([
      'a',
      3,
      ['x\n"q"', null, []],
      [['p', '2', '3', '4', '5', '6', '7', '8', '9', 'q']],
      { error: 'ERR x' },
      '6',
      '7',
      '8',
      '9',
      'z'
    ])
  })
  it('refuses a print cut before its padded indexes are used, or inside the last index or tag (issue 15)', () => {
    // ` 1)` is how redis-cli starts an array of 10 or more elements.
    expect(parseCliReply(' 1) "a"\n 2) "b"\n')).toMatchObject({ ok: false, code: 'TRUNCATED', line: 2 })
    expect(parseCliReply('1) 1)  1) "a"\n       2) "b"\n2) "c"')).toMatchObject({
      ok: false,
      code: 'MALFORMED'
    })
    expect(parseCliReply('1) "a"\n2')).toMatchObject({ ok: false, code: 'TRUNCATED', line: 2 })
    expect(parseCliReply('1) "a"\n2) ')).toMatchObject({ ok: false, code: 'TRUNCATED', line: 2 })
    expect(parseCliReply('1) "a"\n2) (inte')).toMatchObject({ ok: false, code: 'TRUNCATED', line: 2 })
    expect(ok(parseCliReply('1) "a"\n2) (integer) 7\n'))).toEqual(['a', 7])
  })
  it('reports an element out of order as MALFORMED with its line', () => {
    expect(parseCliReply('1) "a"\n3) "b"')).toMatchObject({ ok: false, code: 'MALFORMED', line: 2 })
  })
  it('reports a quoted string cut off as TRUNCATED', () => {
    expect(parseCliReply('1) "a"\n2) "b')).toMatchObject({ ok: false, code: 'TRUNCATED', line: 2 })
  })
  it('reads CRLF copies, trailing blanks, empty values, negative and 64-bit integers and quoted ends', () => {
    expect(
      ok(
        parseCliReply(
          '1) (integer) -42  \r\n2) (integer) 9223372036854775807\r\n3) \r\n4) "a\\\\"\t\r\n5) "\\x41b"\r\n6) (integer) 12ab\r\n7) ""'
        )
      )
    ).toEqual([-42, Number('9223372036854775807'), '', 'a\\', 'Ab', '(integer) 12ab', ''])
    expect(parseCliReply('1) "a\n2) "b"')).toMatchObject({ ok: false, code: 'TRUNCATED', line: 1 })
    expect(parseCliReply('1) "a"\nno index here')).toMatchObject({
      ok: false,
      code: 'MALFORMED',
      line: 2,
      message: 'Line 2 has no "N)" element index: no index here'
    })
  })
  it('decodes every redis-cli escape, and a quote or backslash that leaves the value open is a cut copy', () => {
    expect(ok(parseCliReply(String.raw`1) "q\"\\ \n\r\t\a\b \xff\x4g \z"`))).toEqual([
      'q"\\ \n\r\t\x07\b \u00ffx4g z'
    ])
    expect(parseCliReply('1) "a"b"')).toMatchObject({ ok: false, code: 'TRUNCATED', line: 1 })
    expect(parseCliReply('1) "ab\\')).toMatchObject({ ok: false, code: 'TRUNCATED', line: 1 })
    expect(parseCliReply('1) "a\\"')).toMatchObject({ ok: false, code: 'TRUNCATED', line: 1 })
  })
  it('parses RESP, restores lost CRs, and reports a cut bulk string as TRUNCATED', () => {
    expect(ok(parseResp('*2\r\n$3\r\nabc\r\n:7\r\n'))).toEqual(['abc', 7])
    expect(ok(parseResp('*2\n$3\nabc\n:7\n'))).toEqual(['abc', 7])
    expect(parseResp('*2\r\n$10\r\nabc')).toMatchObject({ ok: false, code: 'TRUNCATED' })
    expect(parseResp('*x\r\n')).toMatchObject({ ok: false, code: 'MALFORMED', line: 1 })
  })
})

describe('parseInfo', () => {
  it('reads INFO everything from redis-cli and from raw RESP the same way', () => {
    const txt = ok(parseInfo(fixture('info-everything--standalone--redis7.0.txt')))
    const resp = ok(parseInfo(fixture('info-everything--standalone--redis7.0.resp')))
    expect(txt.sections).toEqual([
      'server',
      'clients',
      'memory',
      'persistence',
      'stats',
      'replication',
      'cpu',
      'modules',
      'commandstats',
      'errorstats',
      'latencystats',
      'cluster',
      'keyspace'
    ])
    expect(txt.fields.redis_version).toBe('7.0.15')
    expect(txt.fields.used_memory_rss).toBe('7360512')
    expect(resp.sections).toEqual(txt.sections)
    expect(Object.keys(resp.fields).length).toBe(Object.keys(txt.fields).length)
    // Redis 7 subcommand stats carry a '|' in the field name.
    expect(commandStats(txt).some((c) => c.command.includes(' '))).toBe(true)
    expect(errorStats(txt).ERR).toBeGreaterThan(0)
  })
  it('reads 2.x INFO without section headers, CRLF, and the prompt line', () => {
    const v = ok(
      parseInfo(`127.0.0.1:6379> info\r\n${fixture('info--hand-made--redis2.6.txt').replace(/\n/g, '\r\n')}`)
    )
    expect(v.sections).toEqual([])
    expect(v.fields.mem_fragmentation_ratio).toBe('1.75')
    expect(v.fields.db0).toBe('keys=120000,expires=100,avg_ttl=0')
  })
  it('accepts fields of compatible servers', () => {
    expect(
      ok(
        parseInfo(
          '# Server\nvalkey_version:8.0.1\nserver_name:valkey\nredis_version:7.2.4\nlistener0:name=tcp,bind=*,port=6379\n'
        )
      ).fields.valkey_version
    ).toBe('8.0.1')
  })
  it('refuses INFO cut inside a section as TRUNCATED at its last line (issue 15: maxmemory:10...)', () => {
    const full = fixture('info-everything--standalone--redis7.0.txt')
    const cut = full.slice(0, full.indexOf('maxmemory:') + 'maxmemory:10'.length)
    const r = parseInfo(cut)
    expect(r).toMatchObject({ ok: false, code: 'TRUNCATED', line: cut.split('\n').length })
    expect(analyzeText(cut, { input: 'cut' }).findings).toEqual([])
    // At a line boundary inside # Memory, and right after a whole # Memory: refused, then warned.
    const atLine = full.slice(0, full.indexOf('maxmemory_human:'))
    expect(parseInfo(atLine)).toMatchObject({ ok: false, code: 'TRUNCATED' })
    const afterMemory = full.slice(0, full.indexOf('# Persistence'))
    const report = analyzeText(afterMemory, { input: 'cut' })
    expect(report.ok).toBe(true)
    expect(report.findings[0]).toMatchObject({
      rule: 'redis.truncated',
      title: 'INFO stops after # Memory: it may have been cut off'
    })
  })
  it('refuses INFO whose last list line is cut (Commandstats, Keyspace)', () => {
    expect(parseInfo('# Keyspace\ndb0:keys=3,expires=0,avg_ttl=0\ndb1:keys=12,expi')).toMatchObject({
      ok: false,
      code: 'TRUNCATED',
      line: 3
    })
    expect(
      parseInfo(
        '# Commandstats\ncmdstat_get:calls=5,usec=10,usec_per_call=2.00,rejected_calls=0,failed_calls=0\ncmdstat_set:calls=5,usec=10,usec_per_call=2.0'
      )
    ).toMatchObject({ ok: false, code: 'TRUNCATED', line: 3 })
    expect(ok(parseInfo('# Keyspace\ndb0:keys=3,expires=0,avg_ttl=0\r\n')).fields.db0).toBe(
      'keys=3,expires=0,avg_ttl=0'
    )
  })
  it('fails with the right code: cut line, cut bulk string, garbage, server error', () => {
    expect(parseInfo('# Server\nredis_version:7.0.15\nused_mem')).toMatchObject({
      ok: false,
      code: 'TRUNCATED',
      line: 3
    })
    const body = '# Server\r\nredis_version:7.0.15\r\n'
    expect(parseInfo(`$${body.length + 40}\r\n${body}`)).toMatchObject({ ok: false, code: 'TRUNCATED' })
    expect(parseInfo('hello world')).toMatchObject({ ok: false, code: 'UNRECOGNIZED' })
    expect(parseInfo("(error) ERR unknown command 'INFOX'")).toEqual({
      ok: false,
      code: 'SERVER_ERROR',
      message: "The server replied with an error: ERR unknown command 'INFOX'",
      line: 1
    })
  })
})

describe('parseSlowlog', () => {
  it('reads 6-field entries with client names, from redis-cli text and RESP alike', () => {
    const txt = ok(parseSlowlog(fixture('slowlog-get--debug-sleep--redis7.0.txt')))
    expect(txt).toEqual(ok(parseSlowlog(fixture('slowlog-get--debug-sleep--redis7.0.resp'))))
    expect(txt.map((e) => [e.id, e.command, e.durationUs, e.clientName])).toEqual([
      [2, 'SORT', 49150, 'rt-sorter'],
      [1, 'EVAL', 158990, 'rt-sorter'],
      [0, 'DEBUG', 50118, 'rt-sleeper']
    ])
    expect(txt[2]?.args).toEqual(['DEBUG', 'SLEEP', '0.05'])
  })
  it('decodes the server-side truncation markers', () => {
    const e = ok(parseSlowlog(fixture('slowlog-get--truncated-args--redis7.0.txt')))
    const sadd = e.find((x) => x.command === 'SADD')
    expect(sadd?.args.length).toBe(31)
    expect(sadd?.moreArguments).toBe(12)
    const set = e.find((x) => x.command === 'SET')
    expect(set?.cutArgs).toBe(1)
    expect(set?.args[2]).toBe(`${'y'.repeat(128)}... (72 more bytes)`)
  })
  it('reads pre-4.0 4-field entries behind a prompt', () => {
    const e = ok(parseSlowlog(fixture('slowlog-get--hand-made-4-field--redis3.2.txt')))
    expect(e).toEqual([
      {
        id: 14,
        timestamp: 1309448221,
        durationUs: 1500000,
        args: ['keys', '*'],
        command: 'KEYS',
        moreArguments: 0,
        cutArgs: 0,
        clientAddress: null,
        clientName: null
      },
      {
        id: 13,
        timestamp: 1309448128,
        durationUs: 30,
        args: ['slowlog', 'get', '100'],
        command: 'SLOWLOG',
        moreArguments: 0,
        cutArgs: 0,
        clientAddress: null,
        clientName: null
      }
    ])
  })
  it('reads an empty slowlog and flags cut input', () => {
    expect(ok(parseSlowlog(fixture('slowlog-get--empty--redis7.0.txt')))).toEqual([])
    const resp = fixture('slowlog-get--debug-sleep--redis7.0.resp')
    expect(parseSlowlog(resp.slice(0, resp.length - 20))).toMatchObject({ ok: false, code: 'TRUNCATED' })
    const txt = fixture('slowlog-get--debug-sleep--redis7.0.txt').split('\n').slice(0, 13).join('\n')
    expect(parseSlowlog(txt)).toMatchObject({ ok: false, code: 'TRUNCATED' })
    expect(parseSlowlog(fixture('unknown-command--standalone--redis7.0.txt'))).toMatchObject({
      ok: false,
      code: 'SERVER_ERROR',
      message: "The server replied with an error: ERR unknown subcommand 'nosuch'. Try SLOWLOG HELP."
    })
  })
})

describe('cluster parsers', () => {
  it('reads pre-4.0 addresses, migrating/importing and fail?', () => {
    const n = ok(parseClusterNodes(fixture('cluster-nodes--hand-made-pre-4.0--redis3.2.txt')))
    expect(n.length).toBe(6)
    expect(n[1]).toMatchObject({
      address: '127.0.0.1:30002',
      busPort: null,
      slots: [[5461, 10922]],
      migrating: [{ slot: 5461, to: '292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f' }]
    })
    expect(n[2]?.importing).toEqual([{ slot: 5461, from: '67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1' }])
    expect(n[4]?.flags).toEqual(['slave', 'fail?'])
  })
  it('reads 7.2 nodes.conf aux fields, noaddr and the vars line', () => {
    const n = ok(parseClusterNodes(fixture('nodes-conf--hand-made-7.2-aux--redis7.2.txt')))
    expect(n.map((x) => [x.address, x.busPort, x.hostname, x.role])).toEqual([
      ['10.0.0.1:6379', 16379, 'redis-a.example', 'master'],
      ['10.0.0.2:6379', 16379, null, 'master'],
      ['', null, null, 'replica']
    ])
  })
  it('flags a cut node line as TRUNCATED', () => {
    const text = fixture('cluster-nodes--healthy--redis7.0.txt')
    expect(parseClusterNodes(text.slice(0, text.length - 60))).toMatchObject({ ok: false, code: 'TRUNCATED' })
  })
  it('refuses a copy cut inside a slot range, or missing myself, a master or the vars line (issue 15)', () => {
    const text = fixture('cluster-nodes--healthy--redis7.0.txt')
    // `0-5460` cut to `0-5`: the analysis used to say "10,921 slots not served" (critical).
    const inRange = text.slice(0, text.lastIndexOf('0-5460') + 3)
    expect(parseClusterNodes(inRange)).toMatchObject({ ok: false, code: 'TRUNCATED', line: 3 })
    expect(analyzeText(inRange, { input: 'cut' })).toMatchObject({ ok: false, error: { code: 'TRUNCATED' } })
    const noMyself = text.slice(0, text.indexOf('\n', text.indexOf('\n') + 1) + 1)
    expect(parseClusterNodes(noMyself)).toMatchObject({ ok: false, code: 'TRUNCATED' })
    const old = fixture('cluster-nodes--hand-made-pre-4.0--redis3.2.txt')
    const lastLines = old.split('\n').slice(3).join('\n')
    expect(parseClusterNodes(lastLines)).toMatchObject({
      ok: false,
      code: 'TRUNCATED',
      message: expect.stringContaining('which is not listed') as unknown
    })
    const conf = fixture('nodes-conf--hand-made-7.2-aux--redis7.2.txt')
    expect(parseClusterNodes(conf.slice(0, conf.indexOf('vars')))).toMatchObject({
      ok: false,
      code: 'TRUNCATED'
    })
    // The same slot list with its line end is whole: a cluster may leave slots unassigned.
    const served = ok(parseClusterNodes(`${inRange}\n`))
    expect(served.at(-1)?.slots).toEqual([[0, 5]])
  })
  it('reads CLUSTER INFO of a failed cluster', () => {
    expect(ok(parseClusterInfo(fixture('cluster-info--master-killed--redis7.0.txt')))).toMatchObject({
      state: 'fail',
      slotsAssigned: 16384,
      slotsOk: 10923,
      slotsFail: 5461,
      slotsPfail: 0,
      knownNodes: 3,
      size: 3
    })
  })
  it('reads CLUSTER SHARDS in both prints', () => {
    const txt = ok(parseClusterShards(fixture('cluster-shards--healthy--redis7.0.txt')))
    const resp = ok(parseClusterShards(fixture('cluster-shards--healthy--redis7.0.resp')))
    expect(txt.map((s) => s.slots)).toEqual(resp.map((s) => s.slots))
    expect(txt.flatMap((s) => s.slots).sort((a, b) => a[0] - b[0])).toEqual([
      [0, 5460],
      [5461, 10922],
      [10923, 16383]
    ])
    const failed = ok(parseClusterShards(fixture('cluster-shards--master-killed--redis7.0.txt')))
    expect(
      failed
        .flatMap((s) => s.nodes)
        .filter((n) => n.health !== 'online')
        .map((n) => [n.address, n.health])
    ).toEqual([['127.0.0.1:45003', 'fail']])
  })
})

describe('latency and memory parsers', () => {
  it('reads LATENCY LATEST, HISTORY and DOCTOR', () => {
    expect(
      ok(parseLatencyLatest(fixture('latency-latest--debug-sleep--redis7.0.txt'))).map((e) => [
        e.event,
        e.maxMs
      ])
    ).toEqual([
      ['fast-command', 6],
      ['command', 158]
    ])
    expect(ok(parseLatencyLatest(fixture('latency-latest--debug-sleep--redis7.0.resp'))).length).toBe(2)
    expect(
      ok(parseLatencyHistory(fixture('latency-history--debug-sleep--redis7.0.txt'))).map((s) => s.ms)
    ).toEqual([158])
    const doc = ok(parseLatencyDoctor(fixture('latency-doctor--debug-sleep--redis7.0.txt')))
    expect(doc.verdict).toBe('spikes')
    expect(doc.events.map((e) => [e.event, e.worstMs])).toEqual([
      ['fast-command', 6],
      ['command', 158]
    ])
  })
  it('refuses cut CLUSTER INFO, CLUSTER SHARDS, LATENCY and MEMORY replies as TRUNCATED (issue 15)', () => {
    const info = fixture('cluster-info--healthy--redis7.0.txt')
    const atSlotsOk = info.slice(0, info.indexOf('cluster_slots_pfail'))
    expect(parseClusterInfo(atSlotsOk)).toMatchObject({ ok: false, code: 'TRUNCATED', line: 3 })
    expect(parseClusterInfo(info.slice(0, info.indexOf('cluster_stats_messages_received')))).toMatchObject({
      ok: false,
      code: 'TRUNCATED'
    })
    const shards = fixture('cluster-shards--healthy--redis7.0.txt')
    const noHealth = shards.slice(0, shards.lastIndexOf('         13) "health"'))
    expect(parseClusterShards(noHealth)).toMatchObject({
      ok: false,
      code: 'TRUNCATED',
      message: 'Shard 3, node 1 has no health.'
    })
    const latest = fixture('latency-latest--debug-sleep--redis7.0.txt')
    expect(parseLatencyLatest(latest.slice(0, latest.indexOf('   4)')))).toMatchObject({
      ok: false,
      code: 'TRUNCATED'
    })
    const doctor = fixture('latency-doctor--debug-sleep--redis7.0.txt')
    expect(parseLatencyDoctor(doctor.slice(0, doctor.indexOf('I have a few')))).toMatchObject({
      ok: false,
      code: 'TRUNCATED',
      message: expect.stringContaining('the advice part is missing') as unknown
    })
    const stats = fixture('memory-stats--standalone--redis7.0.txt')
    expect(parseMemoryStats(stats.slice(0, stats.indexOf('51) "fragmentation"')))).toMatchObject({
      ok: false,
      code: 'TRUNCATED',
      message: 'MEMORY STATS stops before its fragmentation field: the copy was cut off.'
    })
    const memDoctor = fixture('memory-doctor--empty--redis7.0.txt')
    expect(parseMemoryDoctor(memDoctor.slice(0, 120))).toMatchObject({ ok: false, code: 'TRUNCATED' })
  })
  it('reads piped redis-cli output (raw format: one value a line, no indexes) the same as the interactive print', () => {
    const text = fixture('slowlog-get-piped--debug-sleep--redis7.0.txt')
    const entries = ok(parseSlowlog(text))
    expect(entries.map((e) => [e.id, e.command, e.durationUs, e.clientName])).toEqual([
      [5, 'SET', 6, ''],
      [4, 'SADD', 15, 'rt-args'],
      [3, 'CLIENT', 3, 'rt-args'],
      [2, 'COMMAND', 545, ''],
      [1, 'CONFIG', 6, ''],
      [0, 'DEBUG', 50100, 'rt-sleeper']
    ])
    const sadd = entries[1]
    expect(sadd).toMatchObject({ moreArguments: 11, clientAddress: '127.0.0.1:49668' })
    expect(sadd?.args).toHaveLength(31)
    // A value holding a newline prints on two lines: read as two arguments (the print cannot tell).
    expect(entries[0]?.args).toEqual(['set', 'rt:multi', 'line one', 'line two'])
    // Behind a prompt line too, and with CRLF.
    expect(ok(parseSlowlog(text.replace(/\n/g, '\r\n')))).toHaveLength(6)
    expect(analyzeText(text, { input: 'piped' }).findings.map((f) => f.rule)).not.toContain('redis.truncated')
    // Cut inside the last client name: nothing in the print can tell, but the missing line end does.
    const inName = analyzeText(text.slice(0, text.length - 4), { input: 'cut' })
    expect(inName.findings.find((f) => f.rule === 'redis.truncated')).toMatchObject({ severity: 'info' })
  })
  it('refuses piped SLOWLOG output cut inside an entry as TRUNCATED with the line', () => {
    const text = fixture('slowlog-get-piped--debug-sleep--redis7.0.txt')
    const lines = text.split('\n')
    const inArgs = lines.slice(0, 20).join('\n')
    expect(parseSlowlog(inArgs)).toMatchObject({ ok: false, code: 'TRUNCATED', line: 20 })
    expect(parseSlowlog(lines.slice(0, 3).join('\n'))).toMatchObject({ ok: false, code: 'TRUNCATED' })
    const atAddress = text.slice(0, text.indexOf('127.0.0.1:49644') + 15)
    expect(parseSlowlog(atAddress)).toMatchObject({
      ok: false,
      code: 'TRUNCATED',
      message: expect.stringContaining('no client name line') as unknown
    })
    expect(parseSlowlog('5\n1796284618\n6\nset\nk\n')).toMatchObject({ ok: false, code: 'TRUNCATED' })
    // An address followed by something that is no entry never closes the entry: the copy stops in it.
    expect(parseSlowlog('5\n1796284618\n6\nGET\nk\n127.0.0.1:1\n\nnot an entry\n')).toMatchObject({
      ok: false,
      code: 'TRUNCATED',
      line: 8
    })
    expect(parsePipedSlowlog('GET\nk\n127.0.0.1:1\nname\n', 2)).toMatchObject({
      ok: false,
      code: 'MALFORMED',
      line: 3
    })
  })
  it('refuses a SLOWLOG whose last entry is shorter than the others; warns on a 4-field last entry', () => {
    const text = fixture('slowlog-get--debug-sleep--redis7.0.txt')
    const inArgs = text.slice(0, text.indexOf('      2) "for i=1'))
    expect(parseSlowlog(inArgs)).toMatchObject({
      ok: false,
      code: 'TRUNCATED',
      message: 'SLOWLOG entry 2 stops after 4 fields: the copy was cut off.'
    })
    // One entry cut inside its arguments looks like a pre-4.0 entry: analysed, with a finding that says so.
    const first = text.slice(0, text.indexOf('      3) "LIMIT"'))
    const report = analyzeText(first, { input: 'cut' })
    expect(report.ok).toBe(true)
    expect(report.findings.map((f) => f.rule)).toContain('redis.truncated')
    expect(analyzeText(text, { input: 'whole' }).findings.map((f) => f.rule)).not.toContain('redis.truncated')
  })
  it('reads MEMORY STATS in both prints and MEMORY DOCTOR', () => {
    const s = ok(parseMemoryStats(fixture('memory-stats--standalone--redis7.0.resp')))
    expect(s['peak.allocated']).toBe(2063560)
    expect(s['fragmentation.bytes']).toBe(11318744)
    expect(ok(parseMemoryStats(fixture('memory-stats--standalone--redis7.0.txt')))['keys.count']).toBe(0)
    expect(ok(parseMemoryDoctor(fixture('memory-doctor--empty--redis7.0.txt')))).toEqual({
      verdict: 'empty',
      issues: []
    })
  })
})

describe('keyPattern', () => {
  it('replaces id segments with *', () => {
    expect(keyPattern('user:123:profile')).toBe('user:*:profile')
    expect(keyPattern('session:6f1c2a3b-1111-2222-3333-444455556666')).toBe('session:*')
    expect(keyPattern('cache.v2.deadbeefcafe')).toBe('cache.v2.*')
    expect(keyPattern('plain')).toBe('plain')
  })
})

describe('analyze: redis kinds', () => {
  const run = (name: string) => analyzeText(fixture(name), { input: name })
  it('redis.info summary of a standalone INFO everything', () => {
    const r = run('info-everything--standalone--redis7.0.txt')
    expect(r.kind).toBe('redis.info')
    expect(r.summary).toMatchObject({
      version: '7.0.15',
      mode: 'standalone',
      role: 'master',
      usedMemoryBytes: 1333120,
      usedMemoryRssBytes: 7360512,
      fragmentationRatio: 5.69,
      connectedClients: 1,
      keyspace: {}
    })
    // An almost empty instance reads a high ratio: no fragmentation finding.
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([])
  })
  it('redis.info of old 2.6 output: every problem it shows; pasted counters (no window) only inform', () => {
    const r = run('info--hand-made--redis2.6.txt')
    expect(r.summary).toMatchObject({
      version: '2.6.17',
      mode: 'standalone',
      sections: [],
      keyspace: { db0: 120000, db3: 5 }
    })
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['redis.persistence', 'critical'],
      ['redis.fragmentation', 'warning'],
      ['redis.persistence', 'warning'],
      ['redis.eviction', 'info'],
      ['redis.clients', 'info'],
      ['redis.multiple-databases', 'info']
    ])
    expect(r.findings.find((f) => f.rule === 'redis.clients')?.title).toMatch(
      /^\d+ connections rejected at maxclients since server start \(uptime [\d.]+ \w+( \d+ \w+)?\)$/
    )
    expect(r.findings.find((f) => f.rule === 'redis.fragmentation')?.evidence).toMatchObject({
      gapBytes: 1610612736,
      fragmentationRatio: 1.75
    })
  })
  it('redis.info: a fragmentation ratio below 1 is no proof of swap, so never a warning', () => {
    // Captured right after SET of a 200 MB string on a host with no swap: ratio 0.64, RSS above used.
    const justSet = run('info-memory--200mb-string-just-set--redis7.0.txt')
    expect(justSet.summary['fragmentationRatio']).toBe(0.64)
    expect(justSet.findings.filter((f) => f.rule === 'redis.fragmentation')).toEqual([])
    const below = run('info-memory--hand-made-rss-below-used--redis7.0.txt')
    expect(
      below.findings.filter((f) => f.rule === 'redis.fragmentation').map((f) => [f.severity, f.title])
    ).toEqual([['info', 'RSS below used memory: fragmentation ratio 0.90']])
  })
  it('redis.info of a replica whose master is gone', () => {
    const r = run('info-everything--replica-link-down--redis7.0.txt')
    expect(r.findings[0]).toMatchObject({
      rule: 'redis.replication',
      severity: 'critical',
      title: 'Replication link to 127.0.0.1:46011 is down for 0 s'
    })
  })
  it('redis.slowlog summary and findings', () => {
    const r = run('slowlog-get--debug-sleep--redis7.0.resp')
    expect(r.summary).toEqual({
      entries: 3,
      slowest: { id: 1, durationUs: 158990, command: 'EVAL' },
      hasClientInfo: true,
      totalDurationUs: 258258
    })
    expect(r.findings.map((f) => `${f.severity} ${f.rule} ${f.title}`)).toEqual([
      'warning redis.slowlog EVAL: 1 slow call, 159.0 ms in total, worst 159.0 ms',
      'warning redis.dangerous-commands SORT in the slow log 1 time (worst 49.1 ms)',
      'warning redis.dangerous-commands DEBUG in the slow log 1 time (worst 50.1 ms)',
      'info redis.slowlog DEBUG: 1 slow call, 50.1 ms in total, worst 50.1 ms',
      'info redis.slowlog SORT: 1 slow call, 49.1 ms in total, worst 49.1 ms'
    ])
    expect(r.findings[0]?.evidence.clients).toEqual(['rt-sorter (127.0.0.1:35542)'])
    expect(run('slowlog-get--hand-made-4-field--redis3.2.txt').summary).toMatchObject({
      entries: 2,
      slowest: { id: 14, durationUs: 1500000, command: 'KEYS' },
      hasClientInfo: false
    })
  })
  it('redis.slowlog says which part of the log it read when the server holds more (SLOWLOG LEN)', () => {
    const entries = ok(parseSlowlog(fixture('slowlog-get--debug-sleep--redis7.0.resp')))
    const titles = (held: number | null): string[] =>
      [...slowlogRule(entries, null, held), ...dangerousCommandsRule(entries, null, held)].map((f) => f.title)
    expect(titles(10_000)).toEqual([
      'EVAL: 1 slow call in the last 3 of 10,000 entries, 159.0 ms in total, worst 159.0 ms',
      'DEBUG: 1 slow call in the last 3 of 10,000 entries, 50.1 ms in total, worst 50.1 ms',
      'SORT: 1 slow call in the last 3 of 10,000 entries, 49.1 ms in total, worst 49.1 ms',
      'SORT in the slow log 1 time in the last 3 of 10,000 entries (worst 49.1 ms)',
      'DEBUG in the slow log 1 time in the last 3 of 10,000 entries (worst 50.1 ms)'
    ])
    // Everything the server holds was read: no qualifier.
    expect(titles(3)[0]).toBe('EVAL: 1 slow call, 159.0 ms in total, worst 159.0 ms')
  })
  it('redis.cluster-nodes of a cluster with a master killed names the uncovered slots', () => {
    const r = run('cluster-nodes--master-killed--redis7.0.txt')
    expect(r.summary).toEqual({
      nodes: 3,
      masters: 3,
      replicas: 0,
      failedNodes: 1,
      slotsCovered: 10923,
      migratingSlots: 0,
      importingSlots: 0
    })
    expect(r.findings[0]).toMatchObject({
      rule: 'redis.cluster-state',
      severity: 'critical',
      title: '5461 slots not served (10923-16383)'
    })
    expect(run('cluster-nodes--hand-made-pre-4.0--redis3.2.txt').summary).toEqual({
      nodes: 6,
      masters: 3,
      replicas: 3,
      failedNodes: 0,
      slotsCovered: 16384,
      migratingSlots: 1,
      importingSlots: 1
    })
  })
  it('redis.cluster-info and redis.cluster-shards', () => {
    expect(run('cluster-info--master-killed--redis7.0.txt')).toMatchObject({
      kind: 'redis.cluster-info',
      summary: {
        state: 'fail',
        slotsAssigned: 16384,
        slotsOk: 10923,
        slotsPfail: 0,
        slotsFail: 5461,
        knownNodes: 3,
        size: 3
      }
    })
    expect(run('cluster-shards--master-killed--redis7.0.txt')).toMatchObject({
      kind: 'redis.cluster-shards',
      summary: { shards: 3, nodes: 3, unhealthyNodes: 1, shardsWithoutSlots: 0 }
    })
    expect(run('cluster-shards--healthy--redis7.0.resp')).toMatchObject({
      kind: 'redis.cluster-shards',
      summary: { shards: 3, nodes: 3, unhealthyNodes: 0, shardsWithoutSlots: 0 },
      findings: []
    })
  })
  it('an error reply is SERVER_ERROR with the server text', () => {
    expect(run('unknown-command--standalone--redis7.0.txt').error).toEqual({
      code: 'SERVER_ERROR',
      message: "ERR unknown subcommand 'nosuch'. Try SLOWLOG HELP.",
      line: 1
    })
  })
})

describe('dangerousReason', () => {
  const entry = (...args: string[]) => ({
    id: 1,
    timestamp: 1,
    durationUs: 20_000,
    args,
    command: (args[0] ?? '').toUpperCase(),
    moreArguments: 0,
    cutArgs: 0,
    clientAddress: null,
    clientName: null
  })
  it('reads the arguments that decide it in any case', () => {
    expect(dangerousReason(entry('flushall', 'async'))).toBeNull()
    expect(dangerousReason(entry('flushall'))).toMatch(/without ASYNC/)
    expect(dangerousReason(entry('lrange', 'k', '0', '-1'))).toMatch(/0 -1 returns the whole/)
    expect(dangerousReason(entry('lrange', 'k', '0', '10'))).toBeNull()
    expect(dangerousReason(entry('debug', 'sleep', '1'))).toMatch(/DEBUG SLEEP/)
    expect(dangerousReason(entry('debug', 'object', 'k'))).toBeNull()
    expect(dangerousReason(entry('get', 'k'))).toBeNull()
  })
})
