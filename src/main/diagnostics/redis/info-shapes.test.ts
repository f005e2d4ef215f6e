// INFO from Redis-compatible servers, every keyspace line format, RESP3 replies, and fragmentation judged
// on one cluster node (issue 17). Fixtures: recorded from Redis 7.0.15, or hand-made (fixtures/README.md).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeText } from '../analyze'
import { keyspace, parseInfo } from './parse-info'

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')
const run = (text: string) => analyzeText(text, { input: '-' })
const info = (text: string) => {
  const r = parseInfo(text)
  if (!r.ok) throw new Error(r.message)
  return r.value
}

describe('INFO of Redis-compatible servers', () => {
  it('Dragonfly (RESP bulk string): its sections, avg_ttl -1, the ratio computed from RSS and used', () => {
    const r = run(fixture('info--hand-made-dragonfly--dragonfly1.21.resp'))
    expect([r.ok, r.kind]).toEqual([true, 'redis.info'])
    expect(r.summary).toMatchObject({
      server: 'dragonfly',
      version: '7.4.0',
      role: 'master',
      usedMemoryBytes: 2147483648,
      fragmentationRatio: null,
      keyspace: { db0: 1800000 },
      keysWithExpiry: 240000
    })
    const frag = r.findings.find((f) => f.rule === 'redis.fragmentation')
    expect(frag?.evidence.fragmentationRatio).toBeCloseTo(1.6, 2)
    expect(frag?.detail).toContain('Dragonfly has no activedefrag setting')
    expect(frag?.detail).not.toContain('CONFIG SET activedefrag')
  })

  it('KeyDB: active-replica is judged as a replica and as a master, cached_keys read', () => {
    const text = fixture('info-everything--hand-made-keydb--keydb6.3.txt')
    const r = run(text)
    expect(r.summary).toMatchObject({
      server: 'keydb',
      role: 'active-replica',
      keyspace: { db0: 412000, db2: 120 },
      keysWithExpiry: 12000
    })
    expect(r.findings.filter((f) => f.rule === 'redis.replication')).toEqual([])
    const down = run(text.replace('master_link_status:up', 'master_link_status:down'))
    expect(down.findings.find((f) => f.rule === 'redis.replication')).toMatchObject({
      severity: 'critical',
      title: 'Replication link to 10.0.0.12:6379 is down'
    })
    const lagging = run(
      text.replace(
        'slave0:ip=10.0.0.12,port=6379,state=online',
        'slave0:ip=10.0.0.12,port=6379,state=wait_bgsave'
      )
    )
    expect(lagging.findings.find((f) => f.rule === 'redis.replication')?.title).toBe(
      'Replica 10.0.0.12:6379 is wait_bgsave'
    )
  })

  it('Pika: # Replication(MASTER), # Time remarks and per-type keyspace lines summed per database', () => {
    const r = run(fixture('info--hand-made-pika--pika3.4.txt'))
    expect([r.ok, r.kind]).toEqual([true, 'redis.info'])
    expect(r.summary).toMatchObject({
      server: 'pika',
      version: '3.4.1',
      role: 'master',
      sections: ['server', 'data', 'clients', 'stats', 'cpu', 'replication', 'keyspace'],
      keyspace: { db0: 12824600 },
      keysWithExpiry: 400100,
      connectedReplicas: 1
    })
    const v = info(fixture('info--hand-made-pika--pika3.4.txt'))
    expect(v.fields.db0).toBe('keys=12824600,expires=400100,invalid_keys=1200')
    expect(v.fields['db0.binlog_offset']).toBe('binlog_offset=1201 4412004,safety_purge=write2file1191')
    // Its replica lines carry no state: nothing to flag; no RSS field: no fragmentation verdict either way.
    expect(r.findings.map((f) => f.rule)).not.toContain('redis.replication')
    expect(r.findings.map((f) => f.rule)).not.toContain('redis.fragmentation')
  })

  it('a Pika keyspace cut inside its last line is TRUNCATED', () => {
    const text = fixture('info--hand-made-pika--pika3.4.txt')
    const cut = text.slice(0, text.lastIndexOf('invalid_keys=0') + 'invalid_'.length)
    expect(parseInfo(cut)).toMatchObject({ ok: false, code: 'TRUNCATED' })
  })
})

describe('keyspace lines of every version', () => {
  it.each([
    ['2.4 (no avg_ttl)', 'db0:keys=10,expires=2', { keys: 10, expires: 2 }],
    ['2.6-7.2', 'db0:keys=10,expires=2,avg_ttl=5000', { keys: 10, expires: 2 }],
    ['7.4+ (subexpiry)', 'db0:keys=10,expires=2,avg_ttl=5000,subexpiry=1', { keys: 10, expires: 2 }],
    ['Dragonfly (avg_ttl -1)', 'db0:keys=10,expires=2,avg_ttl=-1', { keys: 10, expires: 2 }]
  ])('%s: %s is read whole as the last line of # Keyspace', (_v, line, expected) => {
    const text = `# Server\nredis_version:7.4.1\n\n# Keyspace\n${line}\ndb3:${line.slice(4)}\n`
    const v = info(text)
    expect(keyspace(v)).toEqual({ db0: expected, db3: expected })
    expect(run(text).summary).toMatchObject({ keyspace: { db0: 10, db3: 10 }, keys: 20, keysWithExpiry: 4 })
  })

  it('a 7.4 line that lost its subexpiry beside one that has it is TRUNCATED', () => {
    const text =
      '# Keyspace\ndb0:keys=10,expires=2,avg_ttl=5000,subexpiry=1\ndb3:keys=1,expires=0,avg_ttl=0\n'
    expect(parseInfo(text)).toMatchObject({ ok: false, code: 'TRUNCATED' })
  })
})

describe('RESP3 verbatim INFO (recorded after HELLO 3)', () => {
  const text = fixture('info-memory--resp3-verbatim--redis7.0.resp')

  it('reads as the same fields as the text inside it', () => {
    const v = info(text)
    expect(v.sections).toEqual(['memory'])
    const inner = text.slice(text.indexOf('txt:') + 4)
    expect(v.fields).toEqual(info(inner).fields)
    expect(run(text).kind).toBe('redis.info')
  })

  it('cut before its announced length is TRUNCATED', () => {
    expect(parseInfo(text.slice(0, 600))).toMatchObject({ ok: false, code: 'TRUNCATED' })
  })
})

describe('fragmentation on an INFO from one node of a cluster', () => {
  // The recorded cluster master, its RSS raised to 1.5 GB over 600 MB of data.
  const fragmented = fixture('info-everything--cluster-master--redis7.0.txt')
    .replace(/^used_memory:\d+/m, 'used_memory:629145600')
    .replace(/^used_memory_rss:\d+/m, 'used_memory_rss:1610612736')
    .replace(/^mem_fragmentation_ratio:[\d.]+/m, 'mem_fragmentation_ratio:2.56')
    .replace(/^mem_fragmentation_bytes:\d+/m, 'mem_fragmentation_bytes:981467136')

  it('says it is that node’s view and is about that node', () => {
    const f = run(fragmented).findings.find((x) => x.rule === 'redis.fragmentation')
    expect(f?.title).toBe('Memory fragmentation 2.56 on the node on port 47001: 936.0 MB of RSS is not data')
    expect(f?.detail).toContain('This INFO comes from one node of a cluster (the node on port 47001)')
    expect(f?.detail).toContain("the ratio is that node's own")
    expect(f?.subject).toEqual({ kind: 'node', name: 'the node on port 47001' })
    expect(f?.evidence).toMatchObject({ scope: 'one cluster node', fragmentationRatio: 2.56 })
  })

  it('a standalone INFO with the same numbers does not speak of a cluster', () => {
    const standalone = fragmented
      .replace('redis_mode:cluster', 'redis_mode:standalone')
      .replace('cluster_enabled:1', 'cluster_enabled:0')
    const f = run(standalone).findings.find((x) => x.rule === 'redis.fragmentation')
    expect(f?.title).toBe('Memory fragmentation 2.56: 936.0 MB of RSS is not data')
    expect(f?.detail).not.toContain('cluster')
    expect(f?.subject).toBeUndefined()
    expect(f?.evidence.scope).toBeUndefined()
  })
})

describe('the end of a Redis-compatible server INFO, which dbconsole cannot check by field order', () => {
  const cutNote = (text: string) =>
    analyzeText(text, { input: 'x' }).findings.filter((f) => f.rule === 'redis.truncated')

  it('says so when a Pika or KeyDB copy stops before # Keyspace or inside a line, and not for the whole copy', () => {
    for (const name of [
      'info--hand-made-pika--pika3.4.txt',
      'info-everything--hand-made-keydb--keydb6.3.txt'
    ]) {
      const text = fixture(name)
      expect(cutNote(text), name).toEqual([])
      const beforeKeyspace = text.slice(0, text.indexOf('# Keyspace'))
      // One note, whoever says it (the generic "INFO stops after" when the copy opens with # Server).
      expect(cutNote(beforeKeyspace), name).toHaveLength(1)
      expect(cutNote(beforeKeyspace.slice(0, beforeKeyspace.indexOf('\n# ', 3))), name).toHaveLength(1)
      // Cut inside its last line: refused as cut, or read with the note; never taken as whole.
      const inLastLine = analyzeText(text.trimEnd().slice(0, -2), { input: name })
      expect(inLastLine.ok ? cutNote(text.trimEnd().slice(0, -2)).length : inLastLine.error?.code, name).toBe(
        inLastLine.ok ? 1 : 'TRUNCATED'
      )
    }
  })

  it('leaves Redis to its own check: its section ends are known', () => {
    const text = fixture('info-everything--standalone--redis7.0.txt')
    const titles = cutNote(text.slice(0, text.indexOf('# Keyspace'))).map((f) => f.title)
    expect(titles.some((t) => /^INFO stops after # /.test(t))).toBe(true)
    expect(titles.some((t) => /cannot be checked/.test(t))).toBe(false)
  })
})
