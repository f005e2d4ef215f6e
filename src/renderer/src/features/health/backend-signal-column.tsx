import type { Column } from '../../components/data-table-model'
import { ActionButton } from '../confirm/RemedyButton'

/**
 * A backend row's Cancel (pg_cancel_backend: the statement stops, the session stays) and Terminate
 * (pg_terminate_backend: the session ends, its transaction rolls back), each through the confirm dialog.
 */
export const backendSignalColumn = <R extends { pid: number }>(connectionId: string): Column<R> => ({
  id: 'signal',
  header: 'Act',
  title: 'Cancel the running statement (gentler) or terminate the backend; both open the confirm dialog',
  value: () => null,
  text: () => 'Cancel / Terminate',
  width: '180px',
  render: (row) => {
    const pid = row.pid
    if (!Number.isInteger(pid) || pid <= 0) return null
    return (
      // The row opens its fields on click and Enter: the buttons' own must not do that too.
      <span className="remedy-group row-actions" onKeyDown={(e) => e.stopPropagation()}>
        <ActionButton
          connectionId={connectionId}
          remedy={{ action: 'postgres.cancelBackend', target: { pid }, label: 'Cancel' }}
        />
        <ActionButton
          connectionId={connectionId}
          remedy={{ action: 'postgres.terminateBackend', target: { pid }, label: 'Terminate' }}
        />
      </span>
    )
  }
})
