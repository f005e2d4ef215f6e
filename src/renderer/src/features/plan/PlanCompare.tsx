import { useMemo, useState } from 'react'
import type { PlanAnalysis } from '../../../../shared/plan'
import { EmptyState } from '../../components/EmptyState'
import { PlanInput } from './PlanInput'
import { changeText, compareNodes, compareTotals, type CompareTotal } from './plan-compare'
import { formatCount, formatMs } from '../../components/format'

const totalValue = (t: CompareTotal, v: number | null): string =>
  t.unit === 'ms' ? formatMs(v) : formatCount(v)

/** Before and after (an index, a rewrite): plan totals and node-by-node differences, faster green, slower red. */
function Comparison({ before, after }: { before: PlanAnalysis; after: PlanAnalysis }) {
  const totals = useMemo(() => compareTotals(before, after), [before, after])
  const rows = useMemo(() => compareNodes(before, after), [before, after])
  return (
    <div className="plan-compare-result">
      <table className="table plan-compare-totals" aria-label="Totals compared">
        <thead>
          <tr>
            <th>Total</th>
            <th>Before</th>
            <th>After</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {totals.map((t) => (
            <tr key={t.label} data-trend={t.trend}>
              <td>{t.label}</td>
              <td className="plan-num">{totalValue(t, t.before)}</td>
              <td className="plan-num">{totalValue(t, t.after)}</td>
              <td className="plan-num plan-trend">{changeText(t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="plan-compare-nodes-wrap">
        <table className="table plan-compare-nodes" aria-label="Nodes compared">
          <thead>
            <tr>
              <th>Before</th>
              <th>After</th>
              <th>Matched by</th>
              <th>Exclusive time</th>
              <th>Rows (all loops)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} data-trend={r.timeTrend} data-rows-changed={r.rowsChanged || undefined}>
                <td className="plan-compare-node" style={{ paddingLeft: 8 + (r.before?.depth ?? 0) * 12 }}>
                  {r.before === null ? (
                    <span className="faint">only after</span>
                  ) : (
                    <span className="truncate" title={r.before.title}>
                      #{r.before.id} {r.before.title}
                    </span>
                  )}
                </td>
                <td className="plan-compare-node">
                  {r.after === null ? (
                    <span className="faint">only before</span>
                  ) : (
                    <span className="truncate" title={r.after.title}>
                      #{r.after.id} {r.after.title}
                    </span>
                  )}
                </td>
                <td className="faint">{r.matchedBy ?? '—'}</td>
                <td className="plan-num plan-trend">
                  {formatMs(r.before?.exclusiveMs ?? null)} → {formatMs(r.after?.exclusiveMs ?? null)}{' '}
                  {changeText({
                    unit: 'ms',
                    before: r.before?.exclusiveMs ?? null,
                    after: r.after?.exclusiveMs ?? null
                  })}
                </td>
                <td className="plan-num plan-rows-cell">
                  {formatCount(r.before?.totalRows ?? null)} → {formatCount(r.after?.totalRows ?? null)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

export function PlanCompare() {
  const [before, setBefore] = useState<PlanAnalysis | null>(null)
  const [after, setAfter] = useState<PlanAnalysis | null>(null)
  return (
    <div className="plan-compare">
      <div className="plan-compare-inputs">
        <PlanInput label="Before" testId="plan-before-editor" onAnalysis={setBefore} />
        <PlanInput label="After" testId="plan-after-editor" onAnalysis={setAfter} />
      </div>
      {before !== null && after !== null ? (
        <Comparison before={before} after={after} />
      ) : (
        <EmptyState title="Two plans needed">
          Paste or open the plan from before the change on the left and the one from after on the right, then
          Analyze each. Nodes are matched by their place in the tree, then by relation.
        </EmptyState>
      )}
    </div>
  )
}
