// SharedJsonFile on a real file in a temp folder, with the real folder watch: what another process writes is
// announced once, what this process writes is not, even where reading it back gives the keys in another order.
import { watch } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { SharedJsonFile, writeFileAtomic } from '../../../src/backend/json-file'

type Stored = Record<string, number>
let folder: string
let path: string

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'exaone-shared-json-'))
  path = join(folder, 'shared.json')
  await writeFileAtomic(path, JSON.stringify({ a: 1 }))
})
afterEach(() => rm(folder, { recursive: true, force: true }))

// Like the settings store: what the file lacks comes first, from the defaults, so keys come back in another order.
const read = async (): Promise<Stored> => ({ z: 0, ...(JSON.parse(await readFile(path, 'utf8')) as Stored) })

/** Resolves at the next event for the file: its own watcher has had the same event by then. */
function nextEvent(): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dirname(path), (_event, filename) => {
      if (filename === null || filename === basename(path)) {
        watcher.close()
        resolve()
      }
    })
  })
}

it('does not announce its own write as an outside change when the keys read back in another order', async () => {
  const announced: Stored[] = []
  const file = new SharedJsonFile(path, read, (value) => void announced.push(value))
  try {
    await file.get()
    const seen = nextEvent()
    // Written a, b, z; read back z, a, b.
    await file.change(() => ({ a: 1, b: 2, z: 3 }))
    await seen
    // A change waits for the reread that event started, so that reread is over when this returns.
    await file.change((stored) => stored)
    expect(announced).toEqual([])
    expect(await file.get()).toEqual({ a: 1, b: 2, z: 3 })
  } finally {
    file.close()
  }
})

it('announces what another process writes, once, and keeps it for its next change', async () => {
  const announced: Stored[] = []
  let outside!: () => void
  const arrived = new Promise<void>((resolve) => (outside = resolve))
  const file = new SharedJsonFile(path, read, (value) => {
    announced.push(value)
    outside()
  })
  try {
    await file.get()
    await writeFileAtomic(path, JSON.stringify({ a: 5 }))
    await arrived
    // Past the reread of each event the write made: a change takes its turn after them.
    await file.change((stored) => ({ ...stored, b: 1 }))
    expect(announced).toEqual([{ z: 0, a: 5 }])
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ z: 0, a: 5, b: 1 })
  } finally {
    file.close()
  }
})
