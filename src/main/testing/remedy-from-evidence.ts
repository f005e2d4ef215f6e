/**
 * The test oracle for the remedies the rules attach: the guarded action a finding's evidence calls for,
 * worked out independently of the rules (this was the renderer's mapping before findings carried their
 * remedy). Tests compare every rule's remedy on the real fixtures with it.
 */
import type { ActionId } from '../../shared/actions'
import type { Finding } from '../../shared/findings'

/** What a finding's evidence calls for, ready for `actions.prepare`. */
export interface ExpectedRemedy {
  action: ActionId
  target: Record<string, unknown>
  /** Button text: verb and object, e.g. "Terminate pid 4242". */
  label: string
}

const positiveInt = (value: unknown): number | null => {
  const n = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 2 ** 31 - 1 ? n : null
}

/** Identifier fields the PostgreSQL rules put in evidence (schema and name apart: names may hold dots). */
const identifier = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null

/** Mongo opids are numbers on a replica set and `shard:number` strings through mongos. */
const mongoOpid = (value: unknown): number | string | null => {
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value !== 'string') return null
  if (/^-?\d{1,15}$/.test(value)) return Number(value)
  return /^[\w.-]{1,100}:\d{1,12}$/.test(value) ? value : null
}

const terminate = (pid: number | null): ExpectedRemedy | null =>
  pid === null
    ? null
    : { action: 'postgres.terminateBackend', target: { pid }, label: `Terminate pid ${pid}` }

const cancel = (pid: number | null): ExpectedRemedy | null =>
  pid === null
    ? null
    : { action: 'postgres.cancelBackend', target: { pid }, label: `Cancel query of pid ${pid}` }

/** `schema.index` of an invalid index with no build running (acting on a build in progress would fight it). */
const invalidIndex = (finding: Finding): { schema: string; index: string } | null => {
  const schema = identifier(finding.evidence['schema'])
  const index = identifier(finding.evidence['index'])
  return finding.evidence['buildRunning'] === false && schema !== null && index !== null
    ? { schema, index }
    : null
}

const vacuum = (ev: Record<string, unknown>): ExpectedRemedy | null => {
  const schema = identifier(ev['schema'])
  const table = identifier(ev['table'])
  return schema === null || table === null
    ? null
    : { action: 'postgres.vacuum', target: { schema, table }, label: `VACUUM ${schema}.${table}` }
}

/** The guarded action a finding suggests, or null when it suggests none (or its evidence lacks the target). */
export const remedyFromEvidence = (finding: Finding): ExpectedRemedy | null => {
  const ev = finding.evidence
  switch (finding.rule) {
    case 'pg.blocking-lock':
      // The root of the chain: ending it releases every waiter behind it.
      return terminate(positiveInt(ev['blockerPid']))
    case 'pg.idle-in-transaction':
      return terminate(positiveInt(ev['pid']))
    case 'pg.long-running-query':
      // A statement is running: cancelling it keeps the session; terminating is the alternative.
      return cancel(positiveInt(ev['pid']))
    case 'pg.invalid-index': {
      const t = invalidIndex(finding)
      return t && { action: 'postgres.reindex', target: t, label: `REINDEX ${t.schema}.${t.index}` }
    }
    case 'pg.unused-index': {
      const schema = identifier(ev['schema'])
      const index = identifier(ev['index'])
      // Scanned on any node (a replica's reads): no drop.
      const scans = Array.isArray(ev['scansByNode']) ? (ev['scansByNode'] as { idxScan?: unknown }[]) : []
      const usedSomewhere = scans.some((n) => typeof n.idxScan === 'number' && n.idxScan > 0)
      return schema === null || index === null || usedSomewhere
        ? null
        : { action: 'postgres.dropIndex', target: { schema, index }, label: `Drop index ${schema}.${index}` }
    }
    case 'pg.dead-tuples':
      return vacuum(ev)
    case 'pg.bloat':
      // Index bloat needs REINDEX, not VACUUM; only table findings map here.
      return ev['kind'] === 'table' ? vacuum(ev) : null
    case 'redis.big-key': {
      const key = ev['key']
      return typeof key === 'string' && key !== ''
        ? { action: 'redis.unlink', target: { keys: [key] }, label: 'UNLINK key' }
        : null
    }
    case 'mongo.unused-index': {
      // Hiding is the reversible first step; an index already hidden offers its undo.
      const ns = identifier(ev['ns'])
      const index = identifier(ev['index'])
      const [db, ...rest] = (ns ?? '').split('.')
      const collection = rest.join('.')
      if (!db || !collection || index === null || index === '_id_') return null
      const target = { db, collection, index }
      return ev['hidden'] === true
        ? { action: 'mongo.unhideIndex', target, label: `Unhide index ${index}` }
        : { action: 'mongo.hideIndex', target, label: `Hide index ${index}` }
    }
    case 'mongo.collscan':
    case 'mongo.long-running-op': {
      const opid = mongoOpid(ev['opid'])
      return opid === null ? null : { action: 'mongo.killOp', target: { opid }, label: `Kill op ${opid}` }
    }
    default:
      return null
  }
}

/** The other actions a finding offers beside its remedy ([] when none). */
export const alternativesFromEvidence = (finding: Finding): ExpectedRemedy[] => {
  switch (finding.rule) {
    case 'pg.long-running-query': {
      const pid = positiveInt(finding.evidence['pid'])
      return pid === null ? [] : [terminate(pid) as ExpectedRemedy]
    }
    case 'pg.invalid-index': {
      const t = invalidIndex(finding)
      return t
        ? [{ action: 'postgres.dropIndex', target: t, label: `Drop index ${t.schema}.${t.index}` }]
        : []
    }
    default:
      return []
  }
}
