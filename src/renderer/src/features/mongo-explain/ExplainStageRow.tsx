import type { MongoExplainStage } from '../../../../shared/mongo-explain'
import { formatCompact, formatCount, formatMs } from '../../components/format'
import { examinedRatio, isBlockingSort } from './explain-model'
import { TreeToggle } from '../../components/tree/TreeToggle'

const INDENT_PX = 14

export interface StageFlags {
  selected: boolean
  collapsed: boolean
  worstRatio: boolean
}

const ratioText = (ratio: number): string =>
  `${Math.round(ratio).toLocaleString('en-US')} examined per returned`

/** One stage as a tree row: name, index and badges, filter, returned / examined counts, time. */
export function ExplainStageRow({
  stage: s,
  depth,
  flags,
  domId,
  onSelect,
  onToggle
}: {
  stage: MongoExplainStage
  depth: number
  flags: StageFlags
  domId: string
  onSelect: (id: number) => void
  onToggle: () => void
}) {
  const ratio = examinedRatio(s)
  const blocking = isBlockingSort(s)
  return (
    <div
      id={domId}
      role="treeitem"
      aria-level={depth + 1}
      aria-selected={flags.selected}
      aria-expanded={s.childIds.length > 0 ? !flags.collapsed : undefined}
      className="plan-row mx-row"
      data-stage-id={s.id}
      data-stage={s.stage}
      onClick={() => onSelect(s.id)}
    >
      <div className="plan-cell plan-cell-node" style={{ paddingLeft: 4 + depth * INDENT_PX }}>
        <TreeToggle show={s.childIds.length > 0} collapsed={flags.collapsed} onToggle={onToggle} />
        <span className="plan-node-id faint">#{s.id}</span>
        <span className="plan-node-title mx-stage-name truncate" title={s.stage}>
          {s.stage}
        </span>
        {s.indexName !== null && (
          <span className="mx-index truncate" title={`Index ${s.indexName}`}>
            {s.indexName}
          </span>
        )}
        {s.keyPattern !== null && (
          <span className="mx-key faint truncate" title={`Key pattern ${s.keyPattern}`}>
            {s.keyPattern}
          </span>
        )}
        {s.stage === 'COLLSCAN' && (
          <span className="plan-badge plan-badge-slowest" title="Full collection scan: reads every document">
            collscan
          </span>
        )}
        {blocking && (
          <span
            className="plan-badge plan-badge-estimate"
            title="Blocking sort: holds its whole input in memory before returning the first document"
          >
            {s.usedDisk === true ? 'blocking sort · spilled' : 'blocking sort'}
          </span>
        )}
        {flags.worstRatio && ratio !== null && (
          <span className="plan-badge plan-badge-estimate" title={`Worst in the plan: ${ratioText(ratio)}`}>
            worst ratio {formatCompact(Math.round(ratio))}:1
          </span>
        )}
      </div>
      <div className="plan-cell mx-cell-filter" title={s.filter ?? 'No filter'}>
        <span className="truncate">{s.filter ?? ''}</span>
      </div>
      <div className="plan-cell mx-cell-num plan-num" title={`Returned ${formatCount(s.nReturned)}`}>
        {formatCount(s.nReturned)}
      </div>
      <div
        className="plan-cell mx-cell-num plan-num"
        data-col="docs"
        title={`Documents examined ${formatCount(s.docsExamined)}`}
      >
        {formatCount(s.docsExamined)}
      </div>
      <div
        className="plan-cell mx-cell-num plan-num"
        data-col="keys"
        title={`Keys examined ${formatCount(s.keysExamined)}`}
      >
        {formatCount(s.keysExamined)}
      </div>
      <div
        className="plan-cell mx-cell-num plan-num"
        title={`executionTimeMillisEstimate (this stage and its inputs) ${formatMs(s.executionTimeMillisEstimate)}`}
      >
        {formatMs(s.executionTimeMillisEstimate)}
      </div>
    </div>
  )
}
