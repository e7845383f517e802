/**
 * Server-sent events as OpenAI streams them: `data: <json>` events, `data: [DONE]` at the end, and `:` comment
 * pings whenever nothing else was sent for a while (undici, Node's fetch, gives up on a silent stream during a long
 * prompt). The headers go out with the first event or ping, so a request that fails before then still gets a
 * proper HTTP error status.
 */
import type { ServerResponse } from 'node:http'

/** How often a quiet stream gets a ping; llama-server's is 30 s, undici's body timeout 300 s. */
export const defaultPingMs = 15_000

export class SseWriter {
  private readonly timer: NodeJS.Timeout
  private quiet = true

  constructor(
    private readonly response: ServerResponse,
    pingMs: number
  ) {
    this.timer = setInterval(() => {
      if (this.quiet) this.write(': ping\n\n')
      this.quiet = true
    }, pingMs)
  }

  /** Whether the headers went out: after that, errors travel as a data line. */
  get started(): boolean {
    return this.response.headersSent
  }

  data(payload: unknown): void {
    this.write(`data: ${JSON.stringify(payload)}\n\n`)
  }

  /** Ends the stream with `[DONE]`. */
  end(): void {
    this.write('data: [DONE]\n\n')
    this.close()
  }

  /** Stops the pings, and ends the stream if it started; one that did not is left for an HTTP error reply. */
  close(): void {
    clearInterval(this.timer)
    if (this.started && !this.response.writableEnded) this.response.end()
  }

  private write(text: string): void {
    if (this.response.writableEnded || this.response.destroyed) return
    if (!this.response.headersSent) {
      this.response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' })
    }
    this.quiet = false
    this.response.write(text)
  }
}
