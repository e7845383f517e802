/**
 * Server-sent events as OpenAI-compatible servers stream them: `data:` lines (several make one event, joined by
 * newlines), events ended by a blank line, `:` comments ignored (this app's own pings, SGLang's and proxies'
 * keep-alives), `event:`/`id:`/`retry:` fields ignored. Lines may end in \n, \r\n or \r, and a piece may end anywhere.
 */
export class SseParser {
  private buffer = ''
  private data: string[] = []

  /** The events a piece of the stream completes. */
  push(piece: string): string[] {
    this.buffer += piece
    const events: string[] = []
    let start = 0
    for (;;) {
      const end = this.lineEnd(start)
      if (end === -1) break
      this.line(this.buffer.slice(start, end), events)
      start = end + (this.buffer[end] === '\r' && this.buffer[end + 1] === '\n' ? 2 : 1)
    }
    this.buffer = this.buffer.slice(start)
    return events
  }

  /** What the stream's end completes: a last event without its blank line. */
  end(): string[] {
    const events: string[] = []
    if (this.buffer !== '') this.line(this.buffer, events)
    this.buffer = ''
    this.line('', events)
    return events
  }

  /** A lone \r at the very end may be half of \r\n: wait for the next piece. */
  private lineEnd(from: number): number {
    for (let index = from; index < this.buffer.length; index++) {
      const char = this.buffer[index]
      if (char === '\n') return index
      if (char === '\r') return index + 1 < this.buffer.length ? index : -1
    }
    return -1
  }

  private line(line: string, events: string[]): void {
    if (line === '') {
      if (this.data.length > 0) events.push(this.data.join('\n'))
      this.data = []
      return
    }
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    if (field !== 'data') return
    const value = colon === -1 ? '' : line.slice(colon + 1)
    this.data.push(value.startsWith(' ') ? value.slice(1) : value)
  }
}
