import '../plan/plan.css'
import './mongo-explain.css'
import { useState } from 'react'
import { useAnalyzeText } from '../../api/queries'
import { EmptyState } from '../../components/EmptyState'
import { AnalyzeInput } from '../plan/AnalyzeInput'
import { MongoExplainResult } from './MongoExplainResult'

/** "Analyze a Mongo explain": paste explain() output, see the stage tree, what it read and why. */
export function MongoExplainView() {
  const [seq, setSeq] = useState(0)
  const analyze = useAnalyzeText()

  return (
    <div className="plan-page">
      <header className="pane-head">
        <h1>Analyze a Mongo explain</h1>
        <span className="muted truncate">
          explain() of find or aggregate: JSON, Extended JSON or mongo-shell text, any verbosity, sharded or
          not
        </span>
      </header>
      <div className="plan-page-body">
        <AnalyzeInput
          label="Explain"
          editorLabel="Explain output"
          testId="mongo-explain-editor"
          editorClassName="mx-editor"
          accept=".json,.txt,.log,text/plain,application/json"
          pending={analyze.isPending}
          error={analyze.error}
          onRun={(text) =>
            analyze.mutate(
              { text, kind: 'mongo.explain', name: 'explain' },
              { onSettled: () => setSeq((s) => s + 1) }
            )
          }
        />
        {analyze.data === undefined ? (
          analyze.error === null && (
            <EmptyState title="No explain yet">
              Paste the output of <code>db.collection.find(…).explain("executionStats")</code> (or an
              aggregate’s explain) above, or open a file, then press Analyze (<kbd>Ctrl</kbd> <kbd>Enter</kbd>
              ). Shell text with ISODate(), NumberLong() or ObjectId() is fine. Nothing is sent to a database.
            </EmptyState>
          )
        ) : (
          <MongoExplainResult key={seq} report={analyze.data} />
        )}
      </div>
    </div>
  )
}
