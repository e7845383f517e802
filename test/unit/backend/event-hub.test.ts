import { describe, expect, it, vi } from 'vitest'
import { EventHub } from '../../../src/backend/event-hub'
import { defaultSettings } from '../../../src/shared/settings-plain'

describe('event hub', () => {
  it('runs an observed source only while somebody listens', () => {
    const hub = new EventHub()
    const stop = vi.fn()
    const start = vi.fn(() => stop)
    hub.whileObserved('settings:changed', start)
    expect(start).not.toHaveBeenCalled()

    const first = hub.on('settings:changed', () => undefined)
    const second = hub.on('settings:changed', () => undefined)
    expect(start).toHaveBeenCalledTimes(1)
    first()
    expect(stop).not.toHaveBeenCalled()
    second()
    expect(stop).toHaveBeenCalledTimes(1)
    second()
    expect(stop).toHaveBeenCalledTimes(1)

    hub.on('settings:changed', () => undefined)
    expect(start).toHaveBeenCalledTimes(2)
  })

  it('starts a source registered while listeners already exist', () => {
    const hub = new EventHub()
    hub.on('settings:changed', () => undefined)
    const start = vi.fn(() => () => undefined)
    hub.whileObserved('settings:changed', start)
    expect(start).toHaveBeenCalledTimes(1)
  })

  it('delivers to every listener even when one throws', () => {
    const hub = new EventHub()
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const received: unknown[] = []
    hub.on('settings:changed', () => {
      throw new Error('bad listener')
    })
    hub.on('settings:changed', (settings) => received.push(settings))
    hub.emit('settings:changed', defaultSettings)
    expect(received).toEqual([defaultSettings])
    expect(hub.listenerCount('settings:changed')).toBe(2)
  })
})
