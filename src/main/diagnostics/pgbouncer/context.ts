/** What every PgBouncer rule shares: its context (the console's address) and how it names a pool. */
import type { FindingSubject, SubjectKind } from '../../../shared/findings'
import { defineRule } from '../pipeline/engine-diagnostics'
import type { PgBouncerPool } from '../../../shared/records/pgbouncer'
import { ADMIN_DATABASE, type PgBouncerRecords } from './records'

export interface PgBouncerContext {
  /** host:port of the admin console (the PgBouncer itself). */
  node?: string
}

export const pgbouncerRule = defineRule<PgBouncerRecords, PgBouncerContext>()

/** A pool is one database/user pair (PgBouncer's own unit), written as SHOW POOLS lists it. */
export const poolName = (pool: Pick<PgBouncerPool, 'database' | 'user'>): string =>
  `${pool.database}/${pool.user}`

export const subjectOn = (kind: SubjectKind, name: string, context: PgBouncerContext): FindingSubject =>
  context.node === undefined ? { kind, name } : { kind, name, node: context.node }

/** The pools of the workload: the admin console's own pseudo-database is dbconsole itself. */
export const workloadPools = (pools: readonly PgBouncerPool[]): PgBouncerPool[] =>
  pools.filter((p) => p.database !== ADMIN_DATABASE)
