/**
 * The window's security settings and guards, written as plain functions over the few Electron objects they
 * touch, so they are tested without Electron.
 */
import type { BrowserWindowConstructorOptions } from 'electron'
import { productName } from '../backend/paths'

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

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

/** The page is trusted only when it is the app's own: its dev server in development, its index.html otherwise. */
export function isAppUrl(url: string | undefined, appUrl: string): boolean {
  if (!url) return false
  try {
    const given = new URL(url)
    const own = new URL(appUrl)
    if (own.protocol === 'file:') return given.protocol === 'file:' && given.pathname === own.pathname
    return given.origin === own.origin
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

/** Answers every permission request (camera, notifications, geolocation, ...) with no. */
export const denyAllPermissions = (_contents: unknown, _permission: string, callback: (granted: boolean) => void): void => callback(false)
