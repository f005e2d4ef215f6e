import type { PlanAnalysis } from '../../../../shared/plan'
import { ErrorMessage } from '../../components/ErrorMessage'
import { AnalyzeInput } from './AnalyzeInput'
import { useAnalyzeText } from '../../api/queries'

/**
 * A plan in: pasted into Monaco or read from a file, analysed by the core once (analyze.text as pg.plan).
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
  const analyze = useAnalyzeText()
  const run = (text: string) =>
    analyze.mutate(
      { text, kind: 'pg.plan', name: label },
      {
        onSuccess: (report) => onAnalysis(report.view?.kind === 'pg.plan' ? report.view.plan : null),
        onError: () => onAnalysis(null)
      }
    )

  const failed = analyze.data?.error ?? null
  return (
    <AnalyzeInput
      label={label}
      editorLabel={`${label}: EXPLAIN output`}
      testId={testId}
      accept=".json,.txt,.sql,.log,text/plain,application/json"
      pending={analyze.isPending}
      error={analyze.error}
      onRun={run}
    >
      {failed !== null && (
        <ErrorMessage
          error={{
            code: failed.code,
            message: failed.line === null ? failed.message : `${failed.message} (line ${failed.line})`
          }}
        />
      )}
    </AnalyzeInput>
  )
}
