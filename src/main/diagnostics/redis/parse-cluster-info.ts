/**
 * `CLUSTER INFO` -> the cluster's own view of its state. Same `field:value` shape as INFO, so it reuses
 * that parser, then requires `cluster_state` (the one field every version since 3.0 prints).
 * Checked against Redis 7.0.15 (the test cluster, healthy and with a master killed).
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import { infoNumber, parseInfo } from './parse-info'

export interface ClusterInfo {
  state: string
  slotsAssigned: number | null
  slotsOk: number | null
  slotsPfail: number | null
  slotsFail: number | null
  knownNodes: number | null
  size: number | null
  currentEpoch: number | null
  fields: Record<string, string>
}

export const parseClusterInfo = (text: string): ParseResult<ClusterInfo> => {
  const info = parseInfo(text)
  if (!info.ok) return info
  const state = info.value.fields.cluster_state
  if (state === undefined)
    return parseFailure('UNRECOGNIZED', 'No cluster_state field: this is not CLUSTER INFO output.', null)
  const n = (f: string): number | null => infoNumber(info.value, f)
  return parsed({
    state,
    slotsAssigned: n('cluster_slots_assigned'),
    slotsOk: n('cluster_slots_ok'),
    slotsPfail: n('cluster_slots_pfail'),
    slotsFail: n('cluster_slots_fail'),
    knownNodes: n('cluster_known_nodes'),
    size: n('cluster_size'),
    currentEpoch: n('cluster_current_epoch'),
    fields: info.value.fields
  })
}
