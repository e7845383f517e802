/**
 * The whole chat path (host → worker process → node-llama-cpp → batched stream back) at the app's default thread
 * count against bare node-llama-cpp, on the same generated model with EXAONE-4.0-1.2B's shape (Q8_0, random
 * weights: the real compute per token), with the same prompt, seed and greedy sampling. Bare runs at every thread
 * count from 1 to the physical cores; the best of them is the figure to match (`engine.defaultVsBestBare`), and
 * bare at our thread count shows the path's own cost. Bare runs in a child process at the worker's priority
 * (engine-bare-child.ts). Runs alternate (bare at each count, ours, ...) so drift on a shared machine hits all
 * alike; medians are compared.
 */
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { EngineHost } from '../src/backend/inference/host'
import { spawnNodeWorker } from '../src/backend/inference/spawn-node'
import { lowerPriority } from '../src/backend/process-priority'
import { probeFast } from '../src/backend/services/hardware/fast-probe'
import { inferenceThreads } from '../src/backend/services/engine-service'
import type { ChatMessage } from '../src/shared/engine'
import { EXAONE_4_0_1_2B_SHAPE, writeTinyExaone4 } from '../test/fixtures/gguf/exaone-models'
import type { Figure } from './figure'

export const benchMessages: ChatMessage[] = [
  { role: 'system', content: 'You are EXAONE model from LG AI Research, a helpful assistant.' },
  { role: 'user', content: 'Explain in a few sentences why the sky is blue.' }
]

export interface BareRequest {
  path: string
  threads: number
  tokens: number
}

export interface BareRun {
  ttftMs: number
  tokensPerSecond: number
  tokens: number
}

export async function benchEngine(rounds = 3, tokens = 48): Promise<Figure[]> {
  const dir = await mkdtemp(join(os.tmpdir(), 'bench-engine-'))
  const cores = (await probeFast(dir)).cpu.cores
  const threads = inferenceThreads(cores)
  const counts = Array.from({ length: cores }, (_, index) => index + 1)
  const child = fork(join(import.meta.dirname, 'engine-bare-child.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  lowerPriority(child.pid)
  const bareRun = async (request: BareRequest): Promise<BareRun> => {
    child.send(request)
    const [result] = (await once(child, 'message')) as [BareRun]
    return result
  }
  try {
    const { path } = await writeTinyExaone4(join(dir, 'exaone4-1.2b-shape-q8_0.gguf'), { shape: EXAONE_4_0_1_2B_SHAPE, weightType: 'Q8_0' })
    const bare = new Map<number, BareRun[]>(counts.map((count) => [count, []]))
    const ours: BareRun[] = []
    for (let round = 0; round < rounds; round++) {
      for (const count of counts) bare.get(count)?.push(await bareRun({ path, threads: count, tokens }))
      ours.push(await runOurs(path, threads, tokens))
    }
    const median = (runs: BareRun[], key: keyof BareRun): number => [...runs.map((run) => run[key])].sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? NaN
    const [bestCount, bestTps] = counts.map((count) => [count, median(bare.get(count) ?? [], 'tokensPerSecond')] as const).reduce((best, next) => (next[1] > best[1] ? next : best))
    const sameThreads = bare.get(threads) ?? []
    const bareTps = median(sameThreads, 'tokensPerSecond')
    const oursTps = median(ours, 'tokensPerSecond')
    const bareTtft = median(sameThreads, 'ttftMs')
    const oursTtft = median(ours, 'ttftMs')
    return [
      ...counts.map((count) => ({ name: `engine.bare${count}ThreadsTokensPerSecond`, value: median(bare.get(count) ?? [], 'tokensPerSecond'), unit: 'tok/s' })),
      { name: 'engine.bestBareThreads', value: bestCount, unit: 'threads' },
      { name: 'engine.defaultThreads', value: threads, unit: 'threads' },
      { name: 'engine.fullPathTokensPerSecond', value: oursTps, unit: 'tok/s' },
      { name: 'engine.defaultVsBestBare', value: oursTps / bestTps, unit: 'x', baseline: `engine.bare${bestCount}ThreadsTokensPerSecond` },
      { name: 'engine.tokensPerSecondRatio', value: oursTps / bareTps, unit: 'x', baseline: `engine.bare${threads}ThreadsTokensPerSecond` },
      { name: 'engine.bareTtftMs', value: bareTtft, unit: 'ms' },
      { name: 'engine.fullPathTtftMs', value: oursTtft, unit: 'ms' },
      { name: 'engine.ttftExtraMs', value: oursTtft - bareTtft, unit: 'ms', baseline: 'engine.bareTtftMs' },
      { name: 'engine.tokensPerRun', value: median(ours, 'tokens'), unit: 'tokens' }
    ]
  } finally {
    child.disconnect()
    await rm(dir, { recursive: true, force: true })
  }
}

async function runOurs(path: string, threads: number, maxTokens: number): Promise<BareRun> {
  const host = new EngineHost({ spawn: () => spawnNodeWorker(), threads: async () => threads, gpu: false, onState: () => undefined, onChunk: () => undefined })
  try {
    await host.load({ target: { modelId: null, quantId: null, path, memory: null }, options: { contextSize: 2048 } })
    const result = await host.generate({ requestId: 'bench', messages: benchMessages, sampling: { maxTokens, temperature: 0, seed: 1 } })
    return { ttftMs: result.stats.ttftMs, tokensPerSecond: result.stats.tokensPerSecond, tokens: result.stats.generatedTokens }
  } finally {
    host.dispose()
  }
}
