import { lazy, Suspense } from 'react'

// Monaco is large: it loads with the first view that shows an editor, not with the app.
const MonacoEditor = lazy(() => import('./MonacoEditor').then((m) => ({ default: m.MonacoEditor })))

/** Text put in the editor from outside (a file, a history pick); `seq` makes the same text loadable twice. */
export interface EditorLoad {
  text: string
  seq: number
}

export interface CodeEditorProps {
  /** A Monaco language id: 'plaintext', 'sql', 'json'. */
  language: string
  ariaLabel: string
  /** The text on mount (a saved draft). */
  initial?: string
  /** Replaces the text whenever it changes. */
  load?: EditorLoad | null
  wrap: boolean
  /** Server output keeps its own indentation: typed or pasted lines are not re-indented. */
  keepIndentation?: boolean
  placeholder?: string
  /** Focus on mount and after each load. */
  autoFocus?: boolean
  onChange: (text: string) => void
  /** Ctrl+Enter. */
  onSubmit: () => void
}

/** The app's code editor: Monaco, loaded on first use. */
export function CodeEditor(props: CodeEditorProps) {
  return (
    <Suspense fallback={<span className="muted">Loading editor…</span>}>
      <MonacoEditor {...props} />
    </Suspense>
  )
}
