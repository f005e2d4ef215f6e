/**
 * The keyspace rules on INFO captured from a Redis 7.0 with a volatile-lru policy, keys mostly without a
 * TTL, two databases and 1,200 cached scripts (scripts/record-fixtures/redis.ts, "volatile-no-ttl"),
 * pasted as a user would; thresholds pinned by editing single fields of that real output.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeText } from '../analyze'

const real = readFileSync(
  join(import.meta.dirname, 'fixtures', 'info-everything--volatile-no-ttl--redis7.0.txt'),
  'utf8'
)
const clean = readFileSync(
  join(import.meta.dirname, 'fixtures', 'info-everything--standalone--redis7.0.txt'),
  'utf8'
)

const KEYSPACE_RULES = [
  'redis.volatile-without-ttl',
  'redis.multiple-databases',
  'redis.many-small-keys',
  'redis.cached-scripts'
]
const judged = (text: string): [string, string][] =>
  analyzeText(text, { input: 'info' })
    .findings.filter((f) => KEYSPACE_RULES.includes(f.rule))
    .map((f) => [f.rule, f.severity])
const withField = (text: string, field: string, value: string): string =>
  text.replace(new RegExp(`^${field}:.*$`, 'm'), `${field}:${value}\r`)

describe('keyspace rules', () => {
  it('on the recorded server: little to evict, two databases, too many cached scripts', () => {
    expect(judged(real).sort()).toEqual([
      ['redis.cached-scripts', 'warning'],
      ['redis.multiple-databases', 'info'],
      ['redis.volatile-without-ttl', 'warning']
    ])
    const [volatile] = analyzeText(real, { input: 'info' }).findings.filter(
      (f) => f.rule === 'redis.volatile-without-ttl'
    )
    expect(volatile?.evidence).toMatchObject({ policy: 'volatile-lru', keys: 1020, keysWithTtl: 100 })
  })

  it('says nothing on a clean instance', () => {
    expect(judged(clean)).toEqual([])
  })

  it('the volatile rule: quiet from 10 % with a TTL, with noeviction or without maxmemory; critical when nothing can be evicted and memory is full', () => {
    const rule = (text: string) => judged(text).filter(([r]) => r === 'redis.volatile-without-ttl')
    expect(rule(withField(real, 'db0', 'keys=1000,expires=102,avg_ttl=1'))).toEqual([])
    expect(rule(withField(real, 'maxmemory_policy', 'noeviction'))).toEqual([])
    expect(rule(withField(real, 'maxmemory', '0'))).toEqual([])
    const noTtl = withField(real, 'db0', 'keys=1000,expires=0,avg_ttl=0')
    expect(rule(noTtl)).toEqual([['redis.volatile-without-ttl', 'warning']])
    expect(rule(withField(noTtl, 'used_memory', String(61 * 1024 * 1024)))).toEqual([
      ['redis.volatile-without-ttl', 'critical']
    ])
  })

  it('many keys from 1,000,001; scripts from 1,001', () => {
    expect(judged(withField(real, 'db0', 'keys=1000001,expires=900000,avg_ttl=1'))).toContainEqual([
      'redis.many-small-keys',
      'info'
    ])
    expect(judged(withField(real, 'db0', 'keys=999980,expires=900000,avg_ttl=1'))).not.toContainEqual([
      'redis.many-small-keys',
      'info'
    ])
    expect(judged(withField(real, 'number_of_cached_scripts', '1000'))).not.toContainEqual([
      'redis.cached-scripts',
      'warning'
    ])
  })
})
