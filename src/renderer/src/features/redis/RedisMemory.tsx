import { formatBytes, formatCount, formatRatio } from '../../components/format'
import { infoNumber } from './redis-model'

type Tone = 'bad' | 'warn' | undefined

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

const fragTone = (ratio: number | null, used: number | null): Tone => {
  // A tiny dataset always looks fragmented (RSS has a floor): only flag it past a few MiB.
  if (ratio === null) return undefined
  if (ratio > 1.5 && (used ?? 0) > 64 * 1024 * 1024) return 'bad'
  if (ratio > 1.5 || ratio < 1) return 'warn'
  return undefined
}

/** INFO memory: used, RSS, fragmentation, peak, dataset vs overhead, the limit and the eviction policy. */
export function RedisMemory({ info }: { info: Map<string, string> }) {
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
        tone={fragTone(frag, used)}
        testId="fragmentation"
      />
      <Fact label="Peak" value={formatBytes(infoNumber(info, 'used_memory_peak'))} />
      <Fact label="Dataset / overhead" value={`${formatBytes(dataset)} / ${formatBytes(overhead)}`} />
      <Fact label="Dataset share" value={info.get('used_memory_dataset_perc') ?? '—'} />
      <Fact
        label="maxmemory"
        value={max === null || max === 0 ? 'no limit' : formatBytes(max)}
        tone={max !== null && max > 0 && used !== null && used / max > 0.9 ? 'warn' : undefined}
      />
      <Fact label="Eviction policy" value={info.get('maxmemory_policy') ?? '—'} />
      <Fact label="Evicted keys" value={formatCount(infoNumber(info, 'evicted_keys'))} />
      <Fact label="Clients" value={formatCount(infoNumber(info, 'connected_clients'))} />
    </div>
  )
}
