/**
 * The whole bridge: `window.exaone` with `invoke(name, args)` and `on(event, listener)`. Names are checked
 * against the contract here; the Electron event object never reaches the page. Besides, a file dropped on the
 * window has its path sent to main (dropped-files.ts).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { createBridgeClient } from '../shared/bridge-client'
import { ipcChannels as channels } from '../shared/contract-names'
import type { Reply } from '../shared/errors'
import { forwardDroppedFiles, type DropTarget } from './dropped-files'

const client = createBridgeClient({
  call: (name, args) => ipcRenderer.invoke(channels.invoke, name, args) as Promise<Reply<unknown>>,
  subscribe: (event) => ipcRenderer.send(channels.subscribe, event),
  unsubscribe: (event) => ipcRenderer.send(channels.unsubscribe, event)
})

ipcRenderer.on(channels.event, (_event, name: unknown, payload: unknown) => {
  if (typeof name === 'string') client.deliver(name, payload)
})

contextBridge.exposeInMainWorld('exaone', client.bridge)

forwardDroppedFiles(globalThis as unknown as DropTarget, (file) => webUtils.getPathForFile(file as File), (path) => ipcRenderer.send(channels.droppedFile, path))
