/**
 * The whole chat path (host → worker process → node-llama-cpp → batched stream back) against bare node-llama-cpp
 * in this process, on the same generated model with EXAONE-4.0-1.2B's shape (Q8_0, random weights: the real
 * compute per token), with the same prompt, threads, seed and greedy sampling. Runs alternate (bare, ours, bare,
 * ours, ...) so drift on a shared machine hits both alike; medians are compared.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { getLlama, LlamaChat } from 'node-llama-cpp'
import { ExaoneChatWrapper } from '../src/backend/inference/chat-wrapper'
import { chatFormats, renderConversation } from '../src/backend/inference/formats'
import { EngineHost } from '../src/backend/inference/host'
import { spawnNodeWorker } from '../src/backend/inference/spawn-node'
import type { ChatMessage } from '../src/shared/engine'
import { EXAONE_4_0_1_2B_SHAPE, writeTinyExaone4 } from '../test/fixtures/gguf/exaone-models'
import type { Figure } from './figure'

const messages: ChatMessage[] = [
  { role: 'system', content: 'You are EXAONE model from LG AI Research, a helpful assistant.' },
  { role: 'user', content: 'Explain in a few sentences why the sky is blue.' }
]

interface Run {
  ttftMs: number
  tokensPerSecond: number
  tokens: number
}

export async function benchEngine(rounds = 3, tokens = 48): Promise<Figure[]> {
  const dir = await mkdtemp(join(os.tmpdir(), 'bench-engine-'))
  // On 2 cores a second ggml thread fights Node's own thread and makes figures noisy; more cores use them.
  const threads = Number(process.env.BENCH_THREADS ?? (os.availableParallelism() <= 2 ? 1 : os.availableParallelism()))
  try {
    const { path } = await writeTinyExaone4(join(dir, 'exaone4-1.2b-shape-q8_0.gguf'), { shape: EXAONE_4_0_1_2B_SHAPE, weightType: 'Q8_0' })
    const bare: Run[] = []
    const ours: Run[] = []
    for (let round = 0; round < rounds; round++) {
      bare.push(await runBare(path, threads, tokens))
      ours.push(await runOurs(path, threads, tokens))
    }
    const median = (runs: Run[], key: keyof Run): number => [...runs.map((run) => run[key])].sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? NaN
    const bareTps = median(bare, 'tokensPerSecond')
    const oursTps = median(ours, 'tokensPerSecond')
    const bareTtft = median(bare, 'ttftMs')
    const oursTtft = median(ours, 'ttftMs')
    return [
      { name: 'engine.bareTokensPerSecond', value: bareTps, unit: 'tok/s' },
      { name: 'engine.fullPathTokensPerSecond', value: oursTps, unit: 'tok/s' },
      { name: 'engine.tokensPerSecondRatio', value: oursTps / bareTps, unit: 'x', baseline: 'engine.bareTokensPerSecond' },
      { name: 'engine.bareTtftMs', value: bareTtft, unit: 'ms' },
      { name: 'engine.fullPathTtftMs', value: oursTtft, unit: 'ms' },
      { name: 'engine.ttftExtraMs', value: oursTtft - bareTtft, unit: 'ms', baseline: 'engine.bareTtftMs' },
      { name: 'engine.threads', value: threads, unit: 'threads' },
      { name: 'engine.tokensPerRun', value: median(ours, 'tokens'), unit: 'tokens' }
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function runBare(path: string, threads: number, maxTokens: number): Promise<Run> {
  const llama = await getLlama({ gpu: false, build: 'never' })
  const model = await llama.loadModel({ modelPath: path })
  const context = await model.createContext({ contextSize: 2048, threads })
  const conversation = renderConversation(chatFormats.exaone4, messages)
  const chat = new LlamaChat({ contextSequence: context.getSequence(), chatWrapper: new ExaoneChatWrapper(chatFormats.exaone4, { reasoning: false, conversation }) })
  let tokens = 0
  let first = 0
  let last = 0
  const started = performance.now()
  await chat.generateResponse(
    [],
    {
      maxTokens,
      temperature: 0,
      seed: 1,
      onToken: (generated) => {
        last = performance.now()
        if (tokens === 0) first = last
        tokens += generated.length
      }
    }
  )
  await context.dispose()
  await model.dispose()
  return { ttftMs: first - started, tokensPerSecond: (tokens - 1) / ((last - first) / 1000), tokens }
}

async function runOurs(path: string, threads: number, maxTokens: number): Promise<Run> {
  const host = new EngineHost({ spawn: () => spawnNodeWorker(), threads: async () => threads, gpu: false, onState: () => undefined, onChunk: () => undefined })
  try {
    await host.load({ target: { modelId: null, quantId: null, path, memory: null }, options: { contextSize: 2048 } })
    const result = await host.generate({ requestId: 'bench', messages, sampling: { maxTokens, temperature: 0, seed: 1 } })
    return { ttftMs: result.stats.ttftMs, tokensPerSecond: result.stats.tokensPerSecond, tokens: result.stats.generatedTokens }
  } finally {
    host.dispose()
  }
}
