import type { ConnectionProfile } from '../../../../shared/connection'
import { EngineBadge } from '../../components/EngineBadge'
import { EnvironmentChip } from '../../components/EnvironmentChip'
import { useConnectionStatus } from '../../api/queries'
import { membersDown, membersDownText } from '../../../../shared/topology'

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
  const down = membersDownText(membersDown(status.server), status.server?.topology.length ?? 0)
  const state = status.state === 'connected' && down !== null ? 'degraded' : status.state
  const said = down === null ? state : `${state}: ${down}`
  return (
    <li>
      <button
        type="button"
        className="nav-item"
        data-nav-item
        data-connection-id={profile.id}
        aria-current={current ? 'page' : undefined}
        onClick={onOpen}
        title={`${profile.name} — ${profile.url} (${said})`}
      >
        <span className="state-dot" data-state={state} aria-label={said} />
        <EngineBadge engine={profile.engine} />
        <span className="name truncate">{profile.name}</span>
        <EnvironmentChip environment={profile.environment} />
      </button>
    </li>
  )
}
