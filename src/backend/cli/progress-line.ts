/**
 * One line of progress on standard error: redrawn in place on a terminal; otherwise (a log, a pipe) a line when it
 * changes, at most every 2 s unless `milestone` (a step starts or ends).
 */
export class ProgressLine {
  private lastText = ''
  private lastPrintAt = 0
  private drawn = false

  show(text: string, milestone: boolean): void {
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${text.padEnd(this.lastText.length)}`)
      this.drawn = true
    } else if (milestone || Date.now() - this.lastPrintAt > 2000) {
      if (text !== this.lastText) process.stderr.write(`${text}\n`)
      this.lastPrintAt = Date.now()
    }
    this.lastText = text
  }

  end(): void {
    if (this.drawn) process.stderr.write('\n')
    this.drawn = false
  }
}
