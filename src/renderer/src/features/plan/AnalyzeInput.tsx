import { useRef, useState, type ReactNode } from 'react'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import { useTextFile } from '../../components/use-text-file'
import type { ApiError } from '../../api/types'
import { CodeEditor, type EditorLoad } from '../../components/code-editor/CodeEditor'

/**
 * Server output in: pasted into Monaco or read from a file, then handed to `onRun` (Analyze or
 * Ctrl+Enter). The plan inputs and the Mongo explain view share it; `children` adds their own errors.
 */
export function AnalyzeInput({
  label,
  editorLabel,
  testId,
  editorClassName = '',
  accept,
  pending,
  error,
  onRun,
  children
}: {
  label: string
  editorLabel: string
  testId: string
  editorClassName?: string
  /** The file picker's filter. */
  accept: string
  pending: boolean
  error: ApiError | null
  onRun: (text: string) => void
  children?: ReactNode
}) {
  const text = useRef('')
  const [empty, setEmpty] = useState(true)
  const [load, setLoad] = useState<EditorLoad | null>(null)
  const setText = (value: string) => {
    text.current = value
    setEmpty(value.trim() === '')
  }
  const { onFile, fileError } = useTextFile((value) => {
    setText(value)
    setLoad((old) => ({ text: value, seq: (old?.seq ?? 0) + 1 }))
  })
  const run = () => {
    if (text.current.trim() !== '') onRun(text.current)
  }

  return (
    <div className="plan-input" role="group" aria-label={label}>
      <div className="plan-input-bar">
        <span className="plan-input-label">{label}</span>
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={empty || pending}
          onClick={run}
          title="Analyze (Ctrl+Enter)"
        >
          Analyze
        </button>
        <label className="btn btn-small plan-file">
          Open file…
          <input type="file" accept={accept} onChange={onFile} />
        </label>
        <Progress active={pending} label="Analyzing…" />
      </div>
      <div className={`plan-editor ${editorClassName}`.trim()} data-testid={testId}>
        <CodeEditor
          language="plaintext"
          ariaLabel={editorLabel}
          load={load}
          wrap={false}
          keepIndentation
          onChange={setText}
          onSubmit={run}
        />
      </div>
      {fileError !== null && <ErrorMessage error={{ code: 'FILE', message: fileError }} />}
      {error !== null && <ErrorMessage error={error} prefix="Analysis failed" />}
      {children}
    </div>
  )
}
