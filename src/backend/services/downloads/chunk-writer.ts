import type { FileHandle } from 'node:fs/promises'

const pieceBytes = 256 * 1024

/**
 * Writes each chunk where it belongs in the file as it arrives, in pieces of at most 256 KiB, several at once on
 * libuv's threads, oldest awaited first. Not a write stream's batches, nor one write per 1 MiB block as rawGet hands
 * them over: on the build machines (VMs, Linux 6.18 with large folios) 1 MiB writes cost up to 3 times the CPU of
 * smaller ones; with rawGet's blocks reused, 256 KiB pieces beat 64 KiB ones (a quarter of the calls) and 1 MiB
 * ones, and no OS is slow at writes of that size (docs/performance.md). Node's
 * warning against several writes at once on one file is about writes at the file's current position; each of these
 * names its own offset (pwrite, and WriteFile with an offset on Windows).
 */
export class ChunkWriter {
  private readonly flying: Array<{ end: number; done: Promise<Error | null> }> = []
  private position: number
  private error: Error | null = null
  private done: number

  constructor(private readonly file: Pick<FileHandle, 'write'>, start: number, private readonly depth = 16) {
    this.position = start
    this.done = start
  }

  /** Bytes certainly written: everything before the oldest write still running or refused. */
  get written(): number {
    return this.done
  }

  /**
   * Starts writing `chunk`; waits while `depth` writes run; throws the first error a write met. `onWritten` runs once
   * no write reads `chunk` any more, so its memory may be reused.
   */
  async write(chunk: Buffer, onWritten?: () => void): Promise<void> {
    const pieces: Array<Promise<unknown>> = []
    try {
      for (let at = 0; at < chunk.length; at += pieceBytes) {
        const piece = chunk.subarray(at, at + pieceBytes)
        this.position += piece.length
        const done = writeAll(this.file, piece, this.position - piece.length)
        pieces.push(done)
        this.flying.push({ end: this.position, done })
        if (this.flying.length >= this.depth) await this.settleOldest()
        if (this.error) throw this.error
      }
    } finally {
      if (onWritten) void Promise.all(pieces).then(onWritten)
    }
  }

  /** Waits for every write; the first error met, or null. */
  async drain(): Promise<Error | null> {
    while (this.flying.length > 0) await this.settleOldest()
    return this.error
  }

  private async settleOldest(): Promise<void> {
    const oldest = this.flying.shift()
    if (!oldest) return
    const error = await oldest.done
    if (this.error) return
    if (error) this.error = error
    else this.done = oldest.end
  }
}

/** A positional write of all of `chunk` (a write may take fewer bytes); resolves to its error instead of rejecting. */
async function writeAll(file: Pick<FileHandle, 'write'>, chunk: Buffer, at: number): Promise<Error | null> {
  try {
    for (let offset = 0; offset < chunk.length; ) {
      const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset, at + offset)
      if (bytesWritten === 0) throw new Error(`The disk took none of ${chunk.length - offset} bytes at ${at + offset}.`)
      offset += bytesWritten
    }
    return null
  } catch (error) {
    return error as Error
  }
}
