/**
 * The records a check hands to the views, by topic: each topic's row type, declared once. Main's collectors
 * are typed by this map (a check cannot send a topic in another shape) and the renderer reads rows through
 * it, so a page never re-types a record by hand. Topic names are unique across engines.
 */
import type { MongoTopics } from './records/mongo'
import type { PgBouncerTopics } from './records/pgbouncer'
import type { PgTopics } from './records/postgres'
import type { RedisTopics } from './records/redis'

export type Topics = PgTopics & PgBouncerTopics & RedisTopics & MongoTopics
export type TopicName = keyof Topics

/** What JSON makes of a record on its way to the renderer: a Date arrives as its ISO string. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T

/** A topic's rows as the renderer receives them. */
export type TopicRow<K extends TopicName> = Wire<Topics[K]>
