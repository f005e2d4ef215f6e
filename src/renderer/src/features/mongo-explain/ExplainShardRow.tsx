import { formatCount } from '../../components/format'
import type { ShardTotals } from './explain-model'
import { TreeToggle } from '../../components/tree/TreeToggle'

const INDENT_PX = 14

/** The header of one shard's part of a sharded plan, with what that shard returned and read. */
export function ExplainShardRow({
  shard,
  depth,
  totals,
  collapsed,
  onToggle
}: {
  shard: string
  depth: number
  totals: ShardTotals
  collapsed: boolean
  onToggle: () => void
}) {
  return (
    <div
      className="plan-row mx-row mx-shard-row"
      role="group"
      aria-label={`Shard ${shard}`}
      data-shard={shard}
      onClick={onToggle}
    >
      <div className="plan-cell plan-cell-node" style={{ paddingLeft: 4 + depth * INDENT_PX }}>
        <TreeToggle show collapsed={collapsed} onToggle={onToggle} />
        <span className="mx-shard-label">shard</span>
        <span className="mx-shard-name truncate" title={`Shard ${shard}`}>
          {shard}
        </span>
        <span className="faint">{totals.stages} stage(s)</span>
      </div>
      <div className="plan-cell mx-cell-filter" />
      <div className="plan-cell mx-cell-num plan-num" title="Returned by this shard">
        {formatCount(totals.nReturned)}
      </div>
      <div className="plan-cell mx-cell-num plan-num" title="Documents examined on this shard">
        {formatCount(totals.docsExamined)}
      </div>
      <div className="plan-cell mx-cell-num plan-num" title="Keys examined on this shard">
        {formatCount(totals.keysExamined)}
      </div>
      <div className="plan-cell mx-cell-num" />
    </div>
  )
}
