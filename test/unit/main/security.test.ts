import { describe, expect, it, vi } from 'vitest'
import { contentSecurityPolicy, denyAllPermissions, guardWebContents, isAllowedExternalUrl, isAppUrl, mainWindowOptions } from '../../../src/main/security'

describe('main window options (Electron not needed: they are data)', () => {
  it('isolate and sandbox the page with no Node in it', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs', {})
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false
    })
    expect(options.show).toBe(false)
  })

  it('take remembered bounds but never go below the minimum size', () => {
    const options = mainWindowOptions('/p', { x: 10, y: 20, width: 900, height: 600 })
    expect(options).toMatchObject({ x: 10, y: 20, width: 900, height: 600, minWidth: 720, minHeight: 480 })
  })
})

describe('content security policy', () => {
  it('allows only the app itself to run code and connect', () => {
    expect(contentSecurityPolicy).toContain("default-src 'self'")
    expect(contentSecurityPolicy).toContain("script-src 'self'")
    expect(contentSecurityPolicy).toContain("object-src 'none'")
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/)
  })
})

describe('external links', () => {
  it.each([
    ['https://huggingface.co/LGAI-EXAONE/EXAONE-4.0-1.2B-GGUF', true],
    ['https://hf-mirror.com/LGAI-EXAONE', true],
    ['https://github.com/LG-AI-EXAONE/EXAONE-4.0', true],
    ['http://huggingface.co/', false],
    ['https://huggingface.co.evil.example/', false],
    ['https://user:pass@huggingface.co/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false]
  ])('%s allowed: %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed)
  })
})

describe('app url check for IPC senders', () => {
  it('accepts only the packaged index.html', () => {
    const app = 'file:///opt/EXAONE/resources/app.asar/out/renderer/index.html'
    expect(isAppUrl('file:///opt/EXAONE/resources/app.asar/out/renderer/index.html#/chat', app)).toBe(true)
    expect(isAppUrl('file:///tmp/evil.html', app)).toBe(false)
    expect(isAppUrl('https://example.com/', app)).toBe(false)
    expect(isAppUrl(undefined, app)).toBe(false)
  })

  it('accepts the dev server origin only', () => {
    expect(isAppUrl('http://localhost:5173/#/models', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
  })
})

function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>()
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null
  return {
    on: (name: string, listener: (event: { preventDefault(): void }, url: string) => void) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler
    },
    fire(name: string, url = '') {
      const event = { preventDefault: vi.fn() }
      listeners.get(name)?.(event, url)
      return event.preventDefault.mock.calls.length > 0
    },
    open: (url: string) => openHandler?.({ url })
  }
}

describe('web contents guard (with a fake webContents)', () => {
  const app = 'file:///app/out/renderer/index.html'

  it('blocks navigation and redirects away from the app, allows in-app navigation', () => {
    const contents = fakeContents()
    guardWebContents(contents, app, () => undefined)
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true)
    expect(contents.fire('will-redirect', 'file:///etc/passwd')).toBe(true)
    expect(contents.fire('will-navigate', 'file:///app/out/renderer/index.html#/models')).toBe(false)
    expect(contents.fire('will-attach-webview')).toBe(true)
  })

  it('denies every new window and opens only allowlisted https links in the system browser', () => {
    const contents = fakeContents()
    const openExternal = vi.fn()
    guardWebContents(contents, app, openExternal)
    expect(contents.open('https://huggingface.co/LGAI-EXAONE')).toEqual({ action: 'deny' })
    expect(contents.open('https://evil.example/')).toEqual({ action: 'deny' })
    expect(contents.open('smb://share/file')).toEqual({ action: 'deny' })
    expect(openExternal.mock.calls).toEqual([['https://huggingface.co/LGAI-EXAONE']])
  })

  it('denies every permission request', () => {
    const callback = vi.fn()
    denyAllPermissions(null, 'media', callback)
    denyAllPermissions(null, 'notifications', callback)
    expect(callback.mock.calls).toEqual([[false], [false]])
  })
})
