import type { MongoExplainTree } from '../../../../shared/mongo-explain'
import { formatCount, formatMs } from '../../components/format'
import { Fact } from '../../components/Fact'

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** A sharded time says what it measures (main decides it: summary.executionTimeBasis). */
const EXECUTION_LABEL: Record<string, string> = {
  mongos: 'Execution (mongos elapsed)',
  'slowest-shard': 'Execution (slowest shard)'
}

/** Explain-level facts: what came back, what was read for it, how long, and where it ran. */
export function ExplainSummaryBar({
  explain,
  summary
}: {
  explain: MongoExplainTree
  summary: Record<string, unknown>
}) {
  const shards = explain.sharded
    ? `yes · ${explain.shardNames.length === 0 ? '?' : explain.shardNames.length} shard(s)`
    : 'no'
  return (
    <section className="plan-summary" aria-label="Explain summary">
      <div className="plan-facts">
        <Fact label="Returned" value={formatCount(num(summary.nReturned))} />
        <Fact label="Docs examined" value={formatCount(num(summary.totalDocsExamined))} />
        <Fact label="Keys examined" value={formatCount(num(summary.totalKeysExamined))} />
        <Fact
          label={EXECUTION_LABEL[String(summary.executionTimeBasis)] ?? 'Execution'}
          value={formatMs(num(summary.executionTimeMs))}
        />
        <Fact
          label="Sharded"
          value={shards}
          title={explain.shardNames.length === 0 ? undefined : `Shards: ${explain.shardNames.join(', ')}`}
        />
        <Fact label="Namespace" value={explain.namespace ?? '—'} />
        <Fact label="Command" value={explain.command} />
        <Fact label="Engine" value={explain.engine === 'sbe' ? 'slot-based (SBE)' : 'classic'} />
        <Fact label="Rejected plans" value={String(num(summary.rejectedPlans) ?? explain.rejected.length)} />
        <Fact label="Server" value={explain.serverVersion ?? '—'} />
      </div>
      {explain.source === 'queryPlanner' && (
        <p className="muted plan-note">
          {summary.hasExecutionStats === true
            ? 'The slot-based engine reports per-stage numbers only for its own plan: the tree shows the planner’s stages, the totals above are the executed ones.'
            : 'Planner output only: run explain("executionStats") to see documents and keys examined per stage.'}
        </p>
      )}
    </section>
  )
}
