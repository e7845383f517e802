/**
 * One try at fetching the rest of one file into its `.part`: resolve on the hub, follow the redirect to the CDN
 * ourselves (so the token stays behind), ask for the missing range, and hash the bytes as they arrive.
 *
 * One connection per file: on loopback, 2 or 4 parallel range requests for a 1 GiB file were no faster than
 * one (400-550 MB/s each way with Node's HTTP client), and a single in-order stream is what lets the sha256 be
 * computed while downloading. Without a proxy the body comes through rawGet, in blocks of up to 1 MiB.
 */
import { createHash, type Hash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { constants, open, type FileHandle } from 'node:fs/promises'
import { AppError } from '../../../shared/errors'
import { failedStatus, type HubSource } from './hub-source'
import { httpGet, type HttpGetOptions } from './http-get'
import { NotPlainBody, rawGet, type RawResponse } from './raw-get'
import { ChunkWriter } from './chunk-writer'
import { TransientError } from './retry-policy'

/** The bytes of one file on disk so far and the running sha256 over exactly those bytes. */
export interface PartProgress {
  path: string
  name: string
  sizeBytes: number
  bytes: number
  /** null when the bytes on disk are not known to match `bytes` (a write failed): re-read them first. */
  hash: Hash | null
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

/** A response as either client gives it. */
type BodyResponse = IncomingMessage | RawResponse

export async function fetchRest(part: PartProgress, context: FetchContext): Promise<void> {
  if (!part.hash) throw new Error('fetchRest needs the hash of the bytes already on disk')
  const response = await openSource(part.bytes, context)
  if (response.statusCode === 200 && part.bytes > 0) {
    // The server ignored the Range request (some mirrors do): start this file over.
    part.bytes = 0
    part.hash = createHash('sha256')
  } else if (response.statusCode === 206) {
    const start = /^bytes (\d+)-/.exec(response.headers['content-range'] ?? '')?.[1]
    if (Number(start) !== part.bytes) {
      response.destroy()
      throw new TransientError('server', `The server sent bytes from ${start ?? '?'} when asked for ${part.bytes}.`)
    }
  }
  // Not 'a': Linux ignores the position of writes to a file opened for appending.
  const file = await open(part.path, constants.O_WRONLY | constants.O_CREAT).catch((error: unknown) => {
    response.destroy()
    throw error
  })
  await file.truncate(part.bytes).catch(async (error: unknown) => {
    response.destroy()
    await file.close()
    throw error
  })
  await receive(response, file, part, context)
  if (part.bytes < part.sizeBytes) {
    throw new TransientError('network', `The connection ended after ${part.bytes} of ${part.sizeBytes} bytes.`)
  }
}

async function openSource(offset: number, context: FetchContext): Promise<BodyResponse> {
  const range: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {}
  let url = context.signedUrl ?? context.resolveUrl
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const response = await get(url, { headers: { ...range, ...context.source.headersFor(url) }, signal: context.signal, timeoutMs: context.stallMs }, context.source.proxied)
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

/** rawGet, which reads the body into large blocks, unless a proxy is set or the body is chunked: then Node's client. */
async function get(url: URL, options: { headers: Record<string, string>; signal: AbortSignal; timeoutMs: number }, proxied: Pick<HttpGetOptions, 'dispatcher'>): Promise<BodyResponse> {
  if (proxied.dispatcher) return httpGet(url, { ...options, ...proxied })
  return rawGet(url, options).catch((error: unknown) => {
    if (error instanceof NotPlainBody) return httpGet(url, options)
    throw error
  })
}

/** Streams the body into `file` (which it closes), hashing and counting as the bytes arrive. */
async function receive(response: BodyResponse, file: FileHandle, part: PartProgress, context: FetchContext): Promise<void> {
  const hash = part.hash as Hash
  const out = new ChunkWriter(file, part.bytes)
  // rawGet's blocks are reused once hashed and written; Node's client has nothing to give back.
  const release = 'release' in response ? (view: Buffer) => response.release(view) : null
  let lastByteAt = Date.now()
  let lastCheckpointAt = lastByteAt
  let checkpoint: Promise<void> | null = null
  const watchdog = setInterval(() => {
    if (Date.now() - lastByteAt > context.stallMs) {
      response.destroy(new TransientError('stalled', `No data for ${Math.round(context.stallMs / 1000)} s.`))
    }
  }, Math.max(20, context.stallMs / 4))
  let writeError: Error | null
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      lastByteAt = Date.now()
      if (part.bytes + chunk.length > part.sizeBytes) {
        throw new AppError({ code: 'checksum-mismatch', message: `The server sent more than the ${part.sizeBytes} bytes Hugging Face lists for ${part.name}. Nothing was installed.` })
      }
      // Hashing here overlaps the disk writes, which run on libuv's threads; the file is closed below whatever happens.
      hash.update(chunk)
      part.bytes += chunk.length
      context.onBytes(chunk.length)
      await out.write(chunk, release ? () => release(chunk) : undefined)
      if (!checkpoint && lastByteAt - lastCheckpointAt >= context.checkpointMs) {
        lastCheckpointAt = lastByteAt
        const durable = out.written
        // Best effort: a checkpoint that fails leaves the last one standing, and the download goes on.
        checkpoint = file
          .sync()
          .then(() => context.onCheckpoint(durable))
          .catch((error: unknown) => console.warn(`Saving the download's checkpoint failed: ${String(error)}`))
          .finally(() => (checkpoint = null))
      }
    }
  } finally {
    clearInterval(watchdog)
    response.destroy()
    await checkpoint
    writeError = await out.drain()
    if (writeError) {
      // The disk refused some of what was hashed: keep only the bytes before the first refused write (a later
      // write may have landed after a gap), and let the caller re-read them for the hash.
      part.bytes = out.written
      part.hash = null
      await file.truncate(out.written).catch(() => undefined)
    }
    await file.close()
  }
  if (writeError) throw writeError
}
