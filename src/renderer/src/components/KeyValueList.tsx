import { formatMeasure, type MeasureUnit } from './format'
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

/**
 * A definition list of facts; keys and values are rendered as text, hidden characters shown. Values with
 * a unit (a finding's `units`) read by it: durations and sizes humanised, the raw number kept in the title.
 */
export function KeyValueList({
  entries,
  className = 'facts',
  label,
  units = {}
}: {
  entries: [string, unknown][]
  className?: string
  label?: string
  units?: Readonly<Record<string, MeasureUnit>>
}) {
  return (
    <dl className={className} aria-label={label}>
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>
            <ServerText text={key} />
          </dt>
          <dd title={units[key] !== undefined && typeof value === 'number' ? String(value) : undefined}>
            <Value text={formatMeasure(value, units[key], key)} />
          </dd>
        </div>
      ))}
    </dl>
  )
}
