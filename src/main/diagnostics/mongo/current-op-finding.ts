/** What every finding about a running operation carries: its label, evidence, subject and the killOp remedy. */
import type { FindingRemedy, FindingSubject } from '../../../shared/findings'
import { brief } from './mongo-value'
import type { CurrentOp } from '../../../shared/records/mongo'

/** The client operations the rules judge (internal threads such as the TTL monitor run for ever by design). */
export const activeClientOps = (ops: CurrentOp[]): CurrentOp[] => ops.filter((o) => o.active && o.clientOp)

export const opLabel = (o: CurrentOp): string => `${o.op ?? 'op'} on ${o.ns ?? '?'} (opid ${o.opid ?? '?'})`

export const opEvidence = (o: CurrentOp): Record<string, unknown> => ({
  opid: o.opid,
  secsRunning: o.secsRunning,
  ns: o.ns,
  planSummary: o.planSummary,
  client: o.client,
  appName: o.appName,
  command: brief(o.command, 300)
})

export const opSubject = (o: CurrentOp, node: string | null): FindingSubject | null =>
  o.opid === null ? null : { kind: 'operation', name: o.opid, ...(node ? { node } : {}) }

/**
 * killOp takes a number on a replica set and a `shard:number` string through mongos. Built here rather
 * than with pipeline/remedy.ts because these rules also judge pasted currentOp, and `dbconsole analyze`
 * must not load zod (cli-startup.test.ts); finding-shape.test.ts checks every one against the schema.
 */
const killOpTarget = (opid: string): number | string | null =>
  /^-?\d{1,15}$/.test(opid) ? Number(opid) : /^[\w.-]{1,100}:\d{1,12}$/.test(opid) ? opid : null

export const killOpRemedy = (o: CurrentOp): FindingRemedy | undefined => {
  const opid = o.opid === null ? null : killOpTarget(o.opid)
  return opid === null ? undefined : { action: 'mongo.killOp', target: { opid }, label: `Kill op ${opid}` }
}
