/** What every finding about a running operation carries: its label, evidence, subject and the killOp remedy. */
import type { FindingRemedy, FindingSubject } from '../../../shared/findings'
import { remedy } from '../pipeline/remedy'
import { brief } from './mongo-value'
import type { CurrentOp } from './parse-records'

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

/** killOp takes a number on a replica set and a `shard:number` string through mongos. */
const killOpTarget = (opid: string): number | string => (/^-?\d{1,15}$/.test(opid) ? Number(opid) : opid)

export const killOpRemedy = (o: CurrentOp): FindingRemedy | undefined => {
  if (o.opid === null) return undefined
  const opid = killOpTarget(o.opid)
  return remedy('mongo.killOp', { opid }, `Kill op ${opid}`)
}
