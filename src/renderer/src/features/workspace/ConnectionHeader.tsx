import type { ConnectionProfile } from '../../../../shared/connection'
import { ENGINE_LABEL, EngineBadge } from '../../components/EngineBadge'
import { EnvironmentChip } from '../../components/EnvironmentChip'
import { useConnectionStatus } from '../../api/queries'
import { useNavigation } from '../navigation/NavigationProvider'

/** The pane header: which connection this is, where it points, its environment colour and state. */
export function ConnectionHeader({ profile }: { profile: ConnectionProfile }) {
  const { go } = useNavigation()
  const status = useConnectionStatus(profile.id)
  return (
    <header className="pane-head" data-environment={profile.environment}>
      <EngineBadge engine={profile.engine} />
      <h1 className="truncate" title={profile.name}>
        {profile.name}
      </h1>
      <EnvironmentChip environment={profile.environment} />
      <span className="muted truncate mono" title={profile.url}>
        {profile.url}
      </span>
      <span className="spacer" />
      <span
        className="status-pill"
        data-state={status.state}
        title={`${ENGINE_LABEL[profile.engine]} connection state`}
      >
        {status.state}
      </span>
      {!profile.allowWrites && (
        <span className="chip faint" title="This profile cannot run guarded actions">
          read-only
        </span>
      )}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => go({ kind: 'edit-connection', id: profile.id })}
      >
        Edit
      </button>
    </header>
  )
}
