import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron'
import type { Backend } from '../backend/backend'
import { connect, type Connection } from '../backend/connection'
import { ipcChannels as channels } from '../shared/contract-names'
import type { Reply } from '../shared/errors'
import { checkDroppedFile } from './gguf-files'
import { isAppUrl } from './security'

type SenderEvent = Pick<IpcMainEvent | IpcMainInvokeEvent, 'sender' | 'senderFrame'>

/**
 * Binds the contract to Electron IPC. Every message's sender frame must be the app's own page; arguments are
 * validated by the backend's dispatcher like on every other transport. A dropped file's path, which only the
 * preload can read, is checked here before the page hears of it (`library:dropped`).
 */
export function bindIpc(ipcMain: Pick<IpcMain, 'handle' | 'on'>, backend: Backend, appUrl: string): void {
  const connections = new Map<number, Connection>()
  const trusted = (event: SenderEvent): boolean => isAppUrl(event.senderFrame?.url, appUrl)

  const connectionOf = (sender: WebContents): Connection => {
    let connection = connections.get(sender.id)
    if (!connection) {
      const created = connect(backend, (name, payload) => {
        if (!sender.isDestroyed()) sender.send(channels.event, name, payload)
      })
      connections.set(sender.id, created)
      sender.once('destroyed', () => {
        created.close()
        connections.delete(sender.id)
      })
      // A reload starts a new page that subscribes afresh.
      sender.on('did-start-navigation', (details: { isMainFrame?: boolean; isSameDocument?: boolean }) => {
        if (details.isMainFrame && !details.isSameDocument) created.close()
      })
      connection = created
    }
    return connection
  }

  ipcMain.handle(channels.invoke, (event, name: unknown, args: unknown): Promise<Reply<unknown>> => {
    if (!trusted(event)) {
      return Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'This page may not use EXAONE Desktop.' } })
    }
    return connectionOf(event.sender).call(name, args)
  })
  ipcMain.on(channels.subscribe, (event, name: unknown) => {
    if (trusted(event)) connectionOf(event.sender).subscribe(name)
  })
  ipcMain.on(channels.unsubscribe, (event, name: unknown) => {
    if (trusted(event)) connectionOf(event.sender).unsubscribe(name)
  })
  ipcMain.on(channels.droppedFile, (event, path: unknown) => {
    if (trusted(event)) void checkDroppedFile(path).then((dropped) => backend.hub.emit('library:dropped', dropped))
  })
}
