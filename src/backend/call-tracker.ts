import { InFlight } from '../shared/in-flight'

/**
 * The calls the dispatcher is answering, so that work no caller waits for starts once they are answered: the full
 * hardware probe's process and the catalog's online check. A window's first burst of calls otherwise shares the CPU
 * with a Node process starting and a TLS handshake; on the 2-core build machine the status bar's meter came about
 * 70 ms later for it (docs/performance.md). A call that runs long (a model loading, an answer streaming) holds that
 * work back `maxWaitMs` at most.
 */
export class CallTracker {
  private readonly calls = new InFlight()

  constructor(private readonly maxWaitMs = 1000) {}

  track<T>(call: () => Promise<T>): Promise<T> {
    return this.calls.track(call)
  }

  /** Resolves once no call is being answered and their replies have gone, or after `maxWaitMs`. */
  answered(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.maxWaitMs)
      void this.calls.idle().then(() => {
        clearTimeout(timer)
        // After the replies: each is sent when its call's promise settles, before the check phase.
        setImmediate(resolve)
      })
    })
  }
}
