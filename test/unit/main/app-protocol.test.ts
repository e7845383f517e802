/** The app:// handler for real, over real files in a temporary out/renderer; only protocol.handle itself is Electron's. */
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appSchemePrivileges, createAppProtocolHandler, resolveAppPath } from '../../../src/main/app-protocol'
import { contentSecurityPolicy, pageContentSecurityPolicy } from '../../../src/shared/content-security-policy'

let base: string
let root: string

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'exaone-app-protocol-'))
  root = join(base, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>')
  await writeFile(join(root, 'styled.html'), '<!doctype html><style>body{color:red}</style>')
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}')
  await writeFile(join(root, 'assets', 'font.woff2'), 'wOF2')
  await writeFile(join(root, 'assets', 'blob.bin'), 'x')
  // A file beside the renderer folder that no app:// URL may reach.
  await writeFile(join(base, 'secret.txt'), 'secret')
})

afterAll(() => rm(base, { recursive: true, force: true }))

describe('app:// path resolution', () => {
  it('maps the app host to files under the renderer folder, / to index.html', () => {
    expect(resolveAppPath(root, 'app://exaone/')).toBe(join(root, 'index.html'))
    expect(resolveAppPath(root, 'app://exaone/index.html#/chat')).toBe(join(root, 'index.html'))
    expect(resolveAppPath(root, 'app://exaone/assets/index-abc.js?v=1')).toBe(join(root, 'assets', 'index-abc.js'))
    expect(resolveAppPath(root, 'app://exaone/assets/my%20file.js')).toBe(join(root, 'assets', 'my file.js'))
  })

  it.each([
    'app://exaone/../secret.txt',
    'app://exaone/assets/../../secret.txt',
    'app://exaone/%2e%2e/secret.txt',
    'app://exaone/%2E%2E/secret.txt',
    'app://exaone/.%2e/secret.txt',
    'app://exaone/..%2fsecret.txt',
    'app://exaone/..%5csecret.txt',
    'app://exaone/assets\\..\\..\\secret.txt',
    'app://exaone/%5c%5cserver%5cshare',
    'app://exaone/C:%5cWindows%5cwin.ini',
    'app://exaone/index.html::$DATA',
    'app://exaone/index.html%00.png',
    'app://exaone/%E0%A4%A',
    'app://other/index.html',
    'https://exaone/index.html',
    'file:///etc/passwd',
    'not a url'
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull()
  })

  it('is registered as a standard, secure scheme (a real origin, like https)', () => {
    expect(appSchemePrivileges).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } })
  })
})

describe('app:// handler', () => {
  const handle = (url: string, method = 'GET'): Promise<Response> => createAppProtocolHandler(root)(new Request(url, { method }))

  it.each([
    ['app://exaone/', 'text/html; charset=utf-8', '<!doctype html><title>app</title>'],
    ['app://exaone/assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['app://exaone/assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
    ['app://exaone/assets/font.woff2', 'font/woff2', 'wOF2'],
    ['app://exaone/assets/blob.bin', 'application/octet-stream', 'x']
  ])('serves %s as %s with the CSP', async (url, type, body) => {
    const response = await handle(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(type)
    expect(response.headers.get('content-security-policy')).toBe(type.startsWith('text/html') ? await pageContentSecurityPolicy(body) : contentSecurityPolicy)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toBe(body)
  })

  it("lets a page's CSP allow its own <style> and no other inline style, HEAD included", async () => {
    for (const method of ['GET', 'HEAD']) {
      const policy = (await handle('app://exaone/styled.html', method)).headers.get('content-security-policy') ?? ''
      expect(policy, method).toContain(`style-src 'self' 'sha256-${createHash('sha256').update('body{color:red}').digest('base64')}';`)
      expect(policy, method).not.toContain('unsafe')
    }
  })

  it('passes a page, and only a page, through the page transform (the theme and language the user chose)', async () => {
    const themed = createAppProtocolHandler(root, async (html) => html.replace('<title>', '<title>dark '))
    expect(await (await themed(new Request('app://exaone/'))).text()).toBe('<!doctype html><title>dark app</title>')
    expect(await (await themed(new Request('app://exaone/assets/index-abc.js'))).text()).toBe('console.log(1)')
  })

  it('answers 400 to a path that climbs out, 404 to a missing file or a folder, 405 to anything but GET and HEAD', async () => {
    const refused = await handle('app://exaone/%2e%2e%2fsecret.txt')
    expect(refused.status).toBe(400)
    expect(await refused.text()).not.toContain('secret')
    expect((await handle('app://exaone/missing.js')).status).toBe(404)
    expect((await handle('app://exaone/assets')).status).toBe(404)
    expect((await handle('app://exaone/index.html', 'POST')).status).toBe(405)
    const head = await handle('app://exaone/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })
})
