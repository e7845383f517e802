/**
 * The inference worker runs below normal priority: the real worker, forked as the CLI, the harness and the tests
 * start it, and on Linux every one of its threads (a nice value is per thread there; llama.cpp's threads inherit it).
 */
import { readdirSync } from 'node:fs'
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { spawnNodeWorker } from '../../../src/backend/inference/spawn-node'

describe('worker priority', () => {
  it('is lower than ours as soon as the forked worker is ready, on each of its threads', async () => {
    const worker = spawnNodeWorker()
    try {
      await new Promise<void>((resolve) => worker.onMessage((message) => message.t === 'ready' && resolve()))
      const pid = worker.pid as number
      expect(os.getPriority(pid)).toBeGreaterThan(os.getPriority())
      const threads = process.platform === 'linux' ? readdirSync(`/proc/${pid}/task`).map(Number) : [pid]
      expect(threads.map((thread) => os.getPriority(thread))).toEqual(threads.map(() => os.constants.priority.PRIORITY_BELOW_NORMAL))
    } finally {
      worker.kill()
    }
  })
})
