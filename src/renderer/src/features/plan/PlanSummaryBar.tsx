import { Fact } from '../../components/Fact'
import type { PlanAnalysis } from '../../../../shared/plan'
import { formatCount, formatMs } from '../../components/format'

/** One fact in the plan header: a label over a value, both text. */

/** Plan-level facts: where the time went (planning vs execution), triggers, JIT, workers, shape. */
export function PlanSummaryBar({ analysis }: { analysis: PlanAnalysis }) {
  const s = analysis.summary
  const planning = s.planningTimeMs ?? 0
  const execution = s.executionTimeMs ?? 0
  const total = planning + execution
  const planningShare = total > 0 ? (100 * planning) / total : 0
  const triggers = s.triggers.length === 0 ? 'none' : `${s.triggers.length} · ${formatMs(s.triggerTimeMs)}`
  const workers =
    s.workersPlanned === null && s.workersLaunched === null
      ? 'none'
      : `${s.workersLaunched ?? 0} of ${s.workersPlanned ?? '?'} launched`
  return (
    <section className="plan-summary" aria-label="Plan summary">
      <div className="plan-facts">
        <Fact label="Execution" value={formatMs(s.executionTimeMs)} />
        <Fact label="Planning" value={formatMs(s.planningTimeMs)} />
        <Fact label="Nodes" value={formatCount(s.nodeCount)} title={`Root: ${s.rootNodeType}`} />
        <Fact
          label="Triggers"
          value={triggers}
          title={
            s.triggers.map((t) => `${t.name}: ${formatMs(t.timeMs)} in ${t.calls} calls`).join('\n') ||
            'No triggers'
          }
        />
        <Fact label="JIT" value={s.jitMs === null ? 'none' : formatMs(s.jitMs)} />
        <Fact label="Workers" value={workers} />
        <Fact label="Max loops" value={formatCount(s.maxLoops)} />
        <Fact label="Spills" value={s.spills.length === 0 ? 'none' : String(s.spills.length)} />
        <Fact label="Never executed" value={String(s.neverExecutedNodes)} />
        <Fact label="Format" value={`${s.format}${s.analyzed ? ', analyzed' : ', estimates only'}`} />
      </div>
      {total > 0 && (
        <div
          className="plan-split"
          role="img"
          aria-label={`Planning ${formatMs(planning)}, execution ${formatMs(execution)}`}
          title={`Planning ${formatMs(planning)} · execution ${formatMs(execution)}`}
        >
          <span className="plan-split-planning" style={{ width: `${planningShare}%` }} />
          <span className="plan-split-execution" style={{ width: `${100 - planningShare}%` }} />
        </div>
      )}
      {!s.analyzed && (
        <p className="muted plan-note">
          Estimates only: run EXPLAIN (ANALYZE, BUFFERS) to see times, actual rows and misestimates.
        </p>
      )}
    </section>
  )
}
