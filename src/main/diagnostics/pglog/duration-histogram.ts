/**
 * Durations of one shape in bounded memory: exact count/sum/min/max, and percentiles from log-spaced
 * buckets 1% wide (so p95 of a million statements costs a few hundred numbers, not a million).
 */
const GROWTH = Math.log(1.01)
/** Durations below 1 microsecond share the first bucket. */
const FLOOR_MS = 0.001

export class DurationHistogram {
  count = 0
  sumMs = 0
  minMs = Infinity
  maxMs = 0
  private readonly buckets = new Map<number, number>()

  add(ms: number): void {
    this.count += 1
    this.sumMs += ms
    if (ms < this.minMs) this.minMs = ms
    if (ms > this.maxMs) this.maxMs = ms
    const b = Math.ceil(Math.log(Math.max(ms, FLOOR_MS) / FLOOR_MS) / GROWTH)
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1)
  }

  /** The q-quantile (0..1), within 1% of the exact value, clamped to the observed range. */
  quantile(q: number): number | null {
    if (this.count === 0) return null
    const rank = Math.max(1, Math.ceil(q * this.count))
    let seen = 0
    for (const b of [...this.buckets.keys()].sort((x, y) => x - y)) {
      seen += this.buckets.get(b) ?? 0
      if (seen >= rank) return Math.min(this.maxMs, Math.max(this.minMs, FLOOR_MS * Math.exp(b * GROWTH)))
    }
    return this.maxMs
  }
}
