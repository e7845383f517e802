import { randomBytes } from 'node:crypto'
import { mkdtemp, open, readFile, rm, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ChunkWriter } from '../../../src/backend/services/downloads/chunk-writer'

describe('ChunkWriter (downloads: pieces of a chunk written at their offsets, several at once)', () => {
  let folder: string
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'exaone-chunk-writer-'))
  })
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it('puts every chunk at its place after the bytes already there, however the writes finish', async () => {
    const path = join(folder, 'a.part')
    const head = randomBytes(1000)
    const chunks = Array.from({ length: 40 }, (_, index) => randomBytes(1 + ((index * 7919) % 70_000)))
    const file = await open(path, 'w')
    await file.write(head)
    const writer = new ChunkWriter(file, head.length, 4)
    for (const chunk of chunks) await writer.write(chunk)
    expect(await writer.drain()).toBeNull()
    await file.close()
    const all = Buffer.concat([head, ...chunks])
    expect(writer.written).toBe(all.length)
    expect((await readFile(path)).equals(all)).toBe(true)
  })

  it('writes a block as rawGet hands it over (1 MiB) in pieces of at most 256 KiB, each at its offset', async () => {
    const path = join(folder, 'c.part')
    const file = await open(path, 'w')
    const writes: Array<{ length: number; position: number }> = []
    const disk = {
      write: ((buffer: Buffer, offset: number, length: number, position: number) => {
        writes.push({ length, position })
        return file.write(buffer, offset, length, position)
      }) as typeof file.write
    }
    const block = randomBytes((1 << 20) + 100)
    const writer = new ChunkWriter(disk, 0)
    await writer.write(block)
    expect(await writer.drain()).toBeNull()
    await file.close()
    expect(writes).toHaveLength(5)
    expect(writes.every(({ length }) => length <= 256 * 1024)).toBe(true)
    expect(writes.map(({ position }) => position)).toEqual(Array.from({ length: 5 }, (_, index) => index * 256 * 1024))
    expect((await readFile(path)).equals(block)).toBe(true)
  })

  it('says a chunk is written only once every one of its pieces is, whatever order they finish in', async () => {
    const pending: Array<() => void> = []
    const disk = { write: ((_buffer: Buffer, _offset: number, length: number) => new Promise((resolve) => pending.push(() => resolve({ bytesWritten: length, buffer: _buffer })))) as FileHandle['write'] }
    const writer = new ChunkWriter(disk, 0)
    let written = false
    await writer.write(Buffer.alloc(800 * 1024), () => (written = true))
    expect(pending).toHaveLength(4)
    for (const finish of pending.slice(1).reverse()) finish()
    await new Promise(setImmediate)
    expect(written).toBe(false)
    pending[0]?.()
    expect(await writer.drain()).toBeNull()
    await new Promise(setImmediate)
    expect(written).toBe(true)
  })

  it('a refused write (disk full, faked: no disk fills here) stops it; only the bytes before it count as written', async () => {
    const path = join(folder, 'b.part')
    const file = await open(path, 'w')
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    let calls = 0
    // The real file, except that its 6th write is refused as a full disk refuses it; later ones still land.
    const disk = { write: ((...args: Parameters<typeof file.write>) => (++calls === 6 ? Promise.reject(full) : file.write(...args))) as typeof file.write }
    const writer = new ChunkWriter(disk, 0, 4)
    const chunk = Buffer.alloc(1024, 7)
    let thrown: unknown = null
    let accepted = 0
    try {
      for (let index = 0; index < 20; index++) {
        await writer.write(chunk)
        accepted++
      }
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBe(full)
    // The 6th write's failure is seen once the writer waits for it (four run at once), not later.
    expect(accepted).toBeLessThan(10)
    expect(await writer.drain()).toBe(full)
    expect(writer.written).toBe(5 * 1024)
    await file.close()
  })

  it('takes a write the disk shortens in more than one go', async () => {
    const path = join(folder, 'c.part')
    const file = await open(path, 'w')
    // The real file, taking at most 100 bytes a call, as a write may.
    const short = { write: ((buffer: Buffer, offset: number, length: number, position: number) => file.write(buffer, offset, Math.min(length, 100), position)) as typeof file.write }
    const writer = new ChunkWriter(short, 0)
    const chunk = randomBytes(1234)
    await writer.write(chunk)
    expect(await writer.drain()).toBeNull()
    await file.close()
    expect((await readFile(path)).equals(chunk)).toBe(true)
  })
})
