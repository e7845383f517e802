import { isEventName, type EventName } from '../shared/contract-names'
import type { Reply } from '../shared/errors'
import type { Backend } from './backend'

/**
 * One window or browser tab, whatever carries it: forwards its calls and keeps its event subscriptions, so
 * that closing it unsubscribes everything it listened to.
 */
export interface Connection {
  call(name: unknown, args: unknown): Promise<Reply<unknown>>
  subscribe(event: unknown): void
  unsubscribe(event: unknown): void
  close(): void
}

export function connect(backend: Backend, send: (event: EventName, payload: unknown) => void): Connection {
  const subscriptions = new Map<EventName, () => void>()
  return {
    call: (name, args) => backend.dispatch(name, args),
    subscribe(event) {
      if (!isEventName(event) || subscriptions.has(event)) return
      subscriptions.set(event, backend.hub.on(event, (payload) => send(event, payload)))
    },
    unsubscribe(event) {
      if (!isEventName(event)) return
      subscriptions.get(event)?.()
      subscriptions.delete(event)
    },
    close() {
      for (const unsubscribe of subscriptions.values()) unsubscribe()
      subscriptions.clear()
    }
  }
}
