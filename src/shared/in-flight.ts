/**
 * Counts work in flight and says when none is left: the window's calls waiting for answers (renderer bridge.ts) and
 * the calls the backend is answering (CallTracker).
 */
export class InFlight {
  private count = 0
  private waiting: Array<() => void> = []

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count++
    try {
      return await work()
    } finally {
      if (--this.count === 0) {
        const waiting = this.waiting
        this.waiting = []
        for (const resolve of waiting) resolve()
      }
    }
  }

  /** Resolves once nothing is in flight, at once if nothing is. */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve))
  }
}
