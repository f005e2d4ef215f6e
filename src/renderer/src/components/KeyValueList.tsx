import { formatMeasure, formatValue, type MeasureUnit } from './format'
import { ServerText } from './ServerText'

const LONG = 240
/** Rows of a record list shown before "N more" (a blocker's waiters can be hundreds). */
const TABLE_ROWS = 50

/** Long values (statement lists, plan text) start folded so the facts around them stay scannable. */
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

type Row = Record<string, unknown>

const isRecord = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A list of records (the sessions waiting behind a blocker, the statements of a finding) as a table. */
function RecordTable({ rows }: { rows: Row[] }) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const shown = rows.slice(0, TABLE_ROWS)
  return (
    <div className="evidence-table-wrap">
      <table className="evidence-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                <ServerText text={c} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>
                  <Value text={formatValue(row[c], c)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown.length && (
        <p className="faint">{(rows.length - shown.length).toLocaleString('en-US')} more not shown</p>
      )}
    </div>
  )
}

/** How one fact reads: a record as its own list, a list of records as a table, anything else as text. */
function Fact({ name, value, unit }: { name: string; value: unknown; unit: MeasureUnit | undefined }) {
  if (isRecord(value) && Object.keys(value).length > 0)
    return <KeyValueList className="facts nested" entries={Object.entries(value)} />
  if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) return <RecordTable rows={value} />
  return <Value text={formatMeasure(value, unit, name)} />
}

/**
 * A definition list of facts; keys and values are rendered as text, hidden characters shown. Values with
 * a unit (a finding's `units`) read by it: durations and sizes humanised, the raw number kept in the title.
 */
export function KeyValueList({
  entries,
  className = 'facts',
  label,
  units
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
          <dd title={units?.[key] !== undefined && typeof value === 'number' ? String(value) : undefined}>
            <Fact name={key} value={value} unit={units?.[key]} />
          </dd>
        </div>
      ))}
    </dl>
  )
}
