import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import { AppError } from '../../../shared/errors'
import { syncFile } from '../../durable-files'
import { partSuffix } from './models-folder'
import { sha256File } from './sha256-file'

/**
 * Copies `from` to `to` through `<to>.part`: hashes the source on the way, fsyncs, re-reads the copy and
 * compares, and only then renames it into place. Returns the sha256. Nothing half-copied keeps the real name.
 * `progress` hears the bytes copied, then the bytes of the copy read back. `signal` stops it, the `.part` deleted.
 */
export async function copyVerified(from: string, to: string, progress?: (step: 'copying' | 'verifying', bytes: number) => void, signal?: AbortSignal): Promise<string> {
  const partial = to + partSuffix
  const hash = createHash('sha256')
  let copied = 0
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      copied += chunk.length
      progress?.('copying', copied)
      done(null, chunk)
    }
  })
  try {
    progress?.('copying', 0)
    await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), hashing, createWriteStream(partial), { ...(signal && { signal }) })
    await syncFile(partial)
    const expected = hash.digest('hex')
    progress?.('verifying', 0)
    const readBack = await sha256File(partial, signal, (bytes) => progress?.('verifying', bytes))
    if (readBack !== expected) {
      throw new AppError({ code: 'io', message: `The copy of ${from} does not match the original; the disk may be failing. Nothing was moved.` })
    }
    await rename(partial, to)
    return expected
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
}
