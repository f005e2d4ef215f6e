/** Every Redis parser, fed random and damaged input: never throws, always a well-formed ParseResult. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ParseResult } from '../parse-result'
import { parseClusterInfo } from './parse-cluster-info'
import { parseClusterNodes } from './parse-cluster-nodes'
import { parseClusterShards } from './parse-cluster-shards'
import { parseInfo } from './parse-info'
import { parseLatencyDoctor, parseLatencyHistory, parseLatencyLatest } from './parse-latency'
import { parseMemoryDoctor, parseMemoryStats } from './parse-memory'
import { parseSlowlog } from './parse-slowlog'
import { parseCliReply, parseResp } from './reply'

const dir = join(import.meta.dirname, 'fixtures')
const fixtures = readdirSync(dir)
  .filter((f) => f !== 'README.md')
  .map((f) => readFileSync(join(dir, f), 'utf8'))

const CODES = ['UNRECOGNIZED', 'MALFORMED', 'TRUNCATED', 'SERVER_ERROR', 'TOO_LARGE']

/** Real output cut at a random point, with a random slice replaced, or pure noise in RESP/cli alphabets. */
const input = fc.oneof(
  fc.tuple(fc.constantFrom(...fixtures), fc.nat()).map(([f, n]) => f.slice(0, n % (f.length + 1))),
  fc
    .tuple(fc.constantFrom(...fixtures), fc.nat(), fc.nat(40), fc.string({ maxLength: 12 }))
    .map(([f, at, len, s]) => {
      const i = at % (f.length + 1)
      return f.slice(0, i) + s + f.slice(i + len)
    }),
  fc.string({
    unit: fc.constantFrom(
      '*',
      '$',
      ':',
      '+',
      '-',
      '1',
      '2',
      '0',
      '\r',
      '\n',
      ')',
      '(',
      '"',
      ' ',
      'a',
      '#',
      ',',
      '@',
      '\\'
    ),
    maxLength: 80
  }),
  fc.string({ maxLength: 200 })
)

const parsers: [string, (t: string) => ParseResult<unknown>][] = [
  ['parseInfo', parseInfo],
  ['parseSlowlog', parseSlowlog],
  ['parseClusterNodes', parseClusterNodes],
  ['parseClusterInfo', parseClusterInfo],
  ['parseClusterShards', parseClusterShards],
  ['parseLatencyLatest', parseLatencyLatest],
  ['parseLatencyHistory', parseLatencyHistory],
  ['parseLatencyDoctor', parseLatencyDoctor],
  ['parseMemoryStats', parseMemoryStats],
  ['parseMemoryDoctor', parseMemoryDoctor],
  ['parseCliReply', parseCliReply],
  ['parseResp', parseResp]
]

describe('redis parsers never throw (fast-check, seed 20240611, 1000 runs each = 12000)', () => {
  for (const [name, parse] of parsers) {
    it(name, () => {
      fc.assert(
        fc.property(input, (text) => {
          const r = parse(text)
          if (r.ok)
            return (
              r.value !== undefined &&
              !(
                typeof r.value === 'object' &&
                r.value !== null &&
                !Array.isArray(r.value) &&
                Object.keys(r.value).length === 0
              )
            )
          return (
            CODES.includes(r.code) &&
            typeof r.message === 'string' &&
            r.message.length > 0 &&
            (r.line === null || (Number.isInteger(r.line) && r.line >= 1))
          )
        }),
        { seed: 20240611, numRuns: 1000 }
      )
      expect(true).toBe(true)
    })
  }
})
