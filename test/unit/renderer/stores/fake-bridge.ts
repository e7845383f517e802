/**
 * A `window.exaone` for store tests in Node: calls go to handlers a test sets (each may answer at once, later, or
 * fail), and events are emitted by the test. Installed with `installFakeBridge()` from `vi.hoisted`, before the
 * stores import the bridge.
 */
import type { ExaoneBridge } from '../../../../src/shared/contract'
import type { AppErrorData, Reply } from '../../../../src/shared/errors'

type Handler = (args: never) => unknown

export interface FakeBridge {
  bridge: ExaoneBridge
  calls: Array<{ name: string; args: unknown }>
  /** Answers `name` with what `handler` returns (a value, or a promise of one); a thrown AppErrorData fails it. */
  handle(name: string, handler: Handler): void
  emit(event: string, payload: unknown): void
  listenerCount(event: string): number
  reset(): void
}

export function installFakeBridge(): FakeBridge {
  const handlers = new Map<string, Handler>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const calls: Array<{ name: string; args: unknown }> = []
  const bridge = {
    async invoke(name: string, args: unknown): Promise<Reply<unknown>> {
      calls.push({ name, args })
      const handler = handlers.get(name)
      if (!handler) return { ok: false, error: { code: 'unknown-request', message: `No handler for ${name} in this test` } }
      try {
        return { ok: true, value: await handler(args as never) }
      } catch (error) {
        return { ok: false, error: error as AppErrorData }
      }
    },
    on(event: string, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => void set.delete(listener)
    }
  } as unknown as ExaoneBridge
  Object.assign(globalThis, { window: { exaone: bridge } })
  return {
    bridge,
    calls,
    handle: (name, handler) => void handlers.set(name, handler),
    emit: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)),
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
    reset() {
      handlers.clear()
      calls.length = 0
    }
  }
}

/** A promise and the functions that settle it, for answers a test gives when it chooses. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}
