/**
 * Coalesces streamed text so a stream sends at most one message per frame (about 16 ms), while the first piece
 * goes out at once: batching must not add to the time to first token. Pieces of one tool call's arguments that
 * follow each other become one fragment; the first fragment of each call keeps its id and name.
 */
import type { StreamChunk, ToolCallDelta } from '../../shared/engine'
import type { StreamPiece } from './protocol'

export type StreamBatch = Omit<StreamChunk, 'requestId'>

export class StreamBatcher {
  private text = ''
  private reasoning = ''
  private toolCalls: ToolCallDelta[] = []
  private seq = 0
  private lastFlush = -Infinity
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly send: (batch: StreamBatch) => void,
    private readonly intervalMs = 16,
    private readonly now: () => number = () => performance.now()
  ) {}

  push(piece: StreamPiece): void {
    if (piece.kind === 'tool') this.addToolCall(piece.delta)
    else if (piece.text === '') return
    else if (piece.kind === 'text') this.text += piece.text
    else this.reasoning += piece.text
    if (this.timer) return
    const wait = this.lastFlush + this.intervalMs - this.now()
    if (wait <= 0) this.flush()
    else this.timer = setTimeout(() => this.flush(), wait)
  }

  /** Sends what is pending now; called on every tick and once at the end of the stream. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.text === '' && this.reasoning === '' && this.toolCalls.length === 0) return
    this.send({ seq: this.seq++, text: this.text, reasoning: this.reasoning, ...(this.toolCalls.length > 0 && { toolCalls: this.toolCalls }) })
    this.text = ''
    this.reasoning = ''
    this.toolCalls = []
    this.lastFlush = this.now()
  }

  private addToolCall(delta: ToolCallDelta): void {
    const last = this.toolCalls.at(-1)
    if (last && last.index === delta.index && delta.id === undefined) last.argumentsDelta += delta.argumentsDelta
    else this.toolCalls.push({ ...delta })
  }
}
