/**
 * The one Content Security Policy of the app's pages, wherever they are served from: Electron's app:// protocol,
 * the browser harness (an HTTP header each) and the built pages (a meta tag, injected at build time by
 * electron.vite.config.ts).
 *
 * Nothing inline runs or styles the page unless the page itself names it: scripts only from the app's files, and
 * styles from its files or from the page's own `<style>` elements, each allowed by its sha256 ('sha256-…'), never
 * by 'unsafe-inline'. So a `style` attribute or a `<style>` that markup smuggles into the page (an answer rendered
 * as HTML, an extension) does nothing. Only Vite's dev server (`npm run dev`), which injects every stylesheet by
 * script, gets 'unsafe-inline' for styles.
 *
 * `frame-ancestors` is only obeyed in a header: browsers ignore it in a meta tag and warn in the console. So the
 * header form has it and the meta form leaves it out; both are otherwise the same policy.
 */
export type PolicyForm = 'header' | 'meta' | 'dev-server'

function policy(styleSources: readonly string[], form: PolicyForm): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    ["style-src 'self'", ...styleSources, ...(form === 'dev-server' ? ["'unsafe-inline'"] : [])].join(' '),
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(form === 'meta' ? [] : ["frame-ancestors 'none'"])
  ].join('; ')
}

/** For a response that is not a page (a script, a stylesheet, an error): no inline style to allow. */
export const contentSecurityPolicy = policy([], 'header')

/** For Vite's dev server, whose pages get their stylesheets as `<style>` elements added by script. */
export const devServerContentSecurityPolicy = policy([], 'dev-server')

/**
 * The policy for `html`, allowing exactly its `<style>` elements. The hash is of each element's text as the browser
 * sees it: the HTML parser turns CR LF and lone CR into LF first (a page checked out with Windows line ends).
 */
export async function pageContentSecurityPolicy(html: string, form: Exclude<PolicyForm, 'dev-server'> = 'header'): Promise<string> {
  const styles = [...html.matchAll(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style\s*>/gi)].map((match) => (match[1] ?? '').replace(/\r\n?/g, '\n'))
  const hashes = await Promise.all(styles.map(sha256Source))
  return policy([...new Set(hashes)], form)
}

async function sha256Source(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`
}

/** Types of the files the built renderer consists of; anything else is served as a download would be. */
export const rendererContentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm'
}
