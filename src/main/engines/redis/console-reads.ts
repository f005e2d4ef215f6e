/**
 * Size-aware console reads. Redis runs one command at a time, so `HGETALL` of a 5 M-field hash blocks
 * every client for seconds, and `GET` of a 200 MB string lands whole in our memory before any cap. Each
 * read that can be O(N) or unbounded first asks the key's size with an O(1) command (HLEN, SCARD, LLEN,
 * ZCARD, STRLEN, HSTRLEN), then is sent bounded to what the console can show, or refused with the size
 * and the bounded command to use instead.
 */
import { AppFailure } from '../../../shared/errors'

export interface ConsoleReadLimits {
  /** Rows the console shows; a bounded read asks for one more, to know there was more. */
  maxRows: number
  /** The longest single value read whole; longer strings are read up to this many bytes. */
  maxValueBytes: number
}

export interface ConsoleReadPlan {
  argv: string[]
  /** Set when the value was read only up to this many bytes of `fullBytes`. */
  cut?: { limit: number; fullBytes: number }
}

/** An O(1) read on the same connection (routed by key in a cluster). */
export type SizeProbe = (command: string, ...args: string[]) => Promise<unknown>

const upper = (word: string | undefined): string => (word ?? '').toUpperCase()

const refuse = (what: string, size: number, unit: string, instead: string): never => {
  throw new AppFailure(
    'REFUSED',
    `${what} holds ${size.toLocaleString('en-US')} ${unit}: reading it whole would block the server and everyone on it. Use ${instead}.`
  )
}

/** Redis list/zset index ranges: negatives count from the end; returns [start, stop] within 0..n-1. */
const resolveRange = (start: number, stop: number, n: number): [number, number] => {
  const from = Math.max(start < 0 ? n + start : start, 0)
  const to = Math.min(stop < 0 ? n + stop : stop, n - 1)
  return [from, to]
}

const integerArg = (argv: readonly string[], at: number): number => {
  const text = argv[at] ?? ''
  if (!/^-?\d+$/.test(text))
    throw new AppFailure(
      'INVALID_INPUT',
      `${upper(argv[0])} needs a whole number at argument ${at} (got "${text}").`
    )
  return Number(text)
}

/** LRANGE/ZRANGE by index: fetch at most maxRows + 1 elements of the requested range. */
const clampIndexRange = async (
  argv: string[],
  cardinality: string,
  limits: ConsoleReadLimits,
  probe: SizeProbe
): Promise<ConsoleReadPlan> => {
  const key = argv[1] ?? ''
  const n = Number(await probe(cardinality, key))
  const [from, to] = resolveRange(integerArg(argv, 2), integerArg(argv, 3), n)
  if (to - from + 1 <= limits.maxRows + 1) return { argv }
  return { argv: [argv[0] ?? '', key, String(from), String(from + limits.maxRows), ...argv.slice(4)] }
}

const planZrange = async (
  argv: string[],
  limits: ConsoleReadLimits,
  probe: SizeProbe
): Promise<ConsoleReadPlan> => {
  const options = argv.slice(4).map(upper)
  if (!options.includes('BYSCORE') && !options.includes('BYLEX'))
    return clampIndexRange(argv, 'ZCARD', limits, probe)
  const limitAt = options.indexOf('LIMIT')
  const count = limitAt === -1 ? -1 : Number(options[limitAt + 2])
  if (count >= 0 && count <= limits.maxRows + 1) return { argv }
  const n = Number(await probe('ZCARD', argv[1] ?? ''))
  if (n <= limits.maxRows) return { argv }
  return refuse(`The sorted set ${argv[1] ?? ''}`, n, 'members', `LIMIT 0 ${limits.maxRows} on the range`)
}

const planWholeCollection = async (
  argv: string[],
  cardinality: string,
  unit: string,
  scan: string,
  limits: ConsoleReadLimits,
  probe: SizeProbe
): Promise<ConsoleReadPlan> => {
  const key = argv[1] ?? ''
  const n = Number(await probe(cardinality, key))
  if (n > limits.maxRows) refuse(`The key ${key}`, n, unit, `${scan} ${key} 0 COUNT 1000`)
  return { argv }
}

const planGet = async (
  argv: string[],
  limits: ConsoleReadLimits,
  probe: SizeProbe
): Promise<ConsoleReadPlan> => {
  const key = argv[1] ?? ''
  const fullBytes = Number(await probe('STRLEN', key))
  if (fullBytes <= limits.maxValueBytes) return { argv }
  return {
    argv: ['GETRANGE', key, '0', String(limits.maxValueBytes - 1)],
    cut: { limit: limits.maxValueBytes, fullBytes }
  }
}

const planGetrange = async (
  argv: string[],
  limits: ConsoleReadLimits,
  probe: SizeProbe
): Promise<ConsoleReadPlan> => {
  const key = argv[1] ?? ''
  const fullBytes = Number(await probe('STRLEN', key))
  const [from, to] = resolveRange(integerArg(argv, 2), integerArg(argv, 3), fullBytes)
  if (to - from + 1 <= limits.maxValueBytes) return { argv }
  return {
    argv: ['GETRANGE', key, String(from), String(from + limits.maxValueBytes - 1)],
    cut: { limit: limits.maxValueBytes, fullBytes: to - from + 1 }
  }
}

/** Values that cannot be read in part (hash fields, several keys) must fit whole. */
const planValues = async (
  argv: string[],
  sizes: Promise<unknown>[],
  what: string,
  limits: ConsoleReadLimits
): Promise<ConsoleReadPlan> => {
  if (sizes.length > limits.maxRows + 1)
    throw new AppFailure(
      'REFUSED',
      `${upper(argv[0])} of ${sizes.length} names is more than the console shows.`
    )
  const total = (await Promise.all(sizes)).reduce<number>((sum, s) => sum + Number(s), 0)
  if (total > limits.maxValueBytes)
    refuse(what, total, 'bytes', `GETRANGE on strings, or read fewer values at a time`)
  return { argv }
}

export const planConsoleRead = async (
  argv: string[],
  limits: ConsoleReadLimits,
  probe: SizeProbe
): Promise<ConsoleReadPlan> => {
  const key = argv[1] ?? ''
  switch (upper(argv[0])) {
    case 'HGETALL':
    case 'HKEYS':
    case 'HVALS':
      return planWholeCollection(argv, 'HLEN', 'fields', 'HSCAN', limits, probe)
    case 'SMEMBERS':
      return planWholeCollection(argv, 'SCARD', 'members', 'SSCAN', limits, probe)
    case 'LRANGE':
      return clampIndexRange(argv, 'LLEN', limits, probe)
    case 'ZRANGE':
      return planZrange(argv, limits, probe)
    case 'XRANGE':
    case 'XREVRANGE': {
      const countAt = argv.findIndex((a, i) => i >= 4 && upper(a) === 'COUNT')
      const count = countAt === -1 ? Infinity : Number(argv[countAt + 1])
      if (count <= limits.maxRows + 1) return { argv }
      const bounded = countAt === -1 ? argv : argv.filter((_, i) => i !== countAt && i !== countAt + 1)
      return { argv: [...bounded, 'COUNT', String(limits.maxRows + 1)] }
    }
    case 'XINFO': {
      // XINFO STREAM key FULL COUNT 0 lists every entry and every pending message.
      const countAt = argv.findIndex((a, i) => i >= 3 && upper(a) === 'COUNT')
      const count = countAt === -1 ? 10 : Number(argv[countAt + 1])
      if (upper(argv[3]) === 'FULL' && !(count >= 1 && count <= limits.maxRows))
        throw new AppFailure(
          'REFUSED',
          `XINFO STREAM FULL needs a COUNT from 1 to ${limits.maxRows.toLocaleString('en-US')} (COUNT 0 reads the whole stream).`
        )
      return { argv }
    }
    case 'GET':
      return planGet(argv, limits, probe)
    case 'GETRANGE':
      return planGetrange(argv, limits, probe)
    case 'HGET':
    case 'HMGET':
      return planValues(
        argv,
        argv.slice(2).map((field) => probe('HSTRLEN', key, field)),
        `The fields asked of ${key}`,
        limits
      )
    case 'MGET':
      return planValues(
        argv,
        argv.slice(1).map((k) => probe('STRLEN', k).catch(() => 0)),
        'The keys asked',
        limits
      )
    default:
      return { argv }
  }
}
