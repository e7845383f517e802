/**
 * The only way the renderer reaches the backend. It does not know, and nothing above it knows, whether
 * Electron IPC or the browser harness's WebSocket carries the call.
 */
import type { EventName, EventPayload, ExaoneBridge, RequestArgs, RequestName, RequestResult } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { InFlight } from '../../shared/in-flight'
import { createWebSocketBridge } from './websocket-bridge'

const bridge: ExaoneBridge = window.exaone ?? (window.exaone = createWebSocketBridge())

const calls = new InFlight()

export function call<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> {
  return calls.track(async () => {
    const reply = await bridge.invoke(name, args)
    if (!reply.ok) throw new AppError(reply.error)
    return reply.value
  })
}

/** Resolves once no call is waiting for its answer (at once if none is): at startup, once the first answers are in. */
export function nonePending(): Promise<void> {
  return calls.idle()
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
