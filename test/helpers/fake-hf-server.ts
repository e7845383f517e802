/**
 * A Hugging Face look-alike on 127.0.0.1 for download tests: the hub (revision and tree APIs, resolve URLs that
 * answer 302 with X-Repo-Commit / X-Linked-Size / X-Linked-Etag) and, on a second port so it is another origin,
 * a CDN serving signed, expiring links with Range support. Faults are switched on per test.
 */
import { createHash, createHmac } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

/** Small files live in memory; a big one (the benchmark's) is streamed from disk. */
export type FakeFile = { name: string; data: Buffer } | { name: string; path: string; size: number; sha256: string }

export interface FakeRepo {
  repo: string
  commit: string
  files: FakeFile[]
  /** Answers 401 unless the request carries `Bearer <token>`. */
  token?: string
}

export type Fault =
  | { kind: 'reset'; afterBytes: number }
  | { kind: 'status'; status: number; retryAfterSeconds?: number; at?: 'resolve' | 'cdn' }
  | { kind: 'stall'; afterBytes: number }
  | { kind: 'expired-link' }
  | { kind: 'wrong-bytes' }
  | { kind: 'no-range' }

export interface LoggedRequest {
  server: 'hub' | 'cdn'
  method: string
  path: string
  authorization: string | undefined
  range: string | undefined
  status: number
}

export interface FakeHub {
  /** What HF_ENDPOINT is set to. */
  endpoint: string
  cdnOrigin: string
  requests: LoggedRequest[]
  /** Body bytes the CDN sent, all files or one. */
  bytesServed(name?: string): number
  /** Resolves once the CDN has sent at least `bytes` body bytes of the file `name`, counted since the hub started. */
  whenServed(name: string, bytes: number): Promise<void>
  /** Queues `fault` for the next `times` matching requests (CDN GETs, or resolve requests for `at: 'resolve'`). */
  fail(fault: Fault, times?: number): void
  /** Paces the CDN (null: as fast as it can). */
  setRate(bytesPerSecond: number | null): void
  close(): Promise<void>
}

export interface FakeHubOptions {
  repos: FakeRepo[]
  /** Tree entries per page; smaller than the listing makes the client follow Link headers. */
  pageSize?: number
  linkTtlMs?: number
}

const secret = 'fake-cdn-secret'
const sign = (sha: string, expires: number): string => createHmac('sha256', secret).update(`${sha}:${expires}`).digest('hex')
export const sha256Of = (data: Buffer): string => createHash('sha256').update(data).digest('hex')
const sizeOf = (file: FakeFile): number => ('data' in file ? file.data.length : file.size)
const shaOf = (file: FakeFile): string => ('data' in file ? sha256Of(file.data) : file.sha256)

export async function startFakeHub(options: FakeHubOptions): Promise<FakeHub> {
  const requests: LoggedRequest[] = []
  const faults: Array<{ fault: Fault; times: number }> = []
  const served = new Map<string, number>()
  const servedWaiters = new Set<{ name: string; bytes: number; resolve: () => void }>()
  const byHash = new Map<string, FakeFile>()
  for (const repo of options.repos) for (const file of repo.files) byHash.set(shaOf(file), file)
  let rate: number | null = null

  const takeFault = (where: 'resolve' | 'cdn'): Fault | undefined => {
    const index = faults.findIndex(({ fault }) => (fault.kind === 'status' ? (fault.at ?? 'cdn') : fault.kind === 'expired-link' ? 'resolve' : 'cdn') === where)
    const entry = faults[index]
    if (!entry) return undefined
    if (--entry.times <= 0) faults.splice(index, 1)
    return entry.fault
  }
  const log = (server: LoggedRequest['server'], request: IncomingMessage, response: ServerResponse): void => {
    const { method = '', url: path = '', headers } = request
    response.once('close', () => requests.push({ server, method, path, authorization: headers.authorization, range: headers.range, status: response.statusCode }))
  }

  const cdn = createServer((request, response) => {
    log('cdn', request, response)
    void serveCdn(request, response)
  })
  const hub = createServer((request, response) => {
    log('hub', request, response)
    serveHub(request, response)
  })
  const cdnPort = await listen(cdn)
  const hubPort = await listen(hub)
  const endpoint = `http://127.0.0.1:${hubPort}`
  const cdnOrigin = `http://127.0.0.1:${cdnPort}`

  function serveHub(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', endpoint)
    const api = /^\/api\/models\/([^/]+\/[^/]+)\/(revision|tree)\/([^/]+)$/.exec(url.pathname)
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname)
    const repo = options.repos.find((candidate) => candidate.repo === (api?.[1] ?? resolve?.[1]))
    if (!repo) return void json(response, 404, { error: 'Repository not found' })
    if (repo.token && request.headers.authorization !== `Bearer ${repo.token}`) return void json(response, 401, { error: 'Invalid credentials in Authorization header' })
    if (api?.[2] === 'revision') return void json(response, 200, { id: repo.repo, sha: repo.commit })
    if (api?.[2] === 'tree') return void tree(repo, url, response)
    if (!resolve) return void json(response, 404, { error: 'Not found' })
    const fault = takeFault('resolve')
    if (fault?.kind === 'status') return void json(response, fault.status, { error: 'injected' }, fault.retryAfterSeconds)
    const file = repo.files.find((candidate) => candidate.name === decodeURIComponent(resolve[3] ?? ''))
    if (!file || ![repo.commit, 'main'].includes(resolve[2] ?? '')) return void json(response, 404, { error: 'Entry not found' })
    const sha = shaOf(file)
    const expires = fault?.kind === 'expired-link' ? Date.now() - 1000 : Date.now() + (options.linkTtlMs ?? 3_600_000)
    response.writeHead(302, {
      location: `${cdnOrigin}/cdn/${sha}?expires=${expires}&sig=${sign(sha, expires)}`,
      'x-repo-commit': repo.commit,
      'x-linked-size': String(sizeOf(file)),
      'x-linked-etag': `"${sha}"`
    })
    response.end()
  }

  function tree(repo: FakeRepo, url: URL, response: ServerResponse): void {
    const entries = [
      { type: 'file', path: '.gitattributes', size: 1519, oid: 'a'.repeat(40) },
      { type: 'file', path: 'README.md', size: 4096, oid: 'b'.repeat(40) },
      ...repo.files.map((file) => ({ type: 'file', path: file.name, size: sizeOf(file), oid: 'c'.repeat(40), lfs: { oid: shaOf(file), size: sizeOf(file), pointerSize: 135 } }))
    ]
    const pageSize = options.pageSize ?? 1000
    const start = Number(url.searchParams.get('cursor') ?? 0)
    const next = start + pageSize
    const headers: Record<string, string> = {}
    if (next < entries.length) headers.link = `<${url.pathname}?recursive=true&cursor=${next}>; rel="next"`
    json(response, 200, entries.slice(start, next), undefined, headers)
  }

  async function serveCdn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', cdnOrigin)
    const sha = /^\/cdn\/([0-9a-f]{64})$/.exec(url.pathname)?.[1] ?? ''
    const file = byHash.get(sha)
    const expires = Number(url.searchParams.get('expires'))
    if (!file) return void json(response, 404, { error: 'NoSuchKey' })
    if (url.searchParams.get('sig') !== sign(sha, expires) || Date.now() > expires) return void json(response, 403, { error: 'Request has expired' })
    const fault = takeFault('cdn')
    if (fault?.kind === 'status') return void json(response, fault.status, { error: 'injected' }, fault.retryAfterSeconds)
    const size = sizeOf(file)
    const range = fault?.kind === 'no-range' ? null : /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '')
    const start = range ? Number(range[1]) : 0
    const end = range?.[2] ? Number(range[2]) + 1 : size
    if (start >= size && size > 0) return void json(response, 416, { error: 'InvalidRange' })
    response.writeHead(range ? 206 : 200, {
      'content-length': String(end - start),
      'accept-ranges': 'bytes',
      ...(range && { 'content-range': `bytes ${start}-${end - 1}/${size}` })
    })
    const count = (bytes: number): void => {
      const total = (served.get(file.name) ?? 0) + bytes
      served.set(file.name, total)
      for (const waiter of servedWaiters) {
        if (waiter.name !== file.name || total < waiter.bytes) continue
        servedWaiters.delete(waiter)
        waiter.resolve()
      }
    }
    if (!('data' in file)) {
      const stream = createReadStream(file.path, { start, end: end - 1, highWaterMark: 1 << 20 })
      stream.on('data', (chunk) => count(chunk.length))
      stream.pipe(response)
      return
    }
    await sendPaced(response, file.data.subarray(start, end), fault, count)
  }

  async function sendPaced(response: ServerResponse, body: Buffer, fault: Fault | undefined, count: (bytes: number) => void): Promise<void> {
    const chunkSize = 64 * 1024
    const corrupt = fault?.kind === 'wrong-bytes'
    for (let offset = 0; offset < body.length; offset += chunkSize) {
      if (response.destroyed) return
      let chunk = body.subarray(offset, Math.min(body.length, offset + chunkSize))
      if ((fault?.kind === 'reset' || fault?.kind === 'stall') && offset + chunk.length > fault.afterBytes) {
        chunk = chunk.subarray(0, Math.max(0, fault.afterBytes - offset))
        if (chunk.length > 0) response.write(chunk)
        count(chunk.length)
        if (fault.kind === 'reset') response.socket?.resetAndDestroy()
        // A stall: the connection stays open and silent until the client gives up.
        else await new Promise((resolve) => response.once('close', resolve))
        return
      }
      if (corrupt && offset === 0) chunk = Buffer.from(chunk.map((byte, index) => (index === 7 ? byte ^ 0xff : byte)))
      count(chunk.length)
      if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve))
      if (rate) await sleep((chunk.length / rate) * 1000)
    }
    response.end()
  }

  return {
    endpoint,
    cdnOrigin,
    requests,
    bytesServed: (name) => (name === undefined ? [...served.values()].reduce((total, bytes) => total + bytes, 0) : (served.get(name) ?? 0)),
    whenServed(name, bytes) {
      if ((served.get(name) ?? 0) >= bytes) return Promise.resolve()
      return new Promise((resolve) => servedWaiters.add({ name, bytes, resolve }))
    },
    fail(fault, times = 1) {
      faults.push({ fault, times })
    },
    setRate(bytesPerSecond) {
      rate = bytesPerSecond
    },
    async close() {
      for (const server of [hub, cdn]) {
        server.closeAllConnections()
        await new Promise((resolve) => server.close(resolve))
      }
    }
  }
}

function json(response: ServerResponse, status: number, body: unknown, retryAfterSeconds?: number, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...(retryAfterSeconds !== undefined && { 'retry-after': String(retryAfterSeconds) }), ...headers })
  response.end(JSON.stringify(body))
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}
