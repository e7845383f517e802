import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/** Feeds bytes [0, end) of a file into `hash` (the whole file without `end`). */
export async function hashFileInto(hash: Hash, path: string, end?: number, signal?: AbortSignal): Promise<void> {
  if (end === 0) return
  const stream = createReadStream(path, { highWaterMark: 1 << 20, ...(end !== undefined && { end: end - 1 }), ...(signal && { signal }) })
  for await (const chunk of stream) hash.update(chunk as Buffer)
}

export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256')
  await hashFileInto(hash, path, undefined, signal)
  return hash.digest('hex')
}
