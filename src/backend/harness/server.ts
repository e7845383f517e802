/**
 * The browser harness: the real backend behind a WebSocket on 127.0.0.1, and the built renderer served beside it,
 * so the real UI runs in any browser. Only a page that carries the random token, from this server's own origin,
 * may connect.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { contentSecurityPolicy, pageContentSecurityPolicy, rendererContentTypes } from '../../shared/content-security-policy'
import { ClientMessage, type ServerMessage } from '../../shared/wire'
import type { Backend } from '../backend'
import { connect } from '../connection'
import { pageWithPreferences } from '../../shared/page-preferences'
import { isWithin } from '../paths'

export interface HarnessOptions {
  backend: Backend
  rendererDir: string
  port?: number
  token?: string
}

export interface Harness {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const host = '127.0.0.1'

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const page = pageWithPreferences(options.backend.settings)
  const server = createServer((request, response) => {
    serveStatic(options.rendererDir, page, request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error))
    })
  })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 })

  server.on('upgrade', (request, socket, head) => {
    const address = server.address() as AddressInfo
    const refusal = checkUpgrade(request, token, address.port)
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\n\r\n`)
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(options.backend, ws))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, resolve)
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://${host}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate()
        sockets.close()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** Returns the HTTP status line to refuse with, or null to accept. */
export function checkUpgrade(request: IncomingMessage, token: string, port: number): string | null {
  const url = new URL(request.url ?? '/', `http://${host}`)
  if (url.pathname !== '/ws') return '404 Not Found'
  const origin = request.headers.origin
  const allowedOrigins = [`http://${host}:${port}`, `http://localhost:${port}`]
  if (origin !== undefined && !allowedOrigins.includes(origin)) return '403 Forbidden'
  const given = Buffer.from(url.searchParams.get('token') ?? '')
  const expected = Buffer.from(token)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return '401 Unauthorized'
  return null
}

function serveSocket(backend: Backend, ws: WebSocket): void {
  const send = (message: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
  }
  const connection = connect(backend, (event, payload) => send({ t: 'event', event, payload }))
  ws.on('message', (data) => {
    let message: ClientMessage
    try {
      message = ClientMessage.parse(JSON.parse(data.toString()))
    } catch {
      ws.close(1003, 'Malformed message')
      return
    }
    if (message.t === 'call') {
      void connection.call(message.name, message.args).then((reply) => send({ t: 'reply', id: message.id, reply }))
    } else if (message.t === 'sub') connection.subscribe(message.event)
    else connection.unsubscribe(message.event)
  })
  ws.on('close', () => connection.close())
}

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store'
}

/** The built renderer's files; index.html goes through `page` first. */
async function serveStatic(root: string, page: (html: string) => Promise<string>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end()
    return
  }
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', `http://${host}`).pathname)
  } catch {
    response.writeHead(400).end()
    return
  }
  const relative = normalize(pathname).replace(/^([\\/])+/, '')
  let file = join(root, relative)
  if (!isWithin(file, root)) {
    response.writeHead(403).end()
    return
  }
  const found = await stat(file).catch(() => null)
  // The renderer is a single page: any path that is not a file is the page itself.
  if (!found?.isFile()) file = join(root, 'index.html')
  const type = rendererContentTypes[extname(file)] ?? 'application/octet-stream'
  if (extname(file) === '.html') {
    // A page's CSP allows exactly its own <style> elements.
    const html = await page(await readFile(file, 'utf8'))
    response.writeHead(200, { 'Content-Type': type, 'Content-Security-Policy': await pageContentSecurityPolicy(html), ...securityHeaders })
    response.end(request.method === 'HEAD' ? undefined : html)
    return
  }
  response.writeHead(200, { 'Content-Type': type, 'Content-Security-Policy': contentSecurityPolicy, ...securityHeaders })
  if (request.method === 'HEAD') {
    response.end()
    return
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response)
}
