/** rawGet, the downloads' HTTP/1.1 client, against real servers on 127.0.0.1 that frame their answers in awkward ways. */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { NotPlainBody, rawGet, type RawResponse } from '../../../src/backend/services/downloads/raw-get'
import { TransientError } from '../../../src/backend/services/downloads/retry-policy'

const servers: Array<Server | TcpServer> = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

/** A TCP server that answers each connection with `answer`, byte by byte as the test decides. */
async function tcpServer(answer: (socket: Socket) => void): Promise<URL> {
  const server = createTcpServer((socket) => socket.once('data', () => answer(socket)))
  servers.push(server)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/file`)
}

async function body(response: RawResponse): Promise<Buffer[]> {
  const chunks: Buffer[] = []
  for await (const chunk of response) chunks.push(Buffer.from(chunk))
  return chunks
}

describe('rawGet', () => {
  it('reads a head split across packets, and the body after it', async () => {
    const url = await tcpServer((socket) => {
      socket.write('HTTP/1.1 206 Partial Content\r\nContent-Le')
      setImmediate(() => socket.write('ngth: 11\r\nContent-Range: bytes 5-15/16\r\nX-Two: a\r\nX-Two: b\r\n\r\nhello'))
      setTimeout(() => socket.end(' world'), 20)
    })
    const response = await rawGet(url, { headers: { range: 'bytes=5-' }, timeoutMs: 5000 })
    expect(response.statusCode).toBe(206)
    expect(response.headers).toMatchObject({ 'content-length': '11', 'content-range': 'bytes 5-15/16', 'x-two': 'a, b' })
    expect(Buffer.concat(await body(response)).toString()).toBe('hello world')
  })

  it('hands over what a slow server sent before the rest comes', async () => {
    let sendRest = (): void => undefined
    const url = await tcpServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nfirst')
      sendRest = () => socket.end('-last')
    })
    const response = await rawGet(url, { timeoutMs: 5000 })
    const chunks = response[Symbol.asyncIterator]()
    expect(Buffer.from((await chunks.next()).value as Buffer).toString()).toBe('first')
    sendRest()
    expect(Buffer.from((await chunks.next()).value as Buffer).toString()).toBe('-last')
    expect((await chunks.next()).done).toBe(true)
  })

  it('says the connection broke when it closes before the announced length', async () => {
    const url = await tcpServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this'))
    const response = await rawGet(url, { timeoutMs: 5000 })
    const failure = await body(response).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(TransientError)
    expect(failure).toMatchObject({ reason: 'network', message: 'The connection broke (9 of the 100 bytes the server announced came).' })
  })

  it('keeps nothing past the announced length', async () => {
    const url = await tcpServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbodyEXTRA'))
    expect(Buffer.concat(await body(await rawGet(url, { timeoutMs: 5000 }))).toString()).toBe('body')
  })

  it('leaves a chunked body to Node\'s client', async () => {
    const server = createHttpServer((_request, response) => {
      response.write('no length')
      response.end()
    })
    servers.push(server)
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    await expect(rawGet(new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`), { timeoutMs: 5000 })).rejects.toBeInstanceOf(NotPlainBody)
  })

  it('says so when the server answers nothing in time, and when it is not HTTP', async () => {
    const silent = await tcpServer(() => undefined)
    await expect(rawGet(silent, { timeoutMs: 50 })).rejects.toMatchObject({ reason: 'stalled', message: `${silent.host} did not answer within 0 s.` })
    const garbage = await tcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'))
    await expect(rawGet(garbage, { timeoutMs: 5000 })).rejects.toMatchObject({ reason: 'server', message: expect.stringContaining('did not start as HTTP/1.1 does') })
  })

  it('refuses a header value that would end the line', async () => {
    await expect(async () => rawGet(new URL('http://127.0.0.1:9/'), { headers: { range: 'bytes=0-\r\nX-Evil: 1' }, timeoutMs: 5000 })).rejects.toThrow('The header range holds a line break.')
  })

  it('reads a large body in blocks far larger than a socket read of 64 KiB', async () => {
    const data = Buffer.alloc(16 << 20, 7)
    const url = await tcpServer((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${data.length}\r\n\r\n`)
      socket.end(data)
    })
    const chunks = await body(await rawGet(url, { timeoutMs: 5000 }))
    expect(Buffer.concat(chunks).equals(data)).toBe(true)
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeGreaterThan(64 * 1024)
  })

  it('reuses a block once every view of it is released, and never one that is still held', async () => {
    const data = randomBytes(24 << 20)
    const url = await tcpServer((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${data.length}\r\n\r\n`)
      socket.end(data)
    })
    const response = await rawGet(url, { timeoutMs: 5000 })
    const copies: Buffer[] = []
    const held: Array<{ view: Buffer; copy: Buffer }> = []
    const blocks = new Set<ArrayBufferLike>()
    for await (const view of response) {
      const copy = Buffer.from(view)
      copies.push(copy)
      blocks.add(view.buffer)
      // The first block's views are kept, as a write that never ends would keep them; the others go back at once.
      if (view.buffer === held[0]?.view.buffer || held.length === 0) held.push({ view, copy })
      else response.release(view)
    }
    expect(Buffer.concat(copies).equals(data)).toBe(true)
    expect(held.every(({ view, copy }) => view.equals(copy))).toBe(true)
    // 24 blocks' worth of body through a handful of blocks: the held one, the one being filled, one released.
    expect(blocks.size).toBeLessThanOrEqual(4)
  })

  it('stops reading while the reader is behind, and goes on when it catches up', async () => {
    const data = Buffer.alloc(48 << 20, 3)
    const url = await tcpServer((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${data.length}\r\n\r\n`)
      socket.end(data)
    })
    const response = await rawGet(url, { timeoutMs: 5000 })
    let bytes = 0
    for await (const chunk of response) {
      // A disk that stalls once: meanwhile the socket gets more than 8 MiB ahead, and the reading must pause. Were it
      // never resumed, this loop would wait for ever.
      if (bytes === 0) await new Promise((resolve) => setTimeout(resolve, 200))
      bytes += chunk.length
    }
    expect(bytes).toBe(data.length)
  })

  it('over TLS, verifies the certificate, and reads the body into blocks from a server it trusts', async () => {
    const fixtures = join(process.cwd(), 'test/fixtures/tls')
    const data = Buffer.alloc(3 << 20, 1)
    const server = createHttpsServer({ key: readFileSync(join(fixtures, 'localhost-key.pem')), cert: readFileSync(join(fixtures, 'localhost-cert.pem')) }, (_request, response) => {
      response.writeHead(200, { 'content-length': String(data.length) })
      response.end(data)
    })
    servers.push(server)
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/file`
    await expect(rawGet(new URL(url), { timeoutMs: 5000 })).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/helpers/raw-get-child.ts', url], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(fixtures, 'localhost-cert.pem') }
    })
    const fetched = JSON.parse(stdout) as { statusCode: number; bytes: number; largest: number }
    expect(fetched).toMatchObject({ statusCode: 200, bytes: data.length })
    expect(fetched.largest).toBeGreaterThan(64 * 1024)
  })
})
