import { ErrorMessage } from '../../components/ErrorMessage'
import type { MongoExplainAnalyzeResult } from '../../../../shared/mongo-explain'
import { MongoExplainViewer } from './MongoExplainViewer'

/** The core's answer: the viewer, or the parser's error with its line. */
export function MongoExplainResult({ result }: { result: MongoExplainAnalyzeResult }) {
  if (!result.ok) {
    const e = result.error
    return (
      <ErrorMessage
        error={{ code: e.code, message: e.line === null ? e.message : `${e.message} (line ${e.line})` }}
        prefix="The explain could not be read"
      />
    )
  }
  return <MongoExplainViewer explain={result.explain} summary={result.summary} findings={result.findings} />
}
