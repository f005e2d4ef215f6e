import type { ExecutedAction } from '../../../../shared/actions'
import { ServerText } from '../../components/ServerText'

/** What the guard reports after sending: outcome, detail and the post-check, as text (hidden characters shown). */
export function ConfirmResult({ result }: { result: ExecutedAction }) {
  const done = result.outcome === 'done'
  return (
    <section aria-label="Result" className="confirm-result">
      <div className={done ? 'success' : 'alert'} role="status">
        <strong>{done ? 'Done' : 'Failed'}</strong>:{' '}
        <span className="wrap">
          <ServerText text={result.detail} />
        </span>
      </div>
      <p className="muted wrap">
        Post-check:{' '}
        {result.postCheck === null ? (
          'could not be run (check the server by hand).'
        ) : (
          <ServerText
            text={`${result.postCheck.ok ? 'confirmed' : 'NOT confirmed'}: ${result.postCheck.detail}`}
          />
        )}
      </p>
      <p className="faint mono">audit {result.auditId}</p>
    </section>
  )
}
