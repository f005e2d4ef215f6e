import { formatValue } from './format'
import { ServerText } from './ServerText'

const LONG = 240

/** Long values (nested evidence, statement lists) start folded so the facts around them stay scannable. */
function Value({ text }: { text: string }) {
  if (text.length <= LONG) return <ServerText text={text} />
  return (
    <details>
      <summary>
        <ServerText text={text.slice(0, 120)} />…{' '}
        <span className="faint">({text.length.toLocaleString('en-US')} chars)</span>
      </summary>
      <ServerText text={text} />
    </details>
  )
}

/** A definition list of facts; keys and values are rendered as text, hidden characters shown. */
export function KeyValueList({
  entries,
  className = 'facts',
  label
}: {
  entries: [string, unknown][]
  className?: string
  label?: string
}) {
  return (
    <dl className={className} aria-label={label}>
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>
            <ServerText text={key} />
          </dt>
          <dd>
            <Value text={formatValue(value, key)} />
          </dd>
        </div>
      ))}
    </dl>
  )
}
