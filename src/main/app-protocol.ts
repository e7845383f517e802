/**
 * The app:// protocol the window's page is served from, instead of file://: a real origin (app://exaone) that
 * the CSP's 'self', the IPC sender check and the permission handlers can name, and that no file on disk shares.
 * Only files under out/renderer are served. Written over the web's Request and Response, which Node has too,
 * so it is tested without Electron; src/main/index.ts hands it to protocol.handle.
 */
import { readFile, stat } from 'node:fs/promises'
import { extname, join, sep } from 'node:path'
import { contentSecurityPolicy, pageContentSecurityPolicy, rendererContentTypes } from '../shared/content-security-policy'

export const appScheme = 'app'
export const appHost = 'exaone'
export const appUrl = `${appScheme}://${appHost}/index.html`

/** For protocol.registerSchemesAsPrivileged, before the app is ready: a standard, secure scheme like https. */
export const appSchemePrivileges = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true }
}

/**
 * The file under `root` that an app:// URL names, or null when it names none: another scheme or host, a path
 * that climbs out (`..`, also percent-encoded), a backslash (a separator on Windows), a colon (drive letters,
 * NTFS streams), a NUL or a malformed escape. `/` is index.html.
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${appScheme}:` || parsed.host !== appHost) return null
  // The path as written, not as parsed: the URL parser resolves dot segments (%2e%2e included) and would hide a climb.
  const written = url.replace(/^[^:]*:\/\/[^/\\?#]*/, '').split(/[?#]/)[0] ?? ''
  const path = decodeSafely(written)
  if (path === null) return null
  const segments = path.split('/').filter((segment) => segment !== '')
  if (segments.some((segment) => segment === '.' || segment === '..' || /[\\:\0]/.test(segment))) return null
  const file = join(root, ...(segments.length ? segments : ['index.html']))
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null
}

function decodeSafely(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

const headers = (type: string, policy = contentSecurityPolicy): Record<string, string> => ({
  'Content-Type': type,
  'Content-Security-Policy': policy,
  'X-Content-Type-Options': 'nosniff'
})

/**
 * protocol.handle's handler for app://: the file with its type and the CSP, 404 for none, 400 for a refused path.
 * A page (.html) goes through `page` first, and its CSP allows exactly its own `<style>` elements.
 */
export function createAppProtocolHandler(root: string, page: (html: string) => Promise<string> = async (html) => html): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { Allow: 'GET, HEAD' } })
    const file = resolveAppPath(root, request.url)
    if (!file) return new Response('Refused: this address is outside the app.', { status: 400, headers: headers('text/plain; charset=utf-8') })
    const found = await stat(file).catch(() => null)
    if (!found?.isFile()) return new Response('Not found.', { status: 404, headers: headers('text/plain; charset=utf-8') })
    const extension = extname(file).toLowerCase()
    const type = rendererContentTypes[extension] ?? 'application/octet-stream'
    if (extension === '.html') {
      const html = await page(await readFile(file, 'utf8'))
      return new Response(request.method === 'HEAD' ? null : html, { status: 200, headers: headers(type, await pageContentSecurityPolicy(html)) })
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(await readFile(file)), { status: 200, headers: headers(type) })
  }
}
