import '../plan/plan.css'
import './mongo-explain.css'
import { useMemo, useState } from 'react'
import type { Finding } from '../../../../shared/findings'
import type { MongoExplainTree } from '../../../../shared/mongo-explain'
import { LinkedFindings } from '../../components/LinkedFindings'
import { TreeViewerLayout } from '../../components/tree/TreeViewerLayout'
import { useCollapsed } from '../../components/tree/use-collapsed'
import { ExplainSummaryBar } from './ExplainSummaryBar'
import { ExplainTree } from './ExplainTree'
import { explainRows, keysToReveal, stageForFinding, worstRatioStage } from './explain-model'
import { PipelineStages } from './PipelineStages'
import { RejectedPlans } from './RejectedPlans'
import { StageDetails } from './StageDetails'

/**
 * An analysed explain: summary header, the winning plan's stage tree with per-shard groups, findings
 * linked to stages, the selected stage's fields, then the pipeline and the rejected plans.
 */
export function MongoExplainViewer({
  explain,
  summary,
  findings
}: {
  explain: MongoExplainTree
  summary: Record<string, unknown>
  findings: Finding[]
}) {
  const stages = explain.winning.stages
  const worstRatioId = useMemo(() => worstRatioStage(stages), [stages])
  const stageIds = useMemo(() => findings.map((f) => stageForFinding(f, stages)), [findings, stages])
  // Open on what the worst finding is about, else the root.
  const [selectedId, setSelectedId] = useState<number | null>(
    () => stageIds.find((id) => id !== null) ?? (stages.length > 0 ? 0 : null)
  )
  const { collapsed, toggle, reveal, expandAll } = useCollapsed<string>()
  const rows = useMemo(() => explainRows(stages, collapsed), [stages, collapsed])

  /** Selecting from outside the tree also opens the way to the stage, so the tree can show it. */
  const select = (id: number) => {
    reveal(keysToReveal(stages, id))
    setSelectedId(id)
  }

  const selected = selectedId === null ? null : (stages[selectedId] ?? null)
  return (
    <TreeViewerLayout
      className="mx-viewer"
      summary={<ExplainSummaryBar explain={explain} summary={summary} />}
      controls={
        <span className="muted">
          {explain.source === 'executionStats' ? 'Executed stages' : 'Winning plan'} · {stages.length}{' '}
          stage(s)
        </span>
      }
      jumps={[worstRatioId === null ? null : { label: 'Worst ratio', onJump: () => select(worstRatioId) }]}
      onExpandAll={expandAll}
      tree={
        <ExplainTree
          rows={rows}
          selectedId={selectedId}
          collapsed={collapsed}
          worstRatioId={worstRatioId}
          onSelect={select}
          onToggle={toggle}
          label="Explain stages"
          testId="mongo-explain-tree"
        />
      }
      findingCount={findings.length}
      findings={
        <LinkedFindings
          findings={findings}
          rowIds={stageIds}
          rowName="stage"
          label="Explain findings"
          emptyText="No findings: nothing in this explain crossed a rule's threshold."
          selectedId={selectedId}
          onSelect={select}
        />
      }
      details={<StageDetails stage={selected} />}
    >
      <PipelineStages stages={explain.pipeline} />
      <RejectedPlans plans={explain.rejected} />
    </TreeViewerLayout>
  )
}
