import type { NodeDetail } from '../../../../shared/detail'
import type { Finding } from '../../../../shared/findings'
import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { WIDE, field } from '../../components/engine-page/columns'
import { topicRows } from '../../components/engine-page/detail-model'
import { findingsAbout, toneOf } from './pg-model'
import { Unavailable } from './PgUnavailable'
import type { TopicRow } from '../../../../shared/topics'

type Row = TopicRow<'changed_settings'>

const SETTING_COLUMNS: Column<Row>[] = [
  field('name', 'Setting'),
  field('value', 'Value'),
  field('unit', 'Unit'),
  field('boot_val', 'Default'),
  field('source', 'Set by'),
  field('context', 'Applies on'),
  field('pending_restart', 'Pending restart', (v) => (v === true ? 'YES' : '')),
  field('category', 'Category', undefined, WIDE)
]

/**
 * The settings not at their default, those waiting for a restart first; a row's tone is what the rules
 * found about that setting.
 */
export function PgChangedSettings({ node, findings }: { node: NodeDetail; findings: Finding[] }) {
  const settings = findingsAbout(findings, 'setting')
  return (
    <>
      <Unavailable node={node} topics={['changed_settings']} />
      <DataTable
        label="Non-default settings"
        testId="changed-settings"
        rows={topicRows(node, 'changed_settings')}
        columns={SETTING_COLUMNS}
        initialSort={{ id: 'pending_restart', desc: true }}
        rowTone={(r) => toneOf(settings.get(r.name) ?? [])}
        emptyText="Every setting is at its default."
      />
    </>
  )
}
