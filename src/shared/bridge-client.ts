/**
 * The page side of every transport: keeps the page's listeners and tells the transport to subscribe to an
 * event on its first listener and to unsubscribe after its last, so the backend only does work (sampling,
 * streaming) that somebody is watching. The preload and the WebSocket client both build on this.
 */
import { isEventName, isRequestName, type EventName } from './contract-names'
import type { ExaoneBridge } from './contract'
import type { Reply } from './errors'

export interface BridgeTransport {
  call(name: string, args: unknown): Promise<Reply<unknown>>
  subscribe(event: EventName): void
  unsubscribe(event: EventName): void
}

export interface BridgeClient {
  bridge: ExaoneBridge
  /** Called by the transport when an event arrives. */
  deliver(event: string, payload: unknown): void
  /** Events with at least one listener, for resubscribing after a reconnect. */
  subscribedEvents(): EventName[]
}

export function createBridgeClient(transport: BridgeTransport): BridgeClient {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()

  const bridge = {
    invoke(name: string, args: unknown): Promise<Reply<unknown>> {
      if (!isRequestName(name)) {
        return Promise.resolve({ ok: false, error: { code: 'unknown-request', message: `Unknown request "${String(name)}".` } })
      }
      return transport.call(name, args)
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!isEventName(event)) throw new TypeError(`Unknown event "${String(event)}".`)
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.')
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
        transport.subscribe(event)
      }
      const wrapped = (payload: unknown): void => listener(payload)
      set.add(wrapped)
      return () => {
        const current = listeners.get(event)
        if (!current?.delete(wrapped) || current.size > 0) return
        listeners.delete(event)
        transport.unsubscribe(event)
      }
    }
  } as ExaoneBridge

  return {
    bridge,
    deliver(event, payload) {
      if (!isEventName(event)) return
      for (const listener of listeners.get(event) ?? []) {
        try {
          listener(payload)
        } catch (error) {
          console.error(`A listener for "${event}" failed:`, error)
        }
      }
    },
    subscribedEvents: () => [...listeners.keys()]
  }
}
