/**
 * An HTTP CONNECT proxy on 127.0.0.1, as corporate networks run them: it opens a tunnel to the host:port asked for
 * and counts the tunnels; with `credentials` ("user:pass") it answers 407 to a request without them. Requests that
 * are not CONNECT get 405, so a client that skipped the tunnel shows.
 */
import { createServer, type IncomingMessage } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

export interface ConnectProxy {
  /** http://127.0.0.1:<port>, with the credentials when the proxy wants them. */
  url: string
  /** The host:port of every tunnel opened, in order. */
  tunnels: string[]
  /** Proxy-Authorization headers refused. */
  refused: number
  close(): Promise<void>
}

export async function startConnectProxy(options: { credentials?: string } = {}): Promise<ConnectProxy> {
  const sockets = new Set<Socket>()
  const proxy: Omit<ConnectProxy, 'url' | 'close'> = { tunnels: [], refused: 0 }
  const wanted = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : null
  const server = createServer((_request, response) => response.writeHead(405).end('CONNECT only'))
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client)
    client.once('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    if (wanted && request.headers['proxy-authorization'] !== wanted) {
      proxy.refused++
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const [host = '', port = ''] = (request.url ?? '').split(':')
    const upstream = connect(Number(port), host, () => {
      proxy.tunnels.push(request.url ?? '')
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.once('close', () => sockets.delete(upstream))
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(proxy, {
    url: `http://${options.credentials ? `${options.credentials}@` : ''}127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  })
}
