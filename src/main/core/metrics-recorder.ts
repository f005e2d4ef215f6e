/**
 * Samples the charts' metrics of every connected profile in the background, while the app runs, not only
 * while a page is open (issue 19, item 7): a page opened during an incident shows the hour before it.
 * One sample per connection at a time (a slow server never piles up samples); a sample that failed, or a
 * connection that is down, leaves a gap marker, so the charts draw a gap instead of a line across it.
 * Every sample and gap marker is written through to the history store (issue 19, item 8), and a
 * connection's hour is read back from it after a restart, with a gap marker for the time the app was off.
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

/** Where samples outlive the process (core/history-store.ts); gap markers carry their reason. */
export interface SampleLog {
  appendSample(connectionId: string, sample: MetricsSample, gapReason: string | null): void
  samples(connectionId: string, since: number, limit: number): MetricsSample[]
}

const NO_LOG: SampleLog = { appendSample: () => undefined, samples: () => [] }

export const NOT_RUNNING = 'dbconsole was not running'

export class MetricsRecorder {
  private readonly history = new Map<string, MetricsSample[]>()
  private readonly errors = new Map<string, string | null>()
  private readonly inFlight = new Set<string>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly sessions: SampledSessions,
    private readonly sample: (session: EngineSession) => Promise<MetricsSample>,
    readonly everyMs = SAMPLE_EVERY_MS,
    private readonly log: SampleLog = NO_LOG
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
    return { samples: this.loaded(id), everyMs: this.everyMs, error: this.errors.get(id) ?? null }
  }

  forget(id: string): void {
    this.history.delete(id)
    this.errors.delete(id)
  }

  /** A sample with no nodes: every series is null there, which the chart draws as a gap. */
  private gap(id: string, why: string): void {
    this.errors.set(id, why)
    const last = this.loaded(id).at(-1)
    // Only after real samples, and one marker per outage.
    if (last !== undefined && last.nodes.length > 0)
      this.append(id, { at: Math.max(Date.now(), last.at + 1), nodes: [] }, why)
  }

  private append(id: string, sample: MetricsSample, gapReason: string | null = null): void {
    const samples = this.loaded(id)
    const last = samples.at(-1)
    // A late answer must not go back in time (the x axis stays sorted).
    if (last !== undefined && sample.at <= last.at) return
    samples.push(sample)
    if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES)
    this.log.appendSample(id, sample, gapReason)
  }

  /**
   * The connection's samples in memory; the first time in this process, its last hour from the log, closed
   * by a gap marker when it ends in a real sample (the app stopped there: no line across the time it was off).
   */
  private loaded(id: string): MetricsSample[] {
    const known = this.history.get(id)
    if (known) return known
    const kept = this.log.samples(id, Date.now() - MAX_SAMPLES * this.everyMs, MAX_SAMPLES)
    this.history.set(id, kept)
    const last = kept.at(-1)
    if (last !== undefined && last.nodes.length > 0)
      this.append(id, { at: last.at + 1, nodes: [] }, NOT_RUNNING)
    return kept
  }
}
