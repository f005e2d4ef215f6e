import type { ConnectionProfile } from '../../../../shared/connection'
import { TOOL_VIEWS, type View } from '../navigation/view'
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
  ...TOOL_VIEWS.map((tool): PaletteItem => ({
    id: `v-${tool.view.kind}`,
    label: tool.label,
    kind: 'view',
    view: tool.view
  })),
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
