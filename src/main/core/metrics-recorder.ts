/**
 * Samples the charts' metrics of every connected profile in the background, while the app runs, not only
 * while a page is open (issue 19, item 7): a page opened during an incident shows the hour before it.
 * One sample per connection at a time (a slow server never piles up samples); a sample that failed, or a
 * connection that is down, leaves a gap marker, so the charts draw a gap instead of a line across it.
 */
import type { MetricsHistory, MetricsSample } from '../../shared/metrics'
import type { EngineSession } from '../engines/types'

/** An hour of 5 s samples per connection: a trend, and small enough to keep for every connection. */
export const MAX_SAMPLES = 720
export const SAMPLE_EVERY_MS = 5_000

export interface SampledSessions {
  /** Ids of the connections that are open (connected or failed); disconnected ones are not sampled. */
  watched(): { id: string; connected: boolean }[]
  session(id: string): Promise<EngineSession>
}

export class MetricsRecorder {
  private readonly history = new Map<string, MetricsSample[]>()
  private readonly errors = new Map<string, string | null>()
  private readonly inFlight = new Set<string>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly sessions: SampledSessions,
    private readonly sample: (session: EngineSession) => Promise<MetricsSample>,
    readonly everyMs = SAMPLE_EVERY_MS
  ) {}

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => void this.tick(), this.everyMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** One round over every watched connection; resolves when each of its samples has answered. */
  async tick(): Promise<void> {
    await Promise.all(
      this.sessions.watched().map(async ({ id, connected }) => {
        if (this.inFlight.has(id)) return
        if (!connected) return this.gap(id, 'not connected')
        this.inFlight.add(id)
        try {
          this.append(id, await this.sample(await this.sessions.session(id)))
          this.errors.set(id, null)
        } catch (cause) {
          this.gap(id, cause instanceof Error ? cause.message : String(cause))
        } finally {
          this.inFlight.delete(id)
        }
      })
    )
  }

  read(id: string): MetricsHistory {
    return { samples: this.history.get(id) ?? [], everyMs: this.everyMs, error: this.errors.get(id) ?? null }
  }

  forget(id: string): void {
    this.history.delete(id)
    this.errors.delete(id)
  }

  /** A sample with no nodes: every series is null there, which the chart draws as a gap. */
  private gap(id: string, why: string): void {
    this.errors.set(id, why)
    const last = this.history.get(id)?.at(-1)
    // Only after real samples, and one marker per outage.
    if (last !== undefined && last.nodes.length > 0)
      this.append(id, { at: Math.max(Date.now(), last.at + 1), nodes: [] })
  }

  private append(id: string, sample: MetricsSample): void {
    const samples = this.history.get(id) ?? []
    const last = samples.at(-1)
    // A late answer must not go back in time (the x axis stays sorted).
    if (last !== undefined && sample.at <= last.at) return
    samples.push(sample)
    if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES)
    this.history.set(id, samples)
  }
}
