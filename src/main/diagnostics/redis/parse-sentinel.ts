/**
 * SENTINEL replies (Redis 7.0 sentinel, RESP2): MASTERS/REPLICAS/SENTINELS answer an array of flat
 * [field, value, ...] arrays; GET-MASTER-ADDR-BY-NAME answers [ip, port] or nil.
 */
export type SentinelRecord = Record<string, string>

/** One flat [field, value, ...] array as a record; anything else is null. */
export const sentinelRecord = (reply: unknown): SentinelRecord | null => {
  if (!Array.isArray(reply) || reply.length % 2 !== 0) return null
  const out: SentinelRecord = {}
  for (let i = 0; i < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1])
  return out
}

export const sentinelTable = (reply: unknown): SentinelRecord[] | null => {
  if (!Array.isArray(reply)) return null
  const rows = reply.map(sentinelRecord)
  return rows.every((r): r is SentinelRecord => r !== null) ? rows : null
}

/** `ip:port` from GET-MASTER-ADDR-BY-NAME, or null when the sentinel does not know the master. */
export const masterAddress = (reply: unknown): string | null =>
  Array.isArray(reply) && reply.length === 2 ? `${String(reply[0])}:${String(reply[1])}` : null
