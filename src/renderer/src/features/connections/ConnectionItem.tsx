import type { ConnectionProfile } from '../../../../shared/connection'
import { EngineBadge } from '../../components/EngineBadge'
import { EnvironmentChip } from '../../components/EnvironmentChip'
import { useConnectionStatus } from '../../api/queries'

/** One connection in the sidebar: state dot, engine, name, environment colour. */
export function ConnectionItem({
  profile,
  current,
  onOpen
}: {
  profile: ConnectionProfile
  current: boolean
  onOpen: () => void
}) {
  const status = useConnectionStatus(profile.id)
  return (
    <li>
      <button
        type="button"
        className="nav-item"
        data-nav-item
        data-connection-id={profile.id}
        aria-current={current ? 'page' : undefined}
        onClick={onOpen}
        title={`${profile.name} — ${profile.url} (${status.state})`}
      >
        <span className="state-dot" data-state={status.state} aria-label={status.state} />
        <EngineBadge engine={profile.engine} />
        <span className="name truncate">{profile.name}</span>
        <EnvironmentChip environment={profile.environment} />
      </button>
    </li>
  )
}
