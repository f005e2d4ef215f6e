/** Where the main pane is. Small enough to keep in React state; no router needed. */
export type View =
  | { kind: 'home' }
  | { kind: 'paste' }
  | { kind: 'plan' }
  | { kind: 'mongo-explain' }
  | { kind: 'audit' }
  | { kind: 'new-connection' }
  | { kind: 'edit-connection'; id: string; justSaved?: boolean }
  | { kind: 'connection'; id: string; tab: string }

export const sameView = (a: View, b: View): boolean => JSON.stringify(a) === JSON.stringify(b)
