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

/** Fields every CLUSTER INFO since 3.0 writes, in order. */
const ALWAYS_WRITTEN = [
  'cluster_state',
  'cluster_slots_assigned',
  'cluster_slots_ok',
  'cluster_slots_pfail',
  'cluster_slots_fail',
  'cluster_known_nodes',
  'cluster_size',
  'cluster_current_epoch',
  'cluster_my_epoch',
  'cluster_stats_messages_sent',
  'cluster_stats_messages_received'
]
/** The last line: the received total up to 6.2, the links-buffer counter since 7.0. */
const LAST_FIELDS = ['cluster_stats_messages_received', 'total_cluster_links_buffer_limit_exceeded']
/** Fields always followed by more (per-type message counters included); a newer field is not judged. */
const neverLast = (key: string): boolean =>
  !LAST_FIELDS.includes(key) &&
  (ALWAYS_WRITTEN.includes(key) || /^cluster_stats_messages_\w+_(?:sent|received)$/.test(key))

export const parseClusterInfo = (text: string): ParseResult<ClusterInfo> => {
  const info = parseInfo(text)
  if (!info.ok) return info
  const state = info.value.fields.cluster_state
  if (state === undefined)
    return parseFailure('UNRECOGNIZED', 'No cluster_state field: this is not CLUSTER INFO output.', null)
  const keys = Object.keys(info.value.fields)
  const lastKey = keys.at(-1) ?? ''
  const missing = ALWAYS_WRITTEN.filter((f) => info.value.fields[f] === undefined)
  if (neverLast(lastKey) || missing.length > 0)
    return parseFailure(
      'TRUNCATED',
      `CLUSTER INFO stops at "${lastKey}"${missing.length > 0 ? ` without ${missing.join(', ')}` : ''}; it always ends with ${LAST_FIELDS.join(' or ')}: the copy was cut off.`,
      text.replace(/\s+$/, '').split('\n').length
    )
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
