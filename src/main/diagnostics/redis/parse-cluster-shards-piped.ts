/**
 * `redis-cli cluster shards` written to a pipe or a file (redis-cli's raw print when stdout is not a
 * terminal): every value on its own line, no indexes, no quotes. Read back by its fixed shape: a shard is
 * `slots`, an even run of slot bounds, `nodes`, then per node field/value lines starting at `id` (an empty
 * value, e.g. a blank hostname, is an empty line). Checked against Redis 7.0.15
 * (fixtures/cluster-shards--piped-raw--*).
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import type { RedisReply } from './reply'

/** Cheap recognition: `slots` on the first line, then a slot bound or `nodes`. */
export const looksPipedClusterShards = (head: string): boolean =>
  /^slots\r?\n(?:\d+\r?\n\d+|nodes)\r?\n/.test(head.trimStart())

/** Field names CLUSTER SHARDS writes for a node (7.0-7.4): a value line follows each. */
const NODE_KEYS = new Set([
  'id',
  'port',
  'tls-port',
  'ip',
  'endpoint',
  'hostname',
  'role',
  'replication-offset',
  'health'
])
const INTEGER_VALUES = new Set(['port', 'tls-port', 'replication-offset'])

/** What `health` can say (7.0-7.4): anything else on a last line without its line end is cut. */
const HEALTH = new Set(['online', 'failed', 'loading'])

/**
 * The piped print -> the reply tree CLUSTER SHARDS returns, for parseClusterShards to read. redis-cli ends
 * every value with a line end; when the copy's last line has none, a failure on that line, or a health
 * value that is not one, means the copy was cut inside it.
 */
export const parsePipedClusterShards = (body: string): ParseResult<RedisReply> => {
  const read = readPipedClusterShards(body)
  if (/\n[ \t]*$/.test(body)) return read
  // Numbered as readPipedClusterShards numbers them: from the first non-blank line.
  const lines = body.trim().replace(/\r\n/g, '\n').split('\n')
  const last = lines.length
  if (!read.ok) {
    if (read.code !== 'MALFORMED' || (read.line ?? 0) < last) return read
    return parseFailure(
      'TRUNCATED',
      `Line ${last} has no line end and does not read: the copy was cut off.`,
      last
    )
  }
  const value = (lines[last - 1] ?? '').trim()
  if (lines[last - 2]?.trim() === 'health' && !HEALTH.has(value))
    return parseFailure(
      'TRUNCATED',
      `Line ${last}: health "${value}" is cut (no line end): the copy was cut off.`,
      last
    )
  return read
}

const readPipedClusterShards = (body: string): ParseResult<RedisReply> => {
  const lines = body.trimStart().replace(/\r\n/g, '\n').split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  const shards: RedisReply[] = []
  let i = 0
  const cut = (why: string): ParseResult<RedisReply> =>
    parseFailure('TRUNCATED', `Line ${i + 1}: ${why}: the copy was cut off.`, i + 1)
  while (i < lines.length) {
    if (lines[i] !== 'slots')
      return parseFailure('MALFORMED', `Line ${i + 1} should open a shard with "slots".`, i + 1)
    i++
    const slots: number[] = []
    while (i < lines.length && /^\d+$/.test(lines[i] ?? '')) slots.push(Number(lines[i++]))
    if (i === lines.length) return cut('the shard stops before its "nodes"')
    if (lines[i] !== 'nodes' || slots.length % 2 !== 0)
      return parseFailure('MALFORMED', `Line ${i + 1}: slot bounds come in pairs, then "nodes".`, i + 1)
    i++
    const nodes: RedisReply[] = []
    while (i < lines.length && lines[i] !== 'slots') {
      if (lines[i] !== 'id')
        return parseFailure('MALFORMED', `Line ${i + 1} should open a node with "id".`, i + 1)
      const node: RedisReply[] = []
      do {
        const key = lines[i] ?? ''
        if (i + 1 >= lines.length) return cut(`field "${key}" has no value`)
        const value = lines[i + 1] ?? ''
        node.push(key, INTEGER_VALUES.has(key) && /^-?\d+$/.test(value) ? Number(value) : value)
        i += 2
      } while (i < lines.length && NODE_KEYS.has(lines[i] ?? '') && lines[i] !== 'id')
      nodes.push(node)
    }
    shards.push(['slots', slots, 'nodes', nodes])
  }
  return parsed(shards)
}
