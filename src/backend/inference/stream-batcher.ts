/**
 * Coalesces streamed text so a stream sends at most one message per frame (about 16 ms), while the first piece
 * goes out at once: batching must not add to the time to first token.
 */
export class StreamBatcher {
  private text = ''
  private reasoning = ''
  private seq = 0
  private lastFlush = -Infinity
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly send: (batch: { seq: number; text: string; reasoning: string }) => void,
    private readonly intervalMs = 16,
    private readonly now: () => number = () => performance.now()
  ) {}

  push(kind: 'text' | 'reasoning', piece: string): void {
    if (piece === '') return
    if (kind === 'text') this.text += piece
    else this.reasoning += piece
    if (this.timer) return
    const wait = this.lastFlush + this.intervalMs - this.now()
    if (wait <= 0) this.flush()
    else this.timer = setTimeout(() => this.flush(), wait)
  }

  /** Sends what is pending now; called on every tick and once at the end of the stream. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.text === '' && this.reasoning === '') return
    this.send({ seq: this.seq++, text: this.text, reasoning: this.reasoning })
    this.text = ''
    this.reasoning = ''
    this.lastFlush = this.now()
  }
}
