/**
 * The window's security settings and guards, written as plain functions over the few Electron objects they
 * touch, so they are tested without Electron.
 */
import type { BrowserWindowConstructorOptions } from 'electron'
import { productName } from '../backend/paths'
import { appUrl as packagedAppUrl } from './app-protocol'

/**
 * The page the window loads: the built renderer on app:// or, only in an unpackaged run (`electron-vite dev`),
 * the dev server electron-vite names in ELECTRON_RENDERER_URL. A packaged app never takes its page from the
 * environment, where anyone who starts it could point it at their own.
 */
export function chooseRendererUrl(env: Record<string, string | undefined>, isPackaged: boolean): string {
  const devServer = env.ELECTRON_RENDERER_URL
  return !isPackaged && devServer ? devServer : packagedAppUrl
}

export function mainWindowOptions(preloadPath: string, bounds: Partial<Record<'x' | 'y' | 'width' | 'height', number>>): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: productName,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false
    }
  }
}

/** Hosts whose https pages may open in the system browser: the model pages, licences and this project. */
export const externalHostAllowlist = ['huggingface.co', 'hf-mirror.com', 'github.com', 'www.lgresearch.ai', 'lgresearch.ai']

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && externalHostAllowlist.includes(parsed.hostname)
}

/**
 * The page is trusted only when it is the app's own: same scheme and host (and port) as `appUrl`, the app://
 * page or the dev server. Compared by hand because URL.origin is "null" for schemes Node does not know (app:),
 * which would make every app:// page equal. file: is never trusted: any file on disk would be.
 */
export function isAppUrl(url: string | undefined, appUrl: string): boolean {
  if (!url) return false
  try {
    const given = new URL(url)
    const own = new URL(appUrl)
    const schemes = ['app:', 'http:', 'https:']
    return schemes.includes(own.protocol) && own.host !== '' && given.protocol === own.protocol && given.host === own.host
  } catch {
    return false
  }
}

interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/** No navigation away from the app, no new windows, no webviews; allowlisted https links go to the system browser. */
export function guardWebContents(contents: GuardedContents, appUrl: string, openExternal: (url: string) => void): void {
  const blockForeign = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  }
  contents.on('will-navigate', blockForeign)
  contents.on('will-redirect', blockForeign)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url)
    return { action: 'deny' }
  })
}

/** What the app's own page may do: write to the clipboard (every Copy button). */
const grantedToApp: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

/**
 * Session permission handlers: the app's own page gets `grantedToApp`; every other permission (camera,
 * notifications, geolocation, reading the clipboard, ...), and anything asked by any other page or frame, is no.
 */
export function permissionHandlers(appUrl: string): {
  request: (contents: { getURL(): string }, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void
  check: (contents: { getURL(): string } | null, permission: string, requestingOrigin: string, details: { embeddingOrigin?: string }) => boolean
} {
  const own = (url: string | undefined): boolean => isAppUrl(url, appUrl)
  return {
    request: (contents, permission, callback, details) => callback(grantedToApp.has(permission) && own(details.requestingUrl) && own(contents.getURL())),
    check: (contents, permission, requestingOrigin, details) =>
      grantedToApp.has(permission) && own(requestingOrigin) && (details.embeddingOrigin === undefined || own(details.embeddingOrigin)) && contents !== null && own(contents.getURL())
  }
}
