/**
 * Who may generate now: up to one request per context sequence, the rest in a FIFO line of bounded length. Past
 * the bound a request is refused with 'busy' and how long to wait, which an HTTP server sends as Retry-After.
 */
import { AppError } from '../../shared/errors'

interface Waiting {
  requestId: string
  admit(admitted: boolean): void
  fail(error: AppError): void
}

export class RequestSlots {
  private readonly running = new Set<string>()
  private readonly waiting: Waiting[] = []
  /** A running mean of how long answers take, for the retry estimate. */
  private meanAnswerMs = 0

  constructor(
    private capacity: number,
    private readonly maxWaiting: number
  ) {}

  get runningIds(): string[] {
    return [...this.running]
  }

  get waitingCount(): number {
    return this.waiting.length
  }

  has(requestId: string): boolean {
    return this.running.has(requestId) || this.waiting.some((entry) => entry.requestId === requestId)
  }

  /** A fresh model: its sequence count, and no one running or waiting (the caller has failed them). */
  reset(capacity: number): void {
    this.capacity = capacity
    this.running.clear()
    this.waiting.length = 0
  }

  /** Settles true when the request may run, false when it was cancelled while waiting; throws 'busy' when full. */
  enter(requestId: string): Promise<boolean> {
    if (this.running.size < this.capacity && this.waiting.length === 0) {
      this.running.add(requestId)
      return Promise.resolve(true)
    }
    if (this.waiting.length >= this.maxWaiting) {
      throw new AppError({
        code: 'busy',
        message: `The model is answering ${this.running.size} requests and ${this.waiting.length} more are waiting.`,
        hint: 'Try again shortly.',
        retryAfterSeconds: this.retryAfterSeconds()
      })
    }
    return new Promise((admit, fail) => this.waiting.push({ requestId, admit, fail }))
  }

  /** A running request ended: the next in line takes its place. */
  leave(requestId: string, answerMs?: number): void {
    if (!this.running.delete(requestId)) return
    if (answerMs !== undefined) this.meanAnswerMs = this.meanAnswerMs === 0 ? answerMs : 0.8 * this.meanAnswerMs + 0.2 * answerMs
    const next = this.waiting.shift()
    if (!next) return
    this.running.add(next.requestId)
    next.admit(true)
  }

  /** Takes a waiting request out of line; false when it is not waiting. */
  cancel(requestId: string): boolean {
    const index = this.waiting.findIndex((entry) => entry.requestId === requestId)
    if (index === -1) return false
    this.waiting.splice(index, 1)[0]?.admit(false)
    return true
  }

  /** The engine stopped: everyone waiting gets its error (the running ones get theirs from the worker). */
  failWaiting(error: AppError): void {
    for (const entry of this.waiting.splice(0)) entry.fail(error)
  }

  private retryAfterSeconds(): number {
    const rounds = Math.ceil((this.waiting.length + 1) / Math.max(1, this.capacity))
    return Math.min(600, Math.max(1, Math.ceil((rounds * this.meanAnswerMs) / 1000)))
  }
}
