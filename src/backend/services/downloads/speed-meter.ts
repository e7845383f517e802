/** Bytes per second over the last few seconds, so neither a burst nor a short pause swings the estimate. */
export class SpeedMeter {
  private samples: Array<{ at: number; total: number }> = []
  private total = 0

  constructor(
    private readonly windowMs = 5000,
    private readonly now: () => number = Date.now
  ) {}

  add(bytes: number): void {
    this.total += bytes
    const at = this.now()
    const last = this.samples.at(-1)
    // One sample per 100 ms is plenty and keeps the list short at gigabytes per second.
    if (last && at - last.at < 100) last.total = this.total
    else this.samples.push({ at, total: this.total })
    while (this.samples.length > 2 && at - (this.samples[1]?.at ?? at) > this.windowMs) this.samples.shift()
  }

  /** After a pause or a retry: the wait says nothing about the connection's speed. */
  reset(): void {
    this.samples = []
    this.total = 0
  }

  /** null until there is half a second of data. */
  bytesPerSecond(): number | null {
    const first = this.samples[0]
    const elapsed = first ? this.now() - first.at : 0
    if (!first || elapsed < 500) return null
    // Measured up to now, so a stall shows as a falling speed rather than the last good one.
    return ((this.total - first.total) * 1000) / elapsed
  }
}
