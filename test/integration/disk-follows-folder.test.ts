/**
 * The free disk the window shows (the hardware probe's `disk`, which the fit advisor's "not enough disk" reads)
 * follows the models folder as soon as it moves, on the real backend: no restart, no new GPU probe.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../src/backend/backend'
import type { HardwareProbe } from '../../src/shared/hardware'

let root: string | undefined
let backend: Backend | undefined

afterAll(async () => {
  await backend?.dispose()
  if (root) await rm(root, { recursive: true, force: true })
})

describe('free disk', () => {
  it('is read from the moved models folder at once, and announced', async () => {
    root = await mkdtemp(join(tmpdir(), 'exaone-disk-'))
    backend = await createBackend({ dataDir: join(root, 'data'), version: 'test' })
    const before = await backend.hardware.complete()
    expect(before.disk?.path).toBe(backend.modelFiles.folder.path)

    const updates: HardwareProbe[] = []
    backend.hub.on('hardware:updated', (probe) => updates.push(probe))
    const moved = join(root, 'elsewhere', 'models')
    const reply = await backend.dispatch('library:move', { folder: moved })
    expect(reply).toMatchObject({ ok: true })
    await expect.poll(() => updates.at(-1)?.disk?.path).toBe(backend.modelFiles.folder.path)
    expect(backend.modelFiles.folder.path).toContain('elsewhere')
    // The GPUs and the rest are the probe already made, not a new one.
    expect(updates.at(-1)?.probedAt).toBe(before.probedAt)
    const reply2 = await backend.dispatch('hardware:probe', {})
    expect(reply2).toMatchObject({ ok: true, value: { disk: { path: backend.modelFiles.folder.path } } })
  })
})
