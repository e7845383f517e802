/**
 * One GET over HTTP/1.1 whose body is read straight into large blocks (the socket's `onread`), for downloads without
 * a proxy. Node's HTTP client hands over a new 64 KiB buffer for each socket read, through a parser and a readable
 * stream; on loopback that cost a 1 GiB download about 0.6 s of CPU more than the same socket read into reused
 * blocks, and capped it near half of curl's speed (docs/performance.md). Here each read lands in the free part of a
 * 1 MiB block, and the body comes out as views of those blocks: one when a block is full, or whatever arrived in the
 * last 50 ms, so progress and stall checks still see a slow server's bytes. A block takes new bytes again once the
 * caller has released every view of it (`release`), so a download runs on about ten blocks, whatever its size.
 *
 * What it does not do, so the caller uses httpGet: proxies, and chunked bodies (it throws `NotPlainBody`; the CDN
 * sends file bodies with a Content-Length). It asks for `Connection: close`; a redirect's body is not read.
 */
import { connect as connectTcp, isIP, type Socket } from 'node:net'
import { connect as connectTls, type ConnectionOptions } from 'node:tls'
import type { IncomingHttpHeaders } from 'node:http'
import { TransientError } from './retry-policy'

const blockBytes = 1 << 20
/** A block is handed over unfilled once its oldest bytes are this old. */
const flushMs = 50
/** Reading pauses while this much has arrived that the caller has not taken. */
const aheadBytes = 8 * blockBytes
const maxHeaderBytes = 64 * 1024

export interface RawResponse extends AsyncIterable<Buffer> {
  statusCode: number
  headers: IncomingHttpHeaders
  /** Ends the response; its iteration then throws `error` (when given). */
  destroy(error?: Error): void
  /** Drops the body (a redirect's, an error page's). */
  resume(): void
  /**
   * The caller is done with this view of the body (it is hashed and on disk): its block may take new bytes. A view
   * never released is left to the garbage collector, and the response takes a new block instead.
   */
  release(view: Buffer): void
}

/** The server framed its body in a way this client leaves to Node's (chunked): ask again with httpGet. */
export class NotPlainBody extends Error {}

export function rawGet(url: URL, options: { headers?: Record<string, string>; signal?: AbortSignal; timeoutMs: number }): Promise<RawResponse> {
  const headers = { host: url.host, 'user-agent': 'exaone-desktop', connection: 'close', ...options.headers }
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name + value)) throw new Error(`The header ${name} holds a line break.`)
  }
  const secure = url.protocol === 'https:'
  const port = Number(url.port) || (secure ? 443 : 80)
  const host = url.hostname.replace(/^\[|\]$/g, '')

  return new Promise((resolve, reject) => {
    const blocks = new Blocks()
    let block = blocks.next(null)
    /** Bytes of `block` filled; from `handedAt` on they are not handed over yet. */
    let filled = 0
    let handedAt = 0
    let oldestAt = 0
    let response: Response | null = null
    let header = ''

    const onread = {
      buffer: (): Buffer => {
        if (filled === block.length) {
          block = blocks.next(block)
          filled = 0
          handedAt = 0
        }
        return block.subarray(filled)
      },
      callback: (count: number): boolean => {
        if (filled === handedAt) oldestAt = Date.now()
        filled += count
        if (!response) {
          header += block.toString('latin1', filled - count, filled)
          const end = header.indexOf('\r\n\r\n')
          if (end === -1) {
            if (header.length > maxHeaderBytes) socket.destroy(new TransientError('server', `${url.host} sent a header over ${maxHeaderBytes / 1024} KiB.`))
            return true
          }
          // The header is the block's first bytes (latin1: one character a byte); the body starts after it.
          handedAt = end + 4
          try {
            response = new Response(socket, blocks, parseHead(header.slice(0, end)))
          } catch (error) {
            socket.destroy()
            reject(error)
            return false
          }
          clearTimeout(timer)
          resolve(response)
        }
        const more = response.received(handOver(Date.now() - oldestAt >= flushMs || filled === block.length))
        // Bytes left waiting for a next read that may not come soon still go out on time.
        if (filled > handedAt) flushTimer ??= setTimeout(flushLate, flushMs)
        return more
      }
    }
    let flushTimer: NodeJS.Timeout | null = null
    const flushLate = (): void => {
      flushTimer = null
      if (response?.received(handOver(true)) === false) socket.pause()
    }
    /** The bytes from `handedAt` to `filled`, when it is time to hand them over. */
    const handOver = (now: boolean): Buffer | null => {
      if (!now || filled === handedAt) return null
      const view = block.subarray(handedAt, filled)
      handedAt = filled
      return blocks.lend(view)
    }

    const socket: Socket = secure
      ? // @types/node leaves out tls.connect's onread, which Node has had since 15.
        connectTls({ host, port, ...(isIP(host) === 0 && { servername: host }), ALPNProtocols: ['http/1.1'], onread } as ConnectionOptions)
      : connectTcp({ host, port, onread })
    const timer = setTimeout(() => socket.destroy(new TransientError('stalled', `${url.host} did not answer within ${Math.round(options.timeoutMs / 1000)} s.`)), options.timeoutMs)
    const abort = (): void => {
      socket.destroy(Object.assign(new Error('The download was stopped.'), { name: 'AbortError' }))
    }
    if (options.signal?.aborted) abort()
    options.signal?.addEventListener('abort', abort, { once: true })
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      const path = `${url.pathname}${url.search}`
      socket.write(`GET ${path} HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`)
    })
    // on, not once: a second error after the first must not reach the process as an unhandled one.
    socket.on('error', (error) => {
      clearTimeout(timer)
      if (response) response.destroy(error)
      else reject(error)
    })
    // The last bytes; 'close', which follows, ends the response.
    socket.once('end', () => response?.received(handOver(true)))
    socket.once('close', () => {
      clearTimeout(timer)
      if (flushTimer) clearTimeout(flushTimer)
      options.signal?.removeEventListener('abort', abort)
      if (!response) reject(new TransientError('network', `${url.host} closed the connection before answering.`))
      else response.ended()
    })
  })
}

function parseHead(head: string): { statusCode: number; headers: IncomingHttpHeaders } {
  const [statusLine = '', ...lines] = head.split('\r\n')
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)
  if (!status) throw new TransientError('server', `The server's answer did not start as HTTP/1.1 does ("${statusLine.slice(0, 40)}").`)
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value
  }
  const statusCode = Number(status[1])
  if (statusCode >= 200 && statusCode < 300 && /chunked/i.test(headers['transfer-encoding'] ?? '')) throw new NotPlainBody('chunked body')
  return { statusCode, headers }
}

/**
 * The 1 MiB blocks of one response, reused once every view lent from them is released: a new block each time would
 * be 1 GiB of fresh memory per GiB downloaded, each page zeroed by the kernel and, in a VM, often backed by the host
 * only when first touched, and a garbage collection every 10-12 MiB, as that memory lies outside V8's heap
 * (docs/performance.md).
 */
class Blocks {
  private readonly free: Buffer[] = []
  /** Views lent and not released, per block. */
  private readonly lent = new Map<ArrayBufferLike, { block: Buffer; views: number }>()
  private current: Buffer | null = null

  /** The block to read into after `full` (null at the start). */
  next(full: Buffer | null): Buffer {
    if (full && !this.lent.has(full.buffer)) this.free.push(full)
    this.current = this.free.pop() ?? Buffer.allocUnsafe(blockBytes)
    return this.current
  }

  lend(view: Buffer): Buffer {
    const entry = this.lent.get(view.buffer)
    if (entry) entry.views++
    else this.lent.set(view.buffer, { block: this.current as Buffer, views: 1 })
    return view
  }

  release(view: Buffer): void {
    const entry = this.lent.get(view.buffer)
    if (!entry || --entry.views > 0) return
    this.lent.delete(view.buffer)
    if (entry.block !== this.current) this.free.push(entry.block)
  }
}

/** The body as it arrives, for one reader: views of the blocks, in order. */
class Response implements RawResponse {
  private readonly queue: Buffer[] = []
  private queued = 0
  private bodyBytes = 0
  private readonly length: number | null
  private done = false
  private paused = false
  private error: Error | null = null
  private wake: (() => void) | null = null

  constructor(
    private readonly socket: Socket,
    private readonly blocks: Blocks,
    head: { statusCode: number; headers: IncomingHttpHeaders }
  ) {
    this.statusCode = head.statusCode
    this.headers = head.headers
    const length = Number(head.headers['content-length'])
    this.length = head.headers['content-length'] !== undefined && Number.isSafeInteger(length) ? length : null
  }

  readonly statusCode: number
  readonly headers: IncomingHttpHeaders

  /** Takes a view of the body (or nothing yet); false pauses reading until the reader catches up. */
  received(view: Buffer | null): boolean {
    // Bytes past the announced length are not the body's (with Connection: close there should be none).
    if (view && this.length !== null) view = view.subarray(0, Math.max(0, this.length - this.bodyBytes))
    if (view && view.length > 0 && !this.done) {
      this.queue.push(view)
      this.queued += view.length
      this.bodyBytes += view.length
      this.notify()
    } else if (view) this.blocks.release(view)
    if (this.length !== null && this.bodyBytes >= this.length) this.ended()
    // Returning false from onread stops the reading without marking the socket paused, so this keeps count.
    this.paused = this.queued >= aheadBytes
    return !this.paused
  }

  ended(): void {
    if (this.done) return
    this.done = true
    if (this.length !== null && this.bodyBytes < this.length && !this.error) {
      this.error = new TransientError('network', `The connection broke (${this.bodyBytes} of the ${this.length} bytes the server announced came).`)
    }
    this.socket.destroy()
    this.notify()
  }

  destroy(error?: Error): void {
    if (error) this.error ??= error
    this.done = true
    this.socket.destroy()
    this.notify()
  }

  resume(): void {
    this.destroy()
  }

  release(view: Buffer): void {
    this.blocks.release(view)
  }

  private notify(): void {
    const wake = this.wake
    this.wake = null
    wake?.()
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (;;) {
      const view = this.queue.shift()
      if (view) {
        this.queued -= view.length
        if (this.paused && this.queued < aheadBytes && !this.done) {
          this.paused = false
          this.socket.resume()
        }
        yield view
        continue
      }
      if (this.error) throw this.error
      if (this.done) return
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }
}
