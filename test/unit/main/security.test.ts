import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { contentSecurityPolicyMeta } from '../../../electron.vite.config'
import { appUrl } from '../../../src/main/app-protocol'
import { chooseRendererUrl, guardWebContents, isAllowedExternalUrl, isAppUrl, mainWindowOptions, permissionHandlers } from '../../../src/main/security'
import { contentSecurityPolicy, devServerContentSecurityPolicy, pageContentSecurityPolicy } from '../../../src/shared/content-security-policy'

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
  // Node's crypto, not the Web Crypto the policy uses: an independent check of the hash browsers compare.
  const hashOf = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`
  const styleSources = (policy: string): string[] => /style-src ([^;]*)/.exec(policy)?.[1]?.split(' ') ?? []

  it('allows only the app itself to run code, style the page and connect: nothing inline', () => {
    for (const policy of [contentSecurityPolicy, devServerContentSecurityPolicy]) {
      expect(policy).toContain("default-src 'self'")
      expect(policy).toContain("script-src 'self'")
      expect(policy).toContain("object-src 'none'")
      expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/)
    }
    expect(contentSecurityPolicy).not.toContain('unsafe')
    expect(styleSources(contentSecurityPolicy)).toEqual(["'self'"])
    // Only Vite's dev server, which adds every stylesheet as a <style> by script.
    expect(styleSources(devServerContentSecurityPolicy)).toEqual(["'self'", "'unsafe-inline'"])
  })

  it("allows exactly a page's own <style> elements, by the hash of the text the browser parses", async () => {
    const first = 'body { color: red; }'
    const page = `<html><head><meta charset="UTF-8" /><style>${first}</style><STYLE media="print">\r\np { margin: 0 }\r</STYLE><style>${first}</style></head></html>`
    const policy = await pageContentSecurityPolicy(page)
    // CR LF and lone CR reach the hash as LF, as the HTML parser hands them on; a repeated element is named once.
    expect(styleSources(policy)).toEqual(["'self'", hashOf(first), hashOf('\np { margin: 0 }\n')])
    expect(policy).not.toContain('unsafe')
    expect(styleSources(await pageContentSecurityPolicy('<p>no styles</p>'))).toEqual(["'self'"])
  })

  it('is one policy: the meta tag the build injects is the header less frame-ancestors, which a meta tag cannot carry', async () => {
    const page = readFileSync('src/renderer/crashed.html', 'utf8')
    expect(page).not.toContain('Content-Security-Policy')
    const header = await pageContentSecurityPolicy(page)
    const meta = await pageContentSecurityPolicy(page, 'meta')
    expect(header).toContain("frame-ancestors 'none'")
    expect(meta).not.toContain('frame-ancestors')
    expect(`${meta}; frame-ancestors 'none'`).toBe(header)
    const { handler } = contentSecurityPolicyMeta().transformIndexHtml as { handler: (html: string, context: { filename: string; server?: object }) => Promise<string> }
    const built = await handler(page, { filename: 'crashed.html' })
    expect(built).toContain(`<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${meta}" />`)
    expect(built.indexOf('Content-Security-Policy')).toBeLessThan(built.indexOf('<style'))
    expect(await handler(page, { filename: 'crashed.html', server: {} })).toContain(`content="${devServerContentSecurityPolicy}"`)
    await expect(handler('<head></head>', { filename: 'broken.html' })).rejects.toThrow(/broken.html needs <meta charset/)
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
  it('accepts only the app:// origin, not another app:// host (URL.origin is "null" for both)', () => {
    expect(appUrl).toBe('app://exaone/index.html')
    expect(isAppUrl('app://exaone/index.html#/chat', appUrl)).toBe(true)
    expect(isAppUrl('app://exaone/crashed.html?details=x', appUrl)).toBe(true)
    expect(isAppUrl('app://evil/index.html', appUrl)).toBe(false)
    expect(isAppUrl('app://exaone.evil/index.html', appUrl)).toBe(false)
    expect(isAppUrl('file:///opt/EXAONE/resources/app.asar/out/renderer/index.html', appUrl)).toBe(false)
    expect(isAppUrl('https://example.com/', appUrl)).toBe(false)
    expect(isAppUrl(undefined, appUrl)).toBe(false)
  })

  it('accepts the dev server origin only', () => {
    expect(isAppUrl('http://localhost:5173/#/models', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
  })

  it('never trusts file: pages, even when asked to', () => {
    expect(isAppUrl('file:///tmp/evil.html', 'file:///app/out/renderer/index.html')).toBe(false)
  })
})

describe('renderer url', () => {
  const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' }

  it('takes the dev server from ELECTRON_RENDERER_URL only when not packaged', () => {
    expect(chooseRendererUrl(env, false)).toBe('http://localhost:5173')
    expect(chooseRendererUrl(env, true)).toBe('app://exaone/index.html')
    expect(chooseRendererUrl({}, false)).toBe('app://exaone/index.html')
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
  const app = appUrl

  it('blocks navigation and redirects away from the app, allows in-app navigation', () => {
    const contents = fakeContents()
    guardWebContents(contents, app, () => undefined)
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true)
    expect(contents.fire('will-redirect', 'file:///etc/passwd')).toBe(true)
    expect(contents.fire('will-navigate', 'app://other/index.html')).toBe(true)
    expect(contents.fire('will-navigate', 'app://exaone/index.html#/models')).toBe(false)
    expect(contents.fire('will-navigate', 'app://exaone/crashed.html')).toBe(false)
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

})

describe('permissions (Electron objects faked)', () => {
  const { request, check } = permissionHandlers(appUrl)
  const page = (url: string) => ({ getURL: () => url })
  const asked = (contents: { getURL(): string }, permission: string, requestingUrl: string): boolean => {
    const callback = vi.fn()
    request(contents, permission, callback, { requestingUrl })
    expect(callback).toHaveBeenCalledTimes(1)
    return callback.mock.calls[0]![0] as boolean
  }

  it("lets the app's own page write to the clipboard (every Copy button)", () => {
    expect(asked(page('app://exaone/index.html#/chat'), 'clipboard-sanitized-write', 'app://exaone/index.html#/chat')).toBe(true)
    expect(check(page('app://exaone/index.html'), 'clipboard-sanitized-write', 'app://exaone', {})).toBe(true)
  })

  it('refuses every other permission, even to the app', () => {
    for (const permission of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal', 'fileSystem']) {
      expect(asked(page(appUrl), permission, appUrl)).toBe(false)
      expect(check(page(appUrl), permission, 'app://exaone', {})).toBe(false)
    }
  })

  it('refuses the clipboard to any other page or frame', () => {
    expect(asked(page('https://evil.example/'), 'clipboard-sanitized-write', 'https://evil.example/')).toBe(false)
    expect(asked(page(appUrl), 'clipboard-sanitized-write', 'https://evil.example/frame')).toBe(false)
    expect(asked(page('app://other/index.html'), 'clipboard-sanitized-write', 'app://other/index.html')).toBe(false)
    expect(check(page(appUrl), 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(false)
    expect(check(page(appUrl), 'clipboard-sanitized-write', 'app://exaone', { embeddingOrigin: 'https://evil.example' })).toBe(false)
    expect(check(null, 'clipboard-sanitized-write', 'app://exaone', {})).toBe(false)
  })
})
