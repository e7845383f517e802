import type { EventName, EventPayload } from '../shared/contract'

type Listener<E extends EventName> = (payload: EventPayload<E>) => void

/**
 * Backend events with listener counting: a service can run a source (a sampler, a watcher) only while
 * somebody listens, through `whileObserved`.
 */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<never>>>()
  private readonly observers = new Map<EventName, { start: () => () => void; stop?: () => void }>()

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event)
    if (!set) this.listeners.set(event, (set = new Set()))
    set.add(listener as Listener<never>)
    if (set.size === 1) this.startObserver(event)
    return () => {
      if (!set.delete(listener as Listener<never>) || set.size > 0) return
      const observer = this.observers.get(event)
      observer?.stop?.()
      if (observer) delete observer.stop
    }
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        ;(listener as Listener<E>)(payload)
      } catch (error) {
        console.error(`A listener for "${event}" failed:`, error)
      }
    }
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0
  }

  /** Runs `start` while `event` has at least one listener; `start` returns the matching stop. */
  whileObserved(event: EventName, start: () => () => void): void {
    this.observers.set(event, { start })
    if (this.listenerCount(event) > 0) this.startObserver(event)
  }

  private startObserver(event: EventName): void {
    const observer = this.observers.get(event)
    if (observer && !observer.stop) observer.stop = observer.start()
  }
}
