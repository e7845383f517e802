/**
 * Who may call the API: the key check (Bearer, compared by hash in constant time), the browser origins allowed by
 * CORS (with Private Network Access), and the Host check that stops DNS rebinding on a loopback-only server.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** A new API key: 32 random bytes, recognisable by its prefix in a config file. */
export function generateApiKey(): string {
  return `exa-${randomBytes(32).toString('base64url')}`
}

/**
 * "sha256:<hex>". The key is 256 random bits, so a fast hash is as safe as a slow one here (no dictionary to try);
 * a key the user chose on the command line is never stored.
 */
export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key).digest('hex')}`
}

export function keyHint(key: string): string {
  return `…${key.slice(-4)}`
}

/** Whether the request carries the key whose hash is `keyHash`, as `Authorization: Bearer <key>`. */
export function hasApiKey(request: IncomingMessage, keyHash: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')
  if (!match?.[1]) return false
  const given = Buffer.from(hashApiKey(match[1]))
  const expected = Buffer.from(keyHash)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * On loopback, only Host names that mean this machine: a web page that rebinds its own name to 127.0.0.1 sends its
 * name in Host, and is refused.
 */
export function isLocalHost(hostHeader: string | undefined): boolean {
  const name = (hostHeader ?? '').replace(/:\d+$/, '').toLowerCase()
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]'
}

/**
 * CORS: an allowed origin gets its grant (and the Private Network Access grant a browser asks public pages for);
 * any other gets none. Returns false when the request comes from a page that is not allowed.
 */
export function applyCors(request: IncomingMessage, response: ServerResponse, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  response.setHeader('Vary', 'Origin')
  if (!allowedOrigins.includes(origin)) return false
  response.setHeader('Access-Control-Allow-Origin', origin)
  if (request.method === 'OPTIONS') {
    response.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
    response.setHeader('Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? 'authorization, content-type')
    response.setHeader('Access-Control-Max-Age', '600')
    if (request.headers['access-control-request-private-network'] === 'true') response.setHeader('Access-Control-Allow-Private-Network', 'true')
  }
  return true
}
