import { lazy, Suspense, useRef, useState } from 'react'
import type { PlanAnalysis } from '../../../../shared/plan'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import type { EditorLoad } from './PlanEditor'
import { usePlanAnalyze } from './queries'
import { useTextFile } from '../../components/use-text-file'

const PlanEditor = lazy(() => import('./PlanEditor').then((m) => ({ default: m.PlanEditor })))

/** Files bigger than the core accepts are refused before reading them into memory. */

/**
 * A plan in: pasted into Monaco or read from a file, analysed by the core (plan.analyze).
 * Reports the analysis up; shows the parser's error (code, message, line) itself.
 */
export function PlanInput({
  label,
  testId,
  onAnalysis
}: {
  label: string
  testId: string
  onAnalysis: (analysis: PlanAnalysis | null) => void
}) {
  const text = useRef('')
  const [empty, setEmpty] = useState(true)
  const [load, setLoad] = useState<EditorLoad | null>(null)
  const analyze = usePlanAnalyze()

  const run = () => {
    if (text.current.trim() === '') return
    analyze.mutate(
      { text: text.current },
      {
        onSuccess: (result) => onAnalysis(result.ok ? result.analysis : null),
        onError: () => onAnalysis(null)
      }
    )
  }

  const { onFile, fileError } = useTextFile((value) => {
    text.current = value
    setEmpty(value.trim() === '')
    setLoad((old) => ({ text: value, seq: (old?.seq ?? 0) + 1 }))
  })

  const failed = analyze.data !== undefined && !analyze.data.ok ? analyze.data.error : null
  return (
    <div className="plan-input" aria-label={label} role="group">
      <div className="plan-input-bar">
        <span className="plan-input-label">{label}</span>
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={empty || analyze.isPending}
          onClick={run}
          title="Analyze (Ctrl+Enter)"
        >
          Analyze
        </button>
        <label className="btn btn-small plan-file">
          Open file…
          <input type="file" accept=".json,.txt,.sql,.log,text/plain,application/json" onChange={onFile} />
        </label>
        <Progress active={analyze.isPending} label="Analyzing…" />
      </div>
      <div className="plan-editor" data-testid={testId}>
        <Suspense fallback={<span className="muted">Loading editor…</span>}>
          <PlanEditor
            language="plaintext"
            ariaLabel={`${label}: EXPLAIN output`}
            load={load}
            onChange={(value) => {
              text.current = value
              setEmpty(value.trim() === '')
            }}
            onSubmit={run}
          />
        </Suspense>
      </div>
      {fileError !== null && <ErrorMessage error={{ code: 'FILE', message: fileError }} />}
      {analyze.error !== null && <ErrorMessage error={analyze.error} prefix="Analysis failed" />}
      {failed !== null && (
        <ErrorMessage
          error={{
            code: failed.code,
            message: failed.line === null ? failed.message : `${failed.message} (line ${failed.line})`
          }}
        />
      )}
    </div>
  )
}
