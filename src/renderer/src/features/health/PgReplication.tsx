import type { ConnectionProfile } from '../../../../shared/connection'
import type { NodeDetail } from '../../../../shared/detail'
import type { Finding } from '../../../../shared/findings'
import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { useConnections, useConnectionStatuses } from '../../api/queries'
import { NUM, field } from '../../components/engine-page/columns'
import { topicOf, topicRows } from '../../components/engine-page/detail-model'
import { TopicUnavailable } from '../../components/engine-page/DetailFrame'
import { formatBytes, formatSeconds } from '../../components/format'
import { findingsAbout, joinReplication, toneOf, type ReplicaView } from './pg-model'
import { usePeerDetails } from '../../components/engine-page/queries'
import type { TopicRow } from '../../../../shared/topics'

type Replication = TopicRow<'pg_stat_replication'>
type Receiver = TopicRow<'pg_stat_wal_receiver'>

const lagBytes = <R extends object>(id: keyof R & string, header: string) =>
  field<R>(id, header, formatBytes, NUM)
const secs = <R extends object>(id: keyof R & string, header: string) =>
  field<R>(id, header, formatSeconds, NUM)

const PRIMARY_COLUMNS: Column<Replication>[] = [
  field('application_name', 'Replica (application)'),
  field('client_addr', 'Address'),
  field('state', 'State'),
  field('sync_state', 'Sync'),
  lagBytes('sent_lag_bytes', 'Sent lag'),
  lagBytes('replay_lag_bytes', 'Replay lag'),
  secs('replay_lag_s', 'Replay lag (time)'),
  secs('reply_age_s', 'Last reply')
]

const RECEIVER_COLUMNS: Column<Partial<Receiver>>[] = [
  field('receiver_status', 'Receiver'),
  field('sender', 'Upstream'),
  lagBytes('receive_replay_gap_bytes', 'Received, not replayed'),
  secs('replay_ts_age_s', 'Last replayed tx age'),
  secs('last_msg_age_s', 'Last message'),
  field('pause_state', 'Replay')
]

/** The primary's row with the replica's own view over it (a replica may not have sent one yet). */
type JoinedRow = Replication & Partial<Receiver> & { replica: string }

/** A connected replica profile that matched no primary row. */
type UnmatchedRow = Partial<Receiver> & { replica: string; host: string }

const JOINED_COLUMNS: Column<JoinedRow>[] = [
  field('replica', 'Replica profile'),
  field('client_addr', 'Address'),
  field('state', 'State (primary)'),
  field('receiver_status', 'Receiver (replica)'),
  field('replay_lag_bytes', 'Replay lag (primary)', formatBytes, NUM),
  field('receive_replay_gap_bytes', 'Not replayed (replica)', formatBytes, NUM),
  field('replay_lag_s', 'Replay lag (time)', formatSeconds, NUM),
  field('replay_ts_age_s', 'Last replayed tx age', formatSeconds, NUM)
]

const UNMATCHED_COLUMNS: Column<UnmatchedRow>[] = [
  field('replica', 'Replica profile'),
  field('host', 'Host'),
  ...(RECEIVER_COLUMNS as Column<UnmatchedRow>[])
]

const SLOT_COLUMNS: Column<TopicRow<'pg_replication_slots'>>[] = [
  field('slot_name', 'Slot'),
  field('slot_type', 'Type'),
  field('active', 'Active'),
  field('retained_bytes', 'WAL retained', formatBytes, NUM),
  field('wal_status', 'WAL status'),
  field('xmin_age', 'xmin age', undefined, NUM)
]

/** Connected replica profiles whose upstream is this node: their own view joins the primary's. */
const useReplicaViews = (profile: ConnectionProfile, address: string | undefined): ReplicaView[] => {
  const statuses = useConnectionStatuses().data ?? []
  const profiles = useConnections().data ?? []
  const peers = statuses.filter(
    (s) =>
      s.id !== profile.id &&
      s.state === 'connected' &&
      s.server?.engine === 'postgres' &&
      s.server.role === 'replica' &&
      address !== undefined &&
      s.server.topology.some((n) => n.address === address)
  )
  const details = usePeerDetails(peers.map((p) => p.id))
  return peers.map((peer, i) => {
    const p = profiles.find((x) => x.id === peer.id)
    const node = details[i]?.data?.nodes[0]
    return {
      connectionName: p?.name ?? peer.id,
      host: p?.host ?? '',
      receiver: topicRows(node, 'pg_stat_wal_receiver')[0] ?? null
    }
  })
}

export function PgReplication({
  profile,
  node,
  findings
}: {
  profile: ConnectionProfile
  node: NodeDetail
  findings: Finding[]
}) {
  const slotFindings = findingsAbout(findings, 'slot')
  const primaryRows = topicRows(node, 'pg_stat_replication')
  const replicas = useReplicaViews(profile, node.node)
  const join = joinReplication(primaryRows, replicas)
  const receiver = topicOf(node, 'pg_stat_wal_receiver')
  const slots = topicOf(node, 'pg_replication_slots')
  const joinedRows: JoinedRow[] = join.joined.map(({ primary, replica }) => ({
    replica: replica.connectionName,
    ...primary,
    ...(replica.receiver ?? {})
  }))
  return (
    <>
      {receiver?.ok && (
        <>
          <h4 className="sub-sub">This replica’s own view (pg_stat_wal_receiver)</h4>
          <DataTable label="WAL receiver" rows={receiver.rows} columns={RECEIVER_COLUMNS} />
        </>
      )}
      {joinedRows.length > 0 && (
        <>
          <h4 className="sub-sub">
            Replicas: the primary’s view joined with each replica’s own (matched by address)
          </h4>
          <DataTable
            label="Replicas joined"
            rows={joinedRows}
            columns={JOINED_COLUMNS}
            testId="replication-joined"
          />
        </>
      )}
      {join.primaryOnly.length > 0 && (
        <>
          <h4 className="sub-sub">Replicas as the primary sees them (pg_stat_replication)</h4>
          <DataTable
            label="Replication"
            rows={join.primaryOnly}
            columns={PRIMARY_COLUMNS}
            testId="replication-table"
          />
        </>
      )}
      {join.replicaOnly.length > 0 && (
        <>
          <h4 className="sub-sub">Connected replica profiles that could not be matched to a row above</h4>
          <DataTable
            label="Replica views"
            rows={join.replicaOnly.map((r) => ({
              replica: r.connectionName,
              host: r.host,
              ...(r.receiver ?? {})
            }))}
            columns={UNMATCHED_COLUMNS}
          />
        </>
      )}
      {primaryRows.length === 0 && !receiver?.ok && (
        <p className="muted">
          No replicas are streaming from this server. Replicas appear here as soon as they connect; add a
          replica’s profile and connect it to see its own view beside the primary’s.
        </p>
      )}
      {slots?.ok === false && <TopicUnavailable why={`replication slots: ${slots.why}`} />}
      {slots?.ok && slots.rows.length > 0 && (
        <>
          <h4 className="sub-sub">Replication slots</h4>
          <DataTable
            label="Replication slots"
            rows={slots.rows}
            columns={SLOT_COLUMNS}
            rowTone={(r) => toneOf(slotFindings.get(r.slot_name) ?? [])}
          />
        </>
      )}
    </>
  )
}
