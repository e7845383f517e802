/**
 * The only way the renderer reaches the backend. It does not know, and nothing above it knows, whether
 * Electron IPC or the browser harness's WebSocket carries the call.
 */
import type { EventName, EventPayload, ExaoneBridge, RequestArgs, RequestName, RequestResult } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { createWebSocketBridge } from './websocket-bridge'

const bridge: ExaoneBridge = window.exaone ?? (window.exaone = createWebSocketBridge())

let pending = 0
let nonePendingWaiters: Array<() => void> = []

export async function call<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> {
  pending++
  try {
    const reply = await bridge.invoke(name, args)
    if (!reply.ok) throw new AppError(reply.error)
    return reply.value
  } finally {
    if (--pending === 0) {
      const waiters = nonePendingWaiters
      nonePendingWaiters = []
      for (const resolve of waiters) resolve()
    }
  }
}

/** Resolves once no call is waiting for its answer (at once if none is): at startup, once the first answers are in. */
export function nonePending(): Promise<void> {
  return pending === 0 ? Promise.resolve() : new Promise((resolve) => nonePendingWaiters.push(resolve))
}

export function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return bridge.on(event, listener)
}

/**
 * Mirrors a backend state: listens to its event, then asks for it once. An event that comes before the answer is
 * newer than it, so the answer then changes nothing. Returns the unsubscribe.
 */
export function follow<E extends EventName, N extends RequestName>(
  event: E,
  request: N,
  args: RequestArgs<N>,
  apply: (value: EventPayload<E> | RequestResult<N>) => void,
  onError?: (error: unknown) => void
): () => void {
  let heard = false
  const stop = on(event, (payload) => {
    heard = true
    apply(payload)
  })
  void call(request, args).then((value) => heard || apply(value), onError)
  return stop
}
