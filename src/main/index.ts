/**
 * Electron entry: the composition root. It makes the backend, binds it to IPC, opens one secured window and
 * remembers where it was. Everything else lives in Electron-free services.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, ipcMain, screen, session, shell } from 'electron'
import { createBackend, type Backend } from '../backend/backend'
import { readJsonFile, writeFileAtomic } from '../backend/json-file'
import { resolveDataDir } from '../backend/paths'
import { bindIpc } from './ipc'
import { contentSecurityPolicy, denyAllPermissions, guardWebContents, mainWindowOptions } from './security'
import { spawnUtilityWorker } from './utility-worker'
import { restoredBounds, WindowState } from './window-state'

const dataDir = resolveDataDir()
app.setPath('userData', dataDir)

const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  void start()
}

async function start(): Promise<void> {
  await app.whenReady()
  const backend = await createBackend({
    dataDir,
    version: app.getVersion(),
    purgeDeletedChats: true,
    showInFolder: (path) => shell.showItemInFolder(path),
    spawnWorker: () => spawnUtilityWorker(join(import.meta.dirname, 'inference-worker.js'))
  })

  session.defaultSession.setPermissionRequestHandler(denyAllPermissions)
  session.defaultSession.setPermissionCheckHandler(() => false)
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } })
  })
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, rendererUrl, (url) => void shell.openExternal(url))
  })

  bindIpc(ipcMain, backend, rendererUrl)
  let window = await openMainWindow(backend)

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openMainWindow(backend).then((opened) => (window = opened))
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => void backend.dispose())
}

async function openMainWindow(backend: Backend): Promise<BrowserWindow> {
  const saved = await readJsonFile(backend.paths.windowState, WindowState.nullable(), null)
  const workAreas = screen.getAllDisplays().map((display) => display.workArea)
  const window = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/index.cjs'), restoredBounds(saved, workAreas)))
  if (saved?.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())

  const remember = (): void => {
    if (window.isDestroyed() || window.isMinimized()) return
    const state: WindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() }
    void writeFileAtomic(backend.paths.windowState, JSON.stringify(state))
  }
  window.on('close', remember)

  // The monitor shows the window's own memory; its process changes after a crash or reload.
  let unregisterRenderer: (() => void) | null = null
  window.webContents.on('did-finish-load', () => {
    unregisterRenderer?.()
    unregisterRenderer = backend.monitor.registerProcess('renderer', window.webContents.getOSProcessId())
  })
  window.on('closed', () => unregisterRenderer?.())
  // A crashed page comes back by itself: conversations and the model live in other processes.
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit' && !window.isDestroyed()) window.reload()
  })

  await window.loadURL(rendererUrl)
  return window
}
