import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { ErrorMessage } from '../../components/ErrorMessage'
import { NUM, WIDE, field } from '../../components/engine-page/columns'
import { formatSeconds } from '../../components/format'
import type { RedisClientRow } from '../../../../shared/records/redis'
import { ActionButton } from '../confirm/RemedyButton'
import { useRedisClients } from './queries'

/** Why a row has no Kill button: dbconsole's own connections and replication links are never offered. */
const notKillable = (c: RedisClientRow): string | null =>
  c.own ? 'dbconsole (this app)' : c.replication ? 'replication link' : null

const killColumn = (connectionId: string, reread: () => void): Column<RedisClientRow> => ({
  id: 'kill',
  header: 'Act',
  title: 'CLIENT KILL ID through the confirm dialog',
  value: (c) => notKillable(c),
  text: (c) => notKillable(c) ?? `Kill ${c.id}`,
  width: '150px',
  render: (c) => {
    const why = notKillable(c)
    if (why !== null) return <span className="muted">{why}</span>
    return (
      <span onKeyDown={(e) => e.stopPropagation()}>
        <ActionButton
          connectionId={connectionId}
          remedy={{ action: 'redis.clientKill', target: { id: c.id }, label: `Kill ${c.id}` }}
          onDone={reread}
        />
      </span>
    )
  }
})

/** CLIENT LIST of the profile's server, read when asked, with CLIENT KILL ID per row. */
export function RedisClients({ connectionId }: { connectionId: string }) {
  const clients = useRedisClients(connectionId)
  const reread = () => clients.mutate()
  return (
    <>
      <div className="section-head">
        <button type="button" className="btn" disabled={clients.isPending} onClick={reread}>
          {clients.data ? 'Read CLIENT LIST again' : 'Read CLIENT LIST'}
        </button>
        <span className="muted">
          Read-only until you confirm a kill; dbconsole’s own connections are marked.
        </span>
      </div>
      {clients.error !== null && <ErrorMessage error={clients.error} prefix="CLIENT LIST failed" />}
      {clients.data && (
        <DataTable
          label={`Clients of ${clients.data.node}`}
          testId="redis-clients"
          rows={clients.data.clients}
          columns={[
            field<RedisClientRow>('id', 'ID', undefined, { width: '70px' }),
            field<RedisClientRow>('addr', 'Address'),
            field<RedisClientRow>('name', 'Name'),
            field<RedisClientRow>('user', 'User'),
            field<RedisClientRow>('ageSeconds', 'Connected', formatSeconds, NUM),
            field<RedisClientRow>('idleSeconds', 'Idle', formatSeconds, NUM),
            field<RedisClientRow>('db', 'DB', undefined, NUM),
            field<RedisClientRow>('flags', 'Flags'),
            field<RedisClientRow>('lastCommand', 'Last command', undefined, WIDE),
            killColumn(connectionId, reread)
          ]}
          initialSort={{ id: 'idleSeconds', desc: true }}
          emptyText="No clients."
        />
      )}
    </>
  )
}
