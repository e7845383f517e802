/**
 * One try at fetching the rest of one file into its `.part`: resolve on the hub, follow the redirect to the CDN
 * ourselves (so the token stays behind), ask for the missing range, and write and hash the bytes as they arrive.
 *
 * One connection per file: on loopback, 2 or 4 parallel range requests for a 1 GiB file were no faster than
 * one (400-550 MB/s each way; Node's HTTP client is the limit there), and a single in-order stream is what lets
 * the sha256 be computed while downloading. The socket's 64 KiB chunks are gathered into big buffers that a
 * worker thread writes and hashes (part-hasher.ts): one write per buffer, no hashing on this thread. See
 * docs/performance.md.
 */
import type { IncomingMessage } from 'node:http'
import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { finished } from 'node:stream/promises'
import { AppError } from '../../../shared/errors'
import { failedStatus, type HubSource } from './hub-source'
import { httpGet } from './http-get'
import type { PartHasher } from './part-hasher'
import { TransientError } from './retry-policy'

/** The bytes of one file on disk so far and the running sha256 over exactly those bytes. */
export interface PartProgress {
  path: string
  name: string
  sizeBytes: number
  /** Bytes written to the part, which are exactly the bytes `hasher` has hashed. */
  bytes: number
  hasher: PartHasher
}

export interface FetchContext {
  source: HubSource
  repo: string
  resolveUrl: URL
  /** The signed CDN link of the last redirect, reused until it expires: one round trip less per retry. */
  signedUrl: URL | null
  signal: AbortSignal
  stallMs: number
  checkpointMs: number
  onBytes(count: number): void
  /** `durableBytes` are on the disk itself (fsync'd), not only in the page cache. */
  onCheckpoint(durableBytes: number): Promise<void>
}

const maxRedirects = 5

export async function fetchRest(part: PartProgress, context: FetchContext): Promise<void> {
  const response = await openSource(part.bytes, context)
  if (response.statusCode === 200 && part.bytes > 0) {
    // The server ignored the Range request (some mirrors do): start this file over.
    await part.hasher.hashFile(part.path, 0, context.signal).catch((error: unknown) => {
      response.destroy()
      throw error
    })
    part.bytes = 0
  } else if (response.statusCode === 206) {
    const start = /^bytes (\d+)-/.exec(response.headers['content-range'] ?? '')?.[1]
    if (Number(start) !== part.bytes) {
      response.destroy()
      throw new TransientError('server', `The server sent bytes from ${start ?? '?'} when asked for ${part.bytes}.`)
    }
  }
  // Not 'a': on Linux a positional write to a file opened for appending goes to its end whatever the position.
  const file = await open(part.path, constants.O_WRONLY | constants.O_CREAT).catch((error: unknown) => {
    response.destroy()
    throw error
  })
  await file.truncate(part.bytes).catch(async (error: unknown) => {
    response.destroy()
    await file.close()
    throw error
  })
  try {
    await receive(response, file, part, context)
  } finally {
    await file.close()
  }
  if (part.bytes < part.sizeBytes) {
    throw new TransientError('network', `The connection ended after ${part.bytes} of ${part.sizeBytes} bytes.`)
  }
}

async function openSource(offset: number, context: FetchContext): Promise<IncomingMessage> {
  const range: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {}
  let url = context.signedUrl ?? context.resolveUrl
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const response = await httpGet(url, { headers: { ...range, ...context.source.headersFor(url) }, signal: context.signal, timeoutMs: context.stallMs, ...context.source.proxied })
    const status = response.statusCode ?? 0
    const location = response.headers.location
    if (status >= 300 && status < 400 && location) {
      response.resume()
      url = new URL(location, url)
      if (url.origin !== context.resolveUrl.origin) context.signedUrl = url
      continue
    }
    if (status === 200 || status === 206) return response
    response.resume()
    if (url.origin !== context.resolveUrl.origin && [401, 403, 410].includes(status)) {
      // Signed CDN links expire (about an hour on Hugging Face): ask the hub for a fresh one.
      context.signedUrl = null
      throw new TransientError('link-expired', `The download link expired (${status}); asking for a new one.`)
    }
    throw failedStatus(status, response.headers['retry-after'], context.repo, decodeURIComponent(context.resolveUrl.pathname.split('/').pop() ?? ''))
  }
  throw new TransientError('server', `More than ${maxRedirects} redirects for ${context.resolveUrl.href}.`)
}

/**
 * Streams the body into `file`, counting the bytes once they are written and hashed. 'data' events rather than
 * `for await`: the async iterator's promise per 64 KiB chunk cost about 40% more of this thread's time.
 */
async function receive(response: IncomingMessage, file: FileHandle, part: PartProgress, context: FetchContext): Promise<void> {
  const batcher = new Batcher(part, file.fd, context.onBytes, (error) => response.destroy(error as Error))
  let received = part.bytes
  let lastByteAt = Date.now()
  let lastCheckpointAt = lastByteAt
  let checkpoint: Promise<void> | null = null
  const watchdog = setInterval(() => {
    if (Date.now() - lastByteAt > context.stallMs) {
      response.destroy(new TransientError('stalled', `No data for ${Math.round(context.stallMs / 1000)} s.`))
    }
  }, Math.max(20, context.stallMs / 4))
  response.on('data', (chunk: Buffer) => {
    lastByteAt = Date.now()
    received += chunk.length
    if (received > part.sizeBytes) {
      response.destroy(new AppError({ code: 'checksum-mismatch', message: `The server sent more than the ${part.sizeBytes} bytes Hugging Face lists for ${part.name}. Nothing was installed.` }))
      return
    }
    if (!batcher.add(chunk)) {
      // Both buffers are full: let the socket wait until the worker hands one back.
      response.pause()
      void batcher.room().then(() => response.resume())
    }
    if (!checkpoint && lastByteAt - lastCheckpointAt >= context.checkpointMs) {
      lastCheckpointAt = lastByteAt
      checkpoint = saveCheckpoint(file, part.bytes, context).finally(() => (checkpoint = null))
    }
  })
  try {
    await finished(response)
  } finally {
    clearInterval(watchdog)
    response.destroy()
    // What arrived is kept whatever ended the stream: the next try asks for the bytes after it.
    await batcher.flush()
    // Set by the 'data' handler, which TypeScript does not see running.
    await (checkpoint as Promise<void> | null)?.catch(() => undefined)
  }
  batcher.throwIfFailed()
}

/** The buffers the socket's chunks are gathered in; two exist per download, one filling while the other is written. */
const bufferBytes = 8 << 20
/** While bytes keep coming, a write waits until it has this many... */
const batchBytes = 1 << 20
/** ...or until no chunk came for this long, so a slow download still writes each chunk almost at once. */
const quietMs = 5

/**
 * Gathers the socket's chunks and hands them to the hasher in batches: a fast download writes 1-8 MiB at a time
 * (a message to the worker per 64 KiB chunk cost more than the hashing saved), and a slow one writes what came
 * as soon as the socket goes quiet, so a kill loses little more than what was on the socket.
 */
class Batcher {
  private filling = new Uint8Array(new ArrayBuffer(bufferBytes))
  private fill = 0
  private spare: ArrayBuffer | null = new ArrayBuffer(bufferBytes)
  private inFlight: Promise<void> | null = null
  private failure: unknown = null
  /** The end of a chunk that did not fit while both buffers were taken. */
  private overflow: Buffer | null = null
  private roomMade: (() => void) | null = null
  /** Set when the socket went quiet or the stream ended: the next write goes out whatever its size. */
  private due = false
  private readonly quiet = setTimeout(() => {
    this.due = true
    this.sendIfReady()
  }, quietMs).unref()

  constructor(
    private readonly part: PartProgress,
    private readonly fd: number,
    private readonly written: (count: number) => void,
    private readonly failed: (error: unknown) => void
  ) {}

  /** Takes the chunk in; false when both buffers are full, and then `room()` resolves once it is taken. */
  add(chunk: Buffer): boolean {
    let offset = this.copy(chunk, 0)
    while (offset < chunk.length && this.sendIfReady()) offset = this.copy(chunk, offset)
    this.quiet.refresh()
    this.sendIfReady()
    if (offset === chunk.length) return true
    this.overflow = chunk.subarray(offset)
    return false
  }

  room(): Promise<void> {
    return new Promise((resolve) => (this.roomMade = resolve))
  }

  /** Waits until everything added is written (or a write failed). */
  async flush(): Promise<void> {
    clearTimeout(this.quiet)
    this.due = true
    while (this.inFlight || ((this.fill > 0 || this.overflow) && !this.failure)) {
      this.sendIfReady()
      await this.inFlight
    }
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure
  }

  private copy(chunk: Buffer, offset: number): number {
    const count = Math.min(chunk.length - offset, this.filling.length - this.fill)
    this.filling.set(chunk.subarray(offset, offset + count), this.fill)
    this.fill += count
    return offset + count
  }

  /** Hands the filling buffer to the worker if it is free and the buffer is worth a write; true if it did. */
  private sendIfReady(): boolean {
    if (this.inFlight || this.fill === 0 || this.failure || !this.spare) return false
    if (this.fill < batchBytes && !this.due) return false
    this.due = false
    const { buffer } = this.filling
    const length = this.fill
    this.filling = new Uint8Array(this.spare)
    this.spare = null
    this.fill = 0
    // One buffer in flight at a time, so the part's length so far is where this one goes.
    this.inFlight = this.part.hasher
      .write(this.fd, buffer as ArrayBuffer, length, this.part.bytes)
      .then(
        (back) => {
          this.spare = back
          this.part.bytes += length
          this.written(length)
        },
        (error: unknown) => {
          this.failure = error
          this.failed(error)
        }
      )
      .finally(() => this.returned())
    return true
  }

  /** A buffer came back: take in what did not fit, send what waits, let the socket go on. */
  private returned(): void {
    this.inFlight = null
    const rest = this.overflow
    this.overflow = null
    if (rest && !this.failure) this.add(rest)
    else this.sendIfReady()
    this.roomMade?.()
    this.roomMade = null
  }
}

async function saveCheckpoint(file: FileHandle, writtenBytes: number, context: FetchContext): Promise<void> {
  await file.sync()
  await context.onCheckpoint(writtenBytes)
}
