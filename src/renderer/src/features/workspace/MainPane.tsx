import { EmptyState } from '../../components/EmptyState'
import { ErrorMessage } from '../../components/ErrorMessage'
import { useConnections } from '../../api/queries'
import { AuditView } from '../audit/AuditView'
import { ConnectionForm } from '../connections/ConnectionForm'
import { IncidentView } from '../incident/IncidentView'
import { MongoExplainView } from '../mongo-explain/MongoExplainView'
import { useNavigation } from '../navigation/NavigationProvider'
import { PasteView } from '../paste/PasteView'
import { PlanView } from '../plan/PlanView'
import { ConnectionPane } from './ConnectionPane'

/** Whatever the navigation points at: a connection, the form, the paste view, or a start page. */
export function MainPane() {
  const { view, go } = useNavigation()
  const connections = useConnections()

  if (view.kind === 'paste') return <PasteView />
  if (view.kind === 'audit') return <AuditView />
  if (view.kind === 'plan') return <PlanView />
  if (view.kind === 'mongo-explain') return <MongoExplainView />
  if (view.kind === 'new-connection') {
    return (
      <div className="main-scroll">
        <ConnectionForm key="new" />
      </div>
    )
  }
  if (connections.error !== null) {
    return (
      <div className="main-scroll">
        <ErrorMessage error={connections.error} prefix="Could not load connections" />
      </div>
    )
  }
  if (connections.isPending) return <div className="main-scroll muted">Loading…</div>

  // With connections, home is the incident overview; without, the start page below says what to do.
  if (view.kind === 'home' && connections.data.length > 0) return <IncidentView />
  if (view.kind === 'home') {
    return (
      <div className="main-scroll">
        <EmptyState
          big
          title="No connections yet"
          actions={
            <>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => go({ kind: 'new-connection' })}
              >
                Add a connection
              </button>
              <button type="button" className="btn" onClick={() => go({ kind: 'paste' })}>
                Paste server output
              </button>
            </>
          }
        >
          Add a PostgreSQL, Redis or MongoDB connection to see its topology and run read-only diagnostics, or
          paste what a server printed to have it analyzed.
        </EmptyState>
      </div>
    )
  }

  const profile = connections.data.find((p) => p.id === view.id)
  if (profile === undefined) {
    return (
      <div className="main-scroll">
        <EmptyState
          big
          title="This connection no longer exists"
          actions={
            <button type="button" className="btn" onClick={() => go({ kind: 'home' })}>
              Back
            </button>
          }
        >
          It may have been removed in another window.
        </EmptyState>
      </div>
    )
  }
  if (view.kind === 'edit-connection') {
    return (
      <div className="main-scroll">
        <ConnectionForm
          key={`edit-${profile.id}-${view.justSaved === true}`}
          profile={profile}
          justSaved={view.justSaved === true}
        />
      </div>
    )
  }
  return <ConnectionPane profile={profile} tab={view.tab} />
}
