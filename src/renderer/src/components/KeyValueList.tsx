import { formatValue } from './format'

const LONG = 240

/** Long values (nested evidence, statement lists) start folded so the facts around them stay scannable. */
function Value({ text }: { text: string }) {
  if (text.length <= LONG) return <>{text}</>
  return (
    <details>
      <summary>
        {text.slice(0, 120)}… <span className="faint">({text.length.toLocaleString('en-US')} chars)</span>
      </summary>
      {text}
    </details>
  )
}

/** A definition list of facts; keys and values are rendered as text. */
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
          <dt>{key}</dt>
          <dd>
            <Value text={formatValue(value, key)} />
          </dd>
        </div>
      ))}
    </dl>
  )
}
