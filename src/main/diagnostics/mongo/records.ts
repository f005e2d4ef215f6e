/**
 * What the Mongo rules read: the typed records of each probe (diagnostics.ts), by probe id, and what they
 * know about the node. Live checks and pasted output fill the same records through the same parsers.
 */
import { defineRule } from '../pipeline/engine-diagnostics'
import type { ParsedExplain } from './parse-explain'
import type { CurrentOp, IndexUsage, ProfileEntry } from '../../../shared/records/mongo'
import type { ReplSetStatus, ServerStatus } from './parse-records'

/** system.profile as read: the entries, and (live only) which databases have the profiler on. */
export interface ProfileSample {
  entries: ProfileEntry[]
  /** Databases looked at and those profiled; null for pasted entries (not known). */
  databases: number | null
  profiledDatabases: string[] | null
}

/** $indexStats as read: the indexes, and (live only) how many collections the bounded check covered. */
export interface IndexStatsSample {
  indexes: IndexUsage[]
  checkedCollections: number | null
  totalCollections: number | null
}

export interface MongoRecords {
  serverStatus: ServerStatus
  replSetStatus: ReplSetStatus
  currentOp: CurrentOp[]
  profile: ProfileSample
  indexStats: IndexStatsSample
  explain: ParsedExplain
}

export type MongoProbeId = keyof MongoRecords

export interface MongoContext {
  /** host:port of the node the records come from; null for pasted output. */
  node: string | null
  /** The replica set the node belongs to (hello.setName), null on a standalone or for pasted output. */
  setName: string | null
  /** The check's clock, for counter ages; null for pasted output (age unknown). */
  now: Date | null
}

export const PASTED: MongoContext = { node: null, setName: null, now: null }

export const mongoRule = defineRule<MongoRecords, MongoContext>()
