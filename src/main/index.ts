/**
 * Electron entry: the composition root. It makes the backend, binds it to IPC, opens one secured window on
 * app:// and remembers where it was. Everything else lives in Electron-free services and plain functions here.
 */
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, screen, session, shell } from 'electron'
import { createBackend, type Backend } from '../backend/backend'
import { pageWithPreferences } from '../shared/page-preferences'
import { readJsonFile, writeFileAtomic } from '../backend/json-file'
import { dataPaths, resolveDataDir } from '../backend/paths'
import { devServerContentSecurityPolicy } from '../shared/content-security-policy'
import { appProcessesFromMetrics, hardwareProbeServiceName, inferenceServiceName } from './app-metrics'
import { appScheme, appSchemePrivileges, appUrl, createAppProtocolHandler } from './app-protocol'
import { pickGgufFile } from './gguf-files'
import { bindIpc } from './ipc'
import { crashPageUrl, quitAfterCleanup, recordCrash } from './lifecycle'
import { chooseRendererUrl, guardWebContents, mainWindowOptions, permissionHandlers } from './security'
import { forkUtilityProcess } from './utility-worker'
import { safeStorageSecrets } from './safe-storage-secrets'
import { restoredBounds, WindowState } from './window-state'

const dataDir = resolveDataDir()
app.setPath('userData', dataDir)

// Must happen before the app is ready.
protocol.registerSchemesAsPrivileged([appSchemePrivileges])
const rendererUrl = chooseRendererUrl(process.env, app.isPackaged)

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
    serveApi: true,
    showInFolder: (path) => shell.showItemInFolder(path),
    pickGgufFile: () => pickGgufFile(dialog, BrowserWindow.getFocusedWindow()),
    spawnWorker: () => forkUtilityProcess(join(import.meta.dirname, 'inference-worker.js'), inferenceServiceName),
    spawnProbe: () => forkUtilityProcess(join(import.meta.dirname, 'hardware-probe.js'), hardwareProbeServiceName),
    appProcesses: () => appProcessesFromMetrics(app.getAppMetrics()),
    secrets: safeStorageSecrets(dataPaths(dataDir).engineKeys, safeStorage)
  })
  protocol.handle(appScheme, createAppProtocolHandler(join(import.meta.dirname, '../renderer'), pageWithPreferences(backend.settings)))
  // Quitting waits (boundedly) for downloads to pause and the inference worker to exit.
  quitAfterCleanup(app, () => backend.dispose())

  const permissions = permissionHandlers(rendererUrl)
  session.defaultSession.setPermissionRequestHandler(permissions.request)
  session.defaultSession.setPermissionCheckHandler(permissions.check)
  // app:// responses carry their page's CSP themselves (app-protocol.ts); this covers the dev server alone.
  if (rendererUrl !== appUrl) {
    session.defaultSession.webRequest.onHeadersReceived({ urls: [`${new URL(rendererUrl).origin}/*`] }, (details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [devServerContentSecurityPolicy] } })
    })
  }
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

  // A crashed page comes back by itself (conversations and the model live in other processes), but a page that
  // keeps crashing gets an error page with Reload and Copy details instead of a reload loop.
  let crashes: number[] = []
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || window.isDestroyed()) return
    const verdict = recordCrash(crashes, Date.now())
    crashes = verdict.times
    if (verdict.action === 'reload') window.reload()
    else {
      const about = `The window's page stopped (${details.reason}, exit code ${details.exitCode}) ${crashes.length} times within a minute. EXAONE Desktop ${app.getVersion()}, Electron ${process.versions.electron}, ${process.platform} ${process.arch}.`
      void window.loadURL(crashPageUrl(rendererUrl, about))
    }
  })

  await window.loadURL(rendererUrl)
  return window
}
