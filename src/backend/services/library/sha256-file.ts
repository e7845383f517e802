import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/** Feeds bytes [0, end) of a file into `hash` (the whole file without `end`); `read` hears the bytes hashed so far. */
export async function hashFileInto(hash: Hash, path: string, end?: number, signal?: AbortSignal, read?: (bytes: number) => void): Promise<void> {
  if (end === 0) return
  const stream = createReadStream(path, { highWaterMark: 1 << 20, ...(end !== undefined && { end: end - 1 }), ...(signal && { signal }) })
  let bytes = 0
  for await (const chunk of stream) {
    hash.update(chunk as Buffer)
    bytes += (chunk as Buffer).length
    read?.(bytes)
  }
}

export async function sha256File(path: string, signal?: AbortSignal, read?: (bytes: number) => void): Promise<string> {
  const hash = createHash('sha256')
  await hashFileInto(hash, path, undefined, signal, read)
  return hash.digest('hex')
}
