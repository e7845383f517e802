/**
 * The running sha256 of one `.part` and the writes into it, on a worker thread, so that the thread reading the
 * socket does nothing but copy bytes into big buffers. sha256 runs at about 1.3 GB/s on one core: on the main
 * thread it was the largest cost of a download, and the socket went unread while it ran.
 *
 * The worker writes a buffer, then hashes it, then hands it back (transferred, not copied), so the hash always
 * covers exactly the bytes written so far: a failed write leaves it matching the acknowledged ones. Calls are
 * answered in order. The worker's code is a plain script (eval) rather than an entry file, so the same code runs
 * from source, under the tests and inside the Electron build with no entry of its own to locate.
 */
import { Worker } from 'node:worker_threads'

const workerScript = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { closeSync, openSync, readSync, writeSync } = require('node:fs')
let hash = createHash('sha256')
const handlers = {
  hashFile({ path, end }) {
    hash = createHash('sha256')
    if (end === 0) return {}
    const fd = openSync(path, 'r')
    try {
      const buffer = Buffer.allocUnsafe(Math.min(end, 8 << 20))
      for (let at = 0; at < end; ) {
        const count = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at)
        if (count === 0) throw new Error(path + ' ended at ' + at + ' bytes, before ' + end)
        hash.update(buffer.subarray(0, count))
        at += count
      }
    } finally {
      closeSync(fd)
    }
    return {}
  },
  write({ fd, buffer, length, position }) {
    const bytes = new Uint8Array(buffer, 0, length)
    for (let done = 0; done < length; ) done += writeSync(fd, bytes, done, length - done, position + done)
    hash.update(bytes)
    return { buffer }
  },
  digest() {
    return { digest: hash.digest('hex') }
  }
}
parentPort.on('message', (message) => {
  try {
    const reply = handlers[message.kind](message)
    parentPort.postMessage(reply, reply.buffer ? [reply.buffer] : [])
  } catch (error) {
    parentPort.postMessage({ error: { message: error.message, code: error.code } })
  }
})
`

type Request = { kind: 'hashFile'; path: string; end: number } | { kind: 'write'; fd: number; buffer: ArrayBuffer; length: number; position: number } | { kind: 'digest' }
interface Reply {
  buffer?: ArrayBuffer
  digest?: string
  error?: { message: string; code?: string }
}

export class PartHasher {
  private readonly worker = new Worker(workerScript, { eval: true })
  private readonly waiting: Array<{ resolve(reply: Reply): void; reject(error: Error): void }> = []
  private stopped: Error | null = null

  constructor() {
    this.worker.on('message', (reply: Reply) => {
      const caller = this.waiting.shift()
      if (reply.error) caller?.reject(Object.assign(new Error(reply.error.message), reply.error.code && { code: reply.error.code }))
      else caller?.resolve(reply)
    })
    this.worker.on('error', (error) => this.stop(error))
    this.worker.on('exit', () => this.stop(new Error('The sha256 worker stopped.')))
  }

  /** Starts the hash over with bytes [0, end) of the file at `path` (0: an empty hash); an abort stops the worker. */
  async hashFile(path: string, end: number, signal: AbortSignal): Promise<void> {
    const abort = (): void => void this.close()
    signal.addEventListener('abort', abort, { once: true })
    try {
      await this.call({ kind: 'hashFile', path, end })
    } finally {
      signal.removeEventListener('abort', abort)
    }
  }

  /** Writes the first `length` bytes of `buffer` at `position` of the open file `fd`, hashes them, and hands the buffer back. */
  async write(fd: number, buffer: ArrayBuffer, length: number, position: number): Promise<ArrayBuffer> {
    const reply = await this.call({ kind: 'write', fd, buffer, length, position }, [buffer])
    return reply.buffer as ArrayBuffer
  }

  /** The sha256 of everything hashed, in hex; the hash is finished after this. */
  async digest(): Promise<string> {
    return (await this.call({ kind: 'digest' })).digest as string
  }

  async close(): Promise<void> {
    this.stop(new Error('The sha256 worker was closed.'))
    await this.worker.terminate()
  }

  private call(request: Request, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.stopped) return Promise.reject(this.stopped)
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject })
      this.worker.postMessage(request, transfer)
    })
  }

  private stop(error: Error): void {
    this.stopped ??= error
    for (const caller of this.waiting.splice(0)) caller.reject(this.stopped)
  }
}
