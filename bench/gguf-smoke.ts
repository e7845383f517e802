// Load time and decode speed of generated EXAONE models in llama.cpp (node-llama-cpp, CPU, child process).
// BENCH_REAL_SHAPE=1 adds a random-weight model with the real EXAONE-4.0-1.2B shape (Q8_0, about 1.36 GB
// written to the temp dir): the same compute per token as the real model.
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { EXAONE_4_0_1_2B_SHAPE, writeTinyExaone4 } from '../test/fixtures/gguf/exaone-models'
import { runSmokeChild } from '../test/fixtures/gguf/run-smoke'
import type { Figure } from './figure'

export async function benchGgufSmoke(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-gguf-'))
  try {
    const tiny = await writeTinyExaone4(join(dir, 'tiny-exaone4.gguf'))
    // One thread: the tiny model's compute is so small that a second spinning ggml thread competing with
    // Node's main thread on a 2-core machine makes it 30-100x slower and very noisy.
    const run = await runSmokeChild(tiny.path, { tokens: 64, threads: 1 })
    const figures: Figure[] = [
      { name: 'gguf-smoke: node-llama-cpp getLlama (CPU)', value: run.initMs, unit: 'ms' },
      { name: 'gguf-smoke: tiny exaone4 load', value: run.loadMs, unit: 'ms' },
      { name: 'gguf-smoke: tiny exaone4 decode (1 thread)', value: run.tokensPerSecond, unit: 'tok/s' }
    ]
    if (process.env.BENCH_REAL_SHAPE === '1') figures.push(...(await benchRealShape(dir)))
    return figures
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function benchRealShape(dir: string): Promise<Figure[]> {
  const started = performance.now()
  const model = await writeTinyExaone4(join(dir, 'exaone4-1.2b-q8_0.gguf'), { shape: EXAONE_4_0_1_2B_SHAPE, weightType: 'Q8_0' })
  const writeMs = performance.now() - started
  const threads = availableParallelism()
  const run = await runSmokeChild(model.path, { tokens: 16, threads, timeoutMs: 600_000 })
  const baseline = 'same shape and compute as EXAONE-4.0-1.2B-Q8_0.gguf'
  return [
    { name: 'gguf-smoke: write 1.2B-shape Q8_0 GGUF', value: writeMs, unit: 'ms' },
    { name: 'gguf-smoke: 1.2B-shape Q8_0 load', value: run.loadMs, unit: 'ms', baseline },
    { name: 'gguf-smoke: 1.2B-shape Q8_0 prompt + first token', value: run.timeToFirstTokenMs, unit: 'ms', baseline },
    { name: `gguf-smoke: 1.2B-shape Q8_0 decode (${threads} threads)`, value: run.tokensPerSecond, unit: 'tok/s', baseline }
  ]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchGgufSmoke(), null, 2))
}
