/**
 * A "Slow query" line's attr (MongoDB 4.4+ structured log, id 51803: type, ns, command, planSummary,
 * keysExamined, docsExamined, nreturned, durationMillis, queryHash, planCacheKey, appName, locks...)
 * read as the profiler entry it mirrors, so the log groups and judges shapes like system.profile.
 */
import type { MongoDoc, ProfileEntry } from '../../../shared/records/mongo'
import { asDoc, asNumber, asString, brief } from '../mongo/mongo-value'
import { profileEntryOf } from '../mongo/parse-records'

/** Session and cluster-time fields every command carries: noise in an example. */
const NOISE = new Set(['lsid', '$clusterTime', '$readPreference', 'signature'])

/** `type` is "command" for finds and aggregates: the command's name (its first key) is the op then. */
const opOf = (attr: MongoDoc): string | null => {
  const type = asString(attr.type)
  const command = asDoc(attr.command)
  if (type === 'command' && command) return Object.keys(command)[0] ?? type
  return type
}

export const slowOpEntry = (attr: MongoDoc): ProfileEntry | null =>
  profileEntryOf({ ...attr, op: opOf(attr), millis: asNumber(attr.durationMillis) })

/** The command as one line of text for the worst example, without the session noise. */
export const commandText = (attr: MongoDoc, max = 600): string => {
  const command = asDoc(attr.command)
  if (!command) return ''
  return brief(Object.fromEntries(Object.entries(command).filter(([k]) => !NOISE.has(k))), max)
}
