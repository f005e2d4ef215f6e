import { useMemo } from 'react'
import type { AnalyzedNode } from '../../../../shared/plan'
import { flameLayout } from './flame-layout'
import { formatMs } from '../../components/format'
import { barPercent } from './plan-model'

const ROW_PX = 24
const MEASURE_TEXT = { time: 'inclusive time', cost: 'total cost (not analyzed)', nodes: 'node count' }

/** Icicle chart: the root on top, each box as wide as its inclusive time; a click selects the node. */
export function PlanFlame({
  nodes,
  selectedId,
  matches,
  onSelect
}: {
  nodes: readonly AnalyzedNode[]
  selectedId: number | null
  matches: ReadonlySet<number> | null
  onSelect: (id: number) => void
}) {
  const { boxes, measure } = useMemo(() => flameLayout(nodes), [nodes])
  const depth = boxes.reduce((d, b) => Math.max(d, b.depth), 0)
  return (
    <div className="plan-flame-wrap">
      <p className="faint plan-flame-note">
        Width: {MEASURE_TEXT[measure]}. Colour: the node's own share of the time.
      </p>
      <div
        className="plan-flame"
        role="group"
        aria-label="Flame graph"
        data-testid="plan-flame"
        style={{ height: (depth + 1) * ROW_PX }}
      >
        {boxes.map((b) => {
          const n = nodes[b.id]
          if (n === undefined || b.width <= 0) return null
          const pct = barPercent(n.percentOfTotal)
          const label = `${n.title} · ${formatMs(n.inclusiveMs)} inclusive, ${formatMs(n.exclusiveMs)} own`
          return (
            <button
              type="button"
              key={b.id}
              className="plan-flame-box"
              data-node-id={b.id}
              data-heat={pct >= 50 ? 3 : pct >= 20 ? 2 : pct >= 5 ? 1 : 0}
              aria-pressed={b.id === selectedId}
              data-match={matches?.has(b.id) === true || undefined}
              title={label}
              aria-label={label}
              style={{
                left: `${b.left * 100}%`,
                width: `max(${b.width * 100}%, 2px)`,
                top: b.depth * ROW_PX,
                height: ROW_PX - 2
              }}
              onClick={() => onSelect(b.id)}
            >
              <span className="truncate">{n.title}</span>
            </button>
          )
        })}
      </div>
    </div>
  )
}
