import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IpcMain } from 'electron'
import { describe, expect, it } from 'vitest'
import { createBackend } from '../../../src/backend/backend'
import { bindIpc } from '../../../src/main/ipc'
import { ipcChannels } from '../../../src/shared/contract-names'
import { defaultSettings } from '../../../src/shared/settings-plain'

const appUrl = 'app://exaone/index.html'

/** A fake ipcMain and webContents: Electron cannot run here, the binding logic can. */
function fakeElectron() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  const ipcMain = {
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => handlers.set(channel, handler),
    on: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => handlers.set(channel, handler)
  } as unknown as IpcMain
  let nextId = 1
  const makeSender = () => {
    const lifecycle = new Map<string, (details?: unknown) => void>()
    const sent: unknown[][] = []
    return {
      id: nextId++,
      sent,
      destroyed: false,
      isDestroyed() {
        return this.destroyed
      },
      send: (...args: unknown[]) => sent.push(args),
      once: (name: string, listener: () => void) => lifecycle.set(name, listener),
      on: (name: string, listener: (details?: unknown) => void) => lifecycle.set(name, listener),
      emit: (name: string, details?: unknown) => lifecycle.get(name)?.(details)
    }
  }
  const event = (sender: ReturnType<typeof makeSender>, url: string) => ({ sender, senderFrame: { url } })
  return { ipcMain, handlers, makeSender, event }
}

async function setup() {
  const backend = await createBackend({ dataDir: await mkdtemp(join(tmpdir(), 'exaone-ipc-')), version: '9.9.9' })
  const electron = fakeElectron()
  bindIpc(electron.ipcMain, backend, appUrl)
  const invoke = (sender: ReturnType<typeof electron.makeSender>, url: string, name: unknown, args: unknown) =>
    electron.handlers.get(ipcChannels.invoke)?.(electron.event(sender, url), name, args)
  const send = (channel: string, sender: ReturnType<typeof electron.makeSender>, url: string, name: unknown) =>
    electron.handlers.get(channel)?.(electron.event(sender, url), name)
  return { backend, electron, invoke, send }
}

describe('IPC binding (with a fake ipcMain)', () => {
  it('answers the app page and validates its arguments', async () => {
    const { invoke, electron } = await setup()
    const sender = electron.makeSender()
    await expect(invoke(sender, `${appUrl}#/chat`, 'app:info', {})).resolves.toMatchObject({ ok: true, value: { version: '9.9.9' } })
    await expect(invoke(sender, appUrl, 'settings:update', { locale: 42 })).resolves.toMatchObject({ ok: false, error: { code: 'bad-request' } })
    await expect(invoke(sender, appUrl, 'shell:exec', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-request' } })
  })

  it('refuses every call from a frame that is not the app', async () => {
    const { invoke, electron, backend } = await setup()
    const sender = electron.makeSender()
    await expect(invoke(sender, 'https://evil.example/', 'settings:update', { locale: 'ko' })).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    await expect(invoke(sender, 'file:///tmp/other.html', 'app:info', {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    await expect(invoke(sender, 'app://other/index.html', 'app:info', {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await backend.settings.get()).toMatchObject({ locale: 'system' })
  })

  it('sends subscribed events to the window and stops when it unsubscribes, closes or reloads', async () => {
    const { invoke, send, electron, backend } = await setup()
    const sender = electron.makeSender()
    send(ipcChannels.subscribe, sender, appUrl, 'settings:changed')
    send(ipcChannels.subscribe, sender, appUrl, 'settings:changed')
    send(ipcChannels.subscribe, sender, 'https://evil.example/', 'hardware:updated')
    send(ipcChannels.subscribe, sender, appUrl, 'no:such:event')
    expect(backend.hub.listenerCount('settings:changed')).toBe(1)
    expect(backend.hub.listenerCount('hardware:updated')).toBe(0)

    await invoke(sender, appUrl, 'settings:update', { theme: 'dark' })
    expect(sender.sent).toEqual([[ipcChannels.event, 'settings:changed', { ...defaultSettings, theme: 'dark' }]])

    send(ipcChannels.unsubscribe, sender, appUrl, 'settings:changed')
    expect(backend.hub.listenerCount('settings:changed')).toBe(0)

    send(ipcChannels.subscribe, sender, appUrl, 'settings:changed')
    sender.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false })
    expect(backend.hub.listenerCount('settings:changed')).toBe(0)

    send(ipcChannels.subscribe, sender, appUrl, 'settings:changed')
    sender.emit('destroyed')
    expect(backend.hub.listenerCount('settings:changed')).toBe(0)
  })

  it('checks a dropped file\'s path before the window hears of it, and ignores drops reported by other frames', async () => {
    const { send, electron, backend } = await setup()
    const sender = electron.makeSender()
    const heard: unknown[] = []
    backend.hub.on('library:dropped', (dropped) => heard.push(dropped))
    const folder = await mkdtemp(join(tmpdir(), 'exaone-drop-'))
    const model = join(folder, 'model.gguf')
    await writeFile(model, 'GGUF')
    const next = (): Promise<unknown> => new Promise((resolve) => {
      const stop = backend.hub.on('library:dropped', (dropped) => {
        stop()
        resolve(dropped)
      })
    })
    let arrived = next()
    send(ipcChannels.droppedFile, sender, appUrl, model)
    expect(await arrived).toEqual({ path: model, error: null })
    arrived = next()
    send(ipcChannels.droppedFile, sender, appUrl, join(folder, 'notes.txt'))
    expect(await arrived).toMatchObject({ path: null, error: { code: 'bad-model', message: 'notes.txt is not a .gguf file.' } })
    send(ipcChannels.droppedFile, sender, 'https://evil.example/', model)
    arrived = next()
    send(ipcChannels.droppedFile, sender, appUrl, { not: 'a path' })
    expect(await arrived).toMatchObject({ path: null, error: { code: 'bad-request' } })
    // The one from another frame never arrived: only the three from the app's page did.
    expect(heard).toHaveLength(3)
  })
})
