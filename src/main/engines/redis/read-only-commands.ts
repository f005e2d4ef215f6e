/**
 * The only commands a diagnostics connection may send. An allow-list, not a deny-list: `KEYS`,
 * `MONITOR` and `DEBUG` (the classic self-inflicted outages, docs/reliability-and-safety.md D5) can
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
  COMMAND: ['COUNT', 'DOCS', 'INFO'],
  // DRYRUN only asks whether a user may run a command; it never runs it (the actions' permission check).
  ACL: ['WHOAMI', 'DRYRUN']
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
  HVALS: true,
  HLEN: true,
  HSTRLEN: true,
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

/** Where the cursor sits and which options each SCAN-family command takes after it. */
const SCAN_FAMILY: Record<string, { cursorAt: number; flags: readonly string[] }> = {
  SCAN: { cursorAt: 0, flags: [] },
  HSCAN: { cursorAt: 1, flags: ['NOVALUES'] },
  SSCAN: { cursorAt: 1, flags: [] },
  ZSCAN: { cursorAt: 1, flags: [] }
}
const SCAN_VALUED_OPTIONS = new Set(['MATCH', 'COUNT', 'TYPE'])

/**
 * Reads the options the way Redis does (pairwise, the last COUNT wins) and caps every COUNT, so
 * `SCAN 0 COUNT 10 COUNT 1000000` cannot hide a huge batch behind a small first one.
 */
const checkScanOptions = (name: string, args: readonly (string | number)[]): string | null => {
  const family = SCAN_FAMILY[name]
  if (!family) return null
  for (let i = family.cursorAt + 1; i < args.length; i++) {
    const option = String(args[i]).toUpperCase()
    if (family.flags.includes(option)) continue
    if (!SCAN_VALUED_OPTIONS.has(option) || (option === 'TYPE' && name !== 'SCAN'))
      return `${name} option ${option} is not accepted here`
    const value = args[++i]
    if (value === undefined) return `${name} ${option} needs a value`
    if (option === 'COUNT' && !(/^\d+$/.test(String(value)) && Number(value) <= SCAN_MAX_COUNT))
      return `every ${name} COUNT must be a whole number of at most ${SCAN_MAX_COUNT} (got ${String(value)})`
  }
  return null
}

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
  return checkScanOptions(name, args)
}

/** CONFIG parameters whose value is a credential: never shown, whoever asks. */
const SECRET_CONFIG = /^(requirepass|masterauth|tls-key-file-pass|tls-client-key-file-pass)$/i
export const REDACTED = '***'

/**
 * CONFIG GET answers name/value pairs (a flat array in RESP2, a map in RESP3); the values of secret
 * parameters are replaced before the reply leaves the engine.
 */
export const redactReply = (argv: readonly (string | number)[], reply: unknown): unknown => {
  if (String(argv[0]).toUpperCase() !== 'CONFIG' || String(argv[1]).toUpperCase() !== 'GET') return reply
  if (Array.isArray(reply))
    return reply.map((item, i) =>
      i % 2 === 1 && SECRET_CONFIG.test(String(reply[i - 1])) && item !== '' ? REDACTED : item
    )
  if (reply instanceof Map)
    return new Map([...reply].map(([k, v]) => [k, SECRET_CONFIG.test(String(k)) && v !== '' ? REDACTED : v]))
  return reply
}
