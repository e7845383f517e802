/**
 * What quitting the app waits for (src/main/lifecycle.ts): backend.dispose() settles only once the inference
 * worker, a real forked process with a real model loaded, has exited.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createBackend } from '../../src/backend/backend'
import { removeTinyModels, tinyModelPath } from '../fixtures/gguf/exaone-models'

let root: string | undefined

afterAll(async () => {
  await removeTinyModels()
  if (root) await rm(root, { recursive: true, force: true })
})

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('backend.dispose', () => {
  it('settles only after the inference worker process has exited', async () => {
    root = await mkdtemp(join(tmpdir(), 'exaone-dispose-'))
    const backend = await createBackend({ dataDir: root, version: '0.0.0' })
    await backend.engine.load({ path: await tinyModelPath('exaone4'), contextSize: 256, gpuLayers: 0, override: true })
    const pid = backend.engine.workerPid
    expect(pid).toBeGreaterThan(0)
    expect(alive(pid!)).toBe(true)
    await backend.dispose()
    expect(alive(pid!)).toBe(false)
  })
})
