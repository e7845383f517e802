/**
 * The one Content Security Policy of the app's page, wherever it is served from: Electron's app:// protocol and
 * dev server (main), the browser harness (an HTTP header) and the built index.html (a meta tag, injected at build
 * time by electron.vite.config.ts).
 *
 * `frame-ancestors` is only obeyed in a header: browsers ignore it in a meta tag and warn in the console. So the
 * header form has it and the meta form leaves it out; both are otherwise the same policy.
 */
const directives = [
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
]

/** For a Content-Security-Policy response header. */
export const contentSecurityPolicy = directives.join('; ')

/** For `<meta http-equiv="Content-Security-Policy">`: the same without what a meta tag cannot carry. */
export const metaContentSecurityPolicy = directives.filter((directive) => !directive.startsWith('frame-ancestors')).join('; ')

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
