/**
 * The only commands a diagnostics connection may send. An allow-list, not a deny-list: `KEYS`,
 * `MONITOR` and `DEBUG` (the classic self-inflicted outages, notes/reliability-and-safety.md D5) can
 * never be sent from diagnostics, and neither can anything new a later Redis version adds.
 */
const ALLOWED: Record<string, true | readonly string[]> = {
  PING: true,
  INFO: true,
  ROLE: true,
  DBSIZE: true,
  TIME: true,
  SCAN: true,
  TYPE: true,
  TTL: true,
  PTTL: true,
  STRLEN: true,
  HLEN: true,
  LLEN: true,
  SCARD: true,
  ZCARD: true,
  XLEN: true,
  SLOWLOG: ['GET', 'LEN'],
  LATENCY: ['LATEST', 'HISTORY', 'DOCTOR'],
  MEMORY: ['USAGE', 'STATS', 'DOCTOR'],
  CLUSTER: ['NODES', 'INFO', 'SHARDS', 'SLOTS', 'MYID', 'COUNTKEYSINSLOT'],
  CONFIG: ['GET'],
  CLIENT: ['LIST', 'INFO', 'GETNAME', 'ID'],
  OBJECT: ['ENCODING', 'FREQ', 'IDLETIME'],
  COMMAND: ['COUNT', 'DOCS', 'INFO']
}

/**
 * Reads a person may run from the console on top of the diagnostics list: they return data the user
 * asked for by name, bounded by the console's row and byte caps.
 */
const CONSOLE_READS: Record<string, true | readonly string[]> = {
  GET: true,
  MGET: true,
  GETRANGE: true,
  EXISTS: true,
  HGET: true,
  HMGET: true,
  HGETALL: true,
  HKEYS: true,
  HEXISTS: true,
  HSCAN: true,
  LRANGE: true,
  LINDEX: true,
  SMEMBERS: true,
  SISMEMBER: true,
  SSCAN: true,
  ZRANGE: true,
  ZSCORE: true,
  ZSCAN: true,
  XRANGE: true,
  XREVRANGE: true,
  XINFO: ['STREAM', 'GROUPS', 'CONSUMERS'],
  PFCOUNT: true
}

export type CommandScope = 'diagnostics' | 'console'

export const SCAN_MAX_COUNT = 1000

export const checkReadOnlyCommand = (
  command: string,
  args: readonly (string | number)[],
  scope: CommandScope = 'diagnostics'
): string | null => {
  const name = command.toUpperCase()
  const rule = ALLOWED[name] ?? (scope === 'console' ? CONSOLE_READS[name] : undefined)
  if (rule === undefined) return `${name} is not allowed on a diagnostics connection`
  if (rule !== true) {
    const sub = String(args[0] ?? '').toUpperCase()
    if (!rule.includes(sub)) return `${name} ${sub} is not allowed on a diagnostics connection`
  }
  if (name === 'SCAN') {
    const countAt = args.findIndex((a) => String(a).toUpperCase() === 'COUNT')
    const count = countAt === -1 ? 10 : Number(args[countAt + 1])
    if (!Number.isFinite(count) || count > SCAN_MAX_COUNT)
      return `SCAN COUNT must be at most ${SCAN_MAX_COUNT}`
  }
  return null
}
