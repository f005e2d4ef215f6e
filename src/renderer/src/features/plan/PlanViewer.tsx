import './plan.css'
import { useMemo, useState } from 'react'
import type { PlanAnalysis } from '../../../../shared/plan'
import { TreeViewerLayout } from '../../components/tree/TreeViewerLayout'
import { useCollapsed } from '../../components/tree/use-collapsed'
import { NodeDetails } from './NodeDetails'
import { PlanFindings } from './PlanFindings'
import { PlanFlame } from './PlanFlame'
import { PlanSummaryBar } from './PlanSummaryBar'
import { PlanTree } from './PlanTree'
import { ancestorsOf, searchNodes, visibleNodes, withAncestors } from './plan-model'

type Mode = 'tree' | 'flame'

/** An analysed plan: header facts, the tree (or flame graph), findings linked to nodes, node details. */
export function PlanViewer({ analysis }: { analysis: PlanAnalysis }) {
  const { nodes, summary } = analysis
  const slowestId = summary.slowestNode?.nodeId ?? null
  const worstId = summary.worstMisestimate?.nodeId ?? null
  const [selectedId, setSelectedId] = useState<number | null>(slowestId ?? 0)
  const { collapsed, toggle, reveal, expandAll } = useCollapsed<number>()
  const [mode, setMode] = useState<Mode>('tree')
  const [query, setQuery] = useState('')
  const [onlyMatches, setOnlyMatches] = useState(false)

  const matches = useMemo(() => searchNodes(nodes, query), [nodes, query])
  const rows = useMemo(
    () =>
      visibleNodes(nodes, collapsed, onlyMatches && matches !== null ? withAncestors(nodes, matches) : null),
    [nodes, collapsed, matches, onlyMatches]
  )

  /** Selecting from outside the tree also opens the way to the node, so the tree can show it. */
  const select = (id: number) => {
    reveal(ancestorsOf(nodes, id))
    if (onlyMatches && matches !== null && !withAncestors(nodes, matches).has(id)) setOnlyMatches(false)
    setSelectedId(id)
  }

  const selected = selectedId === null ? null : (nodes[selectedId] ?? null)
  return (
    <TreeViewerLayout
      summary={<PlanSummaryBar analysis={analysis} />}
      controls={
        <>
          <div className="segmented" role="group" aria-label="Plan display">
            {(['tree', 'flame'] as const).map((m) => (
              <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
                {m === 'tree' ? 'Tree' : 'Flame graph'}
              </button>
            ))}
          </div>
          <input
            className="input plan-search"
            type="search"
            placeholder="Search node type or relation"
            aria-label="Search nodes"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <label className="check">
            <input type="checkbox" checked={onlyMatches} onChange={(e) => setOnlyMatches(e.target.checked)} />
            Only matches
          </label>
          {matches !== null && (
            <span className="muted" role="status">
              {matches.size} of {nodes.length} nodes match
            </span>
          )}
        </>
      }
      jumps={[
        slowestId === null ? null : { label: 'Slowest node', onJump: () => select(slowestId) },
        worstId === null ? null : { label: 'Worst estimate', onJump: () => select(worstId) }
      ]}
      onExpandAll={expandAll}
      tree={
        mode === 'tree' ? (
          <PlanTree
            rows={rows}
            selectedId={selectedId}
            collapsed={collapsed}
            matches={matches}
            slowestId={slowestId}
            worstEstimateId={worstId}
            onSelect={select}
            onToggle={toggle}
          />
        ) : (
          <PlanFlame nodes={nodes} selectedId={selectedId} matches={matches} onSelect={select} />
        )
      }
      findingCount={analysis.findings.length}
      findings={
        <PlanFindings findings={analysis.findings} nodes={nodes} selectedId={selectedId} onSelect={select} />
      }
      details={<NodeDetails node={selected} />}
    />
  )
}
