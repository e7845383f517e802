/**
 * Follows one streaming answer: keeps all of its text (for a failure, when no final result comes) and saves what
 * is new at most about once a second, so a crash loses little and a fast stream does not write on every token.
 */
import type { StreamChunk } from '../../../shared/engine'

export type SaveDelta = (text: string, reasoning: string) => Promise<void>

export class AnswerRecorder {
  text = ''
  reasoning = ''
  /** When the first words of the answer itself (not its reasoning) arrived. */
  firstTextAt: number | null = null
  private unsaved = { text: '', reasoning: '' }
  private lastSave = -Infinity
  private timer: ReturnType<typeof setTimeout> | null = null
  private saving: Promise<void> = Promise.resolve()
  private saveFailed = false

  constructor(
    private readonly save: SaveDelta,
    private readonly intervalMs = 1000,
    private readonly now: () => number = () => performance.now()
  ) {}

  push(chunk: Pick<StreamChunk, 'text' | 'reasoning'>): void {
    if (chunk.text && this.firstTextAt === null) this.firstTextAt = this.now()
    this.text += chunk.text
    this.reasoning += chunk.reasoning
    this.unsaved.text += chunk.text
    this.unsaved.reasoning += chunk.reasoning
    if (this.timer) return
    const wait = this.lastSave + this.intervalMs - this.now()
    if (wait <= 0) this.flush()
    else this.timer = setTimeout(() => this.flush(), wait)
  }

  /** Stops saving deltas and waits for the one in flight: the final line that follows says everything. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.saving
  }

  private flush(): void {
    this.timer = null
    const { text, reasoning } = this.unsaved
    if (text === '' && reasoning === '') return
    this.unsaved = { text: '', reasoning: '' }
    this.lastSave = this.now()
    this.saving = this.saving.then(() =>
      this.save(text, reasoning).catch((error: unknown) => {
        // The answer goes on; the final save reports the problem if the disk stays unwritable.
        if (!this.saveFailed) console.warn('A streaming answer could not be saved as it arrived:', error)
        this.saveFailed = true
      })
    )
  }
}
