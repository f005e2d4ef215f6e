/**
 * `CLIENT LIST` (2.4+): one line per connection of `field=value` pairs separated by spaces (networking.c
 * catClientInfoString; `name` and `lib-name` cannot hold spaces, CLIENT SETNAME refuses them). Checked
 * against Redis 7.0.15. Every line has an `id` (2.8.12+); one without is not a whole CLIENT LIST line.
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'

/** One CLIENT LIST line -> its fields, as the server wrote them. */
export const parseClientLine = (line: string): Record<string, string> =>
  Object.fromEntries(
    line
      .trim()
      .split(' ')
      .map((pair) => {
        const eq = pair.indexOf('=')
        return eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)]
      })
  )

export const parseClientList = (text: string): ParseResult<Record<string, string>[]> => {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  const out: Record<string, string>[] = []
  for (const [i, line] of lines.entries()) {
    const fields = parseClientLine(line)
    if (!/^\d+$/.test(fields.id ?? ''))
      return parseFailure('MALFORMED', `CLIENT LIST line ${i + 1} has no numeric id=.`, i + 1)
    out.push(fields)
  }
  return parsed(out)
}

/** Replication links (a replica, or the link to the master) are never offered for CLIENT KILL. */
export const isReplicationLink = (flags: string): boolean => /[SM]/.test(flags)
