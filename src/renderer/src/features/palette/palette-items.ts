import type { ConnectionProfile } from '../../../../shared/connection'
import type { View } from '../navigation/view'
import { tabsFor } from '../workspace/tab-registry'

export interface PaletteItem {
  id: string
  label: string
  kind: 'connection' | 'view' | 'action'
  profile?: ConnectionProfile
  view?: View
  run?: () => void
}

/** Everything the palette can jump to: each connection (and its tabs), the tools, and the app actions. */
export const paletteItems = (
  connections: ConnectionProfile[],
  actions: { toggleTheme: () => void }
): PaletteItem[] => [
  ...connections.flatMap((p): PaletteItem[] =>
    tabsFor(p.engine).map((t, i) => ({
      id: `c-${p.id}-${t.id}`,
      label: i === 0 ? p.name : `${p.name} › ${t.title}`,
      kind: 'connection',
      profile: p,
      view: { kind: 'connection', id: p.id, tab: t.id }
    }))
  ),
  { id: 'v-home', label: 'Incident overview', kind: 'view', view: { kind: 'home' } },
  { id: 'v-paste', label: 'Paste output', kind: 'view', view: { kind: 'paste' } },
  { id: 'v-audit', label: 'Audit log', kind: 'view', view: { kind: 'audit' } },
  { id: 'v-plan', label: 'Analyze a plan', kind: 'view', view: { kind: 'plan' } },
  { id: 'v-mongo-explain', label: 'Analyze a Mongo explain', kind: 'view', view: { kind: 'mongo-explain' } },
  { id: 'v-new', label: 'Add connection', kind: 'view', view: { kind: 'new-connection' } },
  ...connections.map((p): PaletteItem => ({
    id: `e-${p.id}`,
    label: `Edit ${p.name}`,
    kind: 'action',
    profile: p,
    view: { kind: 'edit-connection', id: p.id }
  })),
  { id: 'a-theme', label: 'Toggle theme', kind: 'action', run: actions.toggleTheme }
]
