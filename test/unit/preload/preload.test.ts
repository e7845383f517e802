import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ExaoneBridge } from '../../../src/shared/contract'
import { ipcChannels } from '../../../src/shared/contract-names'

/** A fake `electron` module: records what the preload exposes and sends, and lets the test play main's part. */
const fake = vi.hoisted(() => {
  const state = {
    exposed: new Map<string, unknown>(),
    sent: [] as unknown[][],
    invoked: [] as unknown[][],
    rendererListeners: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
    /** The page's window as far as the preload listens to it (dragover, drop). */
    windowListeners: new Map<string, (event: unknown) => void>()
  }
  return state
})

vi.stubGlobal('addEventListener', (type: string, listener: (event: unknown) => void) => fake.windowListeners.set(type, listener))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      fake.invoked.push(args)
      return { ok: true, value: 'from main' }
    },
    send: (...args: unknown[]) => fake.sent.push(args),
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => fake.rendererListeners.set(channel, listener)
  },
  // A fake File carries its path where Electron's webUtils would find it.
  webUtils: { getPathForFile: (file: { fakePath: string }) => file.fakePath }
}))

describe('preload against a fake electron', () => {
  beforeEach(async () => {
    vi.resetModules()
    fake.exposed.clear()
    fake.sent.length = 0
    fake.invoked.length = 0
    await import('../../../src/preload/index')
  })

  const bridge = (): ExaoneBridge => fake.exposed.get('exaone') as ExaoneBridge

  it('exposes exactly invoke and on as window.exaone, nothing else', () => {
    expect([...fake.exposed.keys()]).toEqual(['exaone'])
    expect(Object.keys(bridge()).sort()).toEqual(['invoke', 'on'])
  })

  it('forwards allowlisted requests on one channel and refuses others without reaching main', async () => {
    await expect(bridge().invoke('app:info', {})).resolves.toEqual({ ok: true, value: 'from main' })
    const raw = bridge().invoke as (name: string, args: unknown) => Promise<unknown>
    await expect(raw('ipc:raw', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-request' } })
    expect(fake.invoked).toEqual([[ipcChannels.invoke, 'app:info', {}]])
  })

  it('hands listeners the payload only, never the Electron event', () => {
    const received: unknown[][] = []
    const unsubscribe = bridge().on('settings:changed', (...args: unknown[]) => received.push(args))
    expect(fake.sent).toEqual([[ipcChannels.subscribe, 'settings:changed']])
    const electronEvent = { sender: { send: () => undefined }, ports: [] }
    fake.rendererListeners.get(ipcChannels.event)?.(electronEvent, 'settings:changed', { locale: 'ko', theme: 'dark' })
    expect(received).toEqual([[{ locale: 'ko', theme: 'dark' }]])
    unsubscribe()
    expect(fake.sent.at(-1)).toEqual([ipcChannels.unsubscribe, 'settings:changed'])
  })

  it('sends the path of a file dropped on the window to main, and keeps the drop from navigating', () => {
    let prevented = 0
    const event = (files: unknown[]) => ({ preventDefault: () => prevented++, dataTransfer: { files } })
    fake.windowListeners.get('dragover')?.(event([]))
    fake.windowListeners.get('drop')?.(event([{ fakePath: '/models/a.gguf' }, { fakePath: '/models/b.gguf' }]))
    fake.windowListeners.get('drop')?.(event([]))
    expect(prevented).toBe(3)
    expect(fake.sent).toEqual([[ipcChannels.droppedFile, '/models/a.gguf']])
  })
})
