import type { AnalyzedText } from '../../../../shared/analysis'
import { ErrorMessage } from '../../components/ErrorMessage'
import { MongoExplainViewer } from './MongoExplainViewer'

/** The core's mongo.explain report: the viewer on its tree, or the parser's error with its line. */
export function MongoExplainResult({ report }: { report: AnalyzedText }) {
  if (report.view?.kind !== 'mongo.explain') {
    const e = report.error ?? { code: 'UNRECOGNIZED', message: 'This is not a MongoDB explain.', line: null }
    return (
      <ErrorMessage
        error={{ code: e.code, message: e.line === null ? e.message : `${e.message} (line ${e.line})` }}
        prefix="The explain could not be read"
      />
    )
  }
  return <MongoExplainViewer explain={report.view.tree} summary={report.summary} findings={report.findings} />
}
