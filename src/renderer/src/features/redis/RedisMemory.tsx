import type { Finding } from '../../../../shared/findings'
import { formatBytes, formatCount, formatRatio } from '../../components/format'
import { infoNumber, ruleTone, type Tone } from './redis-model'

function Fact({
  label,
  value,
  tone,
  testId
}: {
  label: string
  value: string
  tone?: Tone
  testId?: string
}) {
  return (
    <div className="kv" data-tone={tone} data-testid={testId}>
      <div className="k">{label}</div>
      <div className="v" title={value}>
        {value}
      </div>
    </div>
  )
}

/**
 * INFO memory: used, RSS, fragmentation, peak, dataset vs overhead, the limit and the eviction policy.
 * Fragmentation and the limit are tinted as redis.fragmentation and redis.memory-usage judged this node.
 */
export function RedisMemory({
  info,
  node,
  findings
}: {
  info: Map<string, string>
  node: string
  findings: readonly Finding[]
}) {
  const used = infoNumber(info, 'used_memory')
  const frag = infoNumber(info, 'mem_fragmentation_ratio')
  const max = infoNumber(info, 'maxmemory')
  const dataset = infoNumber(info, 'used_memory_dataset')
  const overhead = infoNumber(info, 'used_memory_overhead')
  return (
    <div className="kv-grid" aria-label="Memory">
      <Fact label="Used" value={formatBytes(used)} />
      <Fact label="RSS" value={formatBytes(infoNumber(info, 'used_memory_rss'))} />
      <Fact
        label="Fragmentation"
        value={formatRatio(frag)}
        tone={ruleTone(findings, 'redis.fragmentation', node)}
        testId="fragmentation"
      />
      <Fact label="Peak" value={formatBytes(infoNumber(info, 'used_memory_peak'))} />
      <Fact label="Dataset / overhead" value={`${formatBytes(dataset)} / ${formatBytes(overhead)}`} />
      <Fact label="Dataset share" value={info.get('used_memory_dataset_perc') ?? '—'} />
      <Fact
        label="maxmemory"
        value={max === null || max === 0 ? 'no limit' : formatBytes(max)}
        tone={ruleTone(findings, 'redis.memory-usage', node)}
      />
      <Fact label="Eviction policy" value={info.get('maxmemory_policy') ?? '—'} />
      <Fact label="Evicted keys" value={formatCount(infoNumber(info, 'evicted_keys'))} />
      <Fact label="Clients" value={formatCount(infoNumber(info, 'connected_clients'))} />
    </div>
  )
}
