/** Where the main pane is. Small enough to keep in React state; no router needed. */
export type View =
  | { kind: 'home' }
  | { kind: 'paste' }
  | { kind: 'plan' }
  | { kind: 'mongo-explain' }
  | { kind: 'audit' }
  | { kind: 'new-connection' }
  | { kind: 'edit-connection'; id: string; justSaved?: boolean }
  /** `node`: the node a finding was about; the engine page scrolls to it. */
  | { kind: 'connection'; id: string; tab: string; node?: string }

export const sameView = (a: View, b: View): boolean => JSON.stringify(a) === JSON.stringify(b)

/** The views that are not about one connection, in the order the sidebar and the palette list them. */
export const TOOL_VIEWS: readonly {
  label: string
  view: Extract<View, { kind: 'home' | 'paste' | 'plan' | 'mongo-explain' | 'audit' }>
}[] = [
  { label: 'Incident overview', view: { kind: 'home' } },
  { label: 'Paste output', view: { kind: 'paste' } },
  { label: 'Analyze a plan', view: { kind: 'plan' } },
  { label: 'Analyze a Mongo explain', view: { kind: 'mongo-explain' } },
  { label: 'Audit log', view: { kind: 'audit' } }
]
