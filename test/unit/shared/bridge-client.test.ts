import { describe, expect, it, vi } from 'vitest'
import { createBridgeClient, type BridgeTransport } from '../../../src/shared/bridge-client'

function fakeTransport(): BridgeTransport & { calls: unknown[][]; subscribed: string[]; unsubscribed: string[] } {
  const transport = {
    calls: [] as unknown[][],
    subscribed: [] as string[],
    unsubscribed: [] as string[],
    call: vi.fn(async (name: string, args: unknown) => {
      transport.calls.push([name, args])
      return { ok: true as const, value: name }
    }),
    subscribe: (event: string) => void transport.subscribed.push(event),
    unsubscribe: (event: string) => void transport.unsubscribed.push(event)
  }
  return transport
}

describe('bridge client', () => {
  it('passes known requests to the transport and answers unknown ones itself', async () => {
    const transport = fakeTransport()
    const { bridge } = createBridgeClient(transport)
    await expect(bridge.invoke('app:info', {})).resolves.toEqual({ ok: true, value: 'app:info' })
    const unknown = await (bridge.invoke as (name: string, args: unknown) => Promise<unknown>)('fs:readFile', { path: '/etc/passwd' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-request' } })
    expect(transport.calls).toEqual([['app:info', {}]])
  })

  it('subscribes on the first listener and unsubscribes after the last', () => {
    const transport = fakeTransport()
    const client = createBridgeClient(transport)
    const first = client.bridge.on('settings:changed', () => undefined)
    const second = client.bridge.on('settings:changed', () => undefined)
    expect(transport.subscribed).toEqual(['settings:changed'])
    first()
    first()
    expect(transport.unsubscribed).toEqual([])
    second()
    expect(transport.unsubscribed).toEqual(['settings:changed'])
    expect(client.subscribedEvents()).toEqual([])
  })

  it('delivers only the payload to listeners, and one failing listener does not stop the others', () => {
    const client = createBridgeClient(fakeTransport())
    const received: unknown[] = []
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    client.bridge.on('settings:changed', () => {
      throw new Error('listener bug')
    })
    client.bridge.on('settings:changed', (...args: unknown[]) => received.push(args))
    client.deliver('settings:changed', { locale: 'ko', theme: 'dark' })
    client.deliver('not:an:event', {})
    expect(received).toEqual([[{ locale: 'ko', theme: 'dark' }]])
  })

  it('refuses unknown event names and non-function listeners', () => {
    const { bridge } = createBridgeClient(fakeTransport())
    const on = bridge.on as (event: string, listener: unknown) => () => void
    expect(() => on('exaone:anything', () => undefined)).toThrow(/Unknown event/)
    expect(() => on('settings:changed', 'alert(1)')).toThrow(/function/)
  })
})
