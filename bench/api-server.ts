/**
 * The API server's cost, on a generated model with EXAONE-4.0-1.2B's shape (Q8_0, random weights: the real
 * compute per token), one engine service and one loaded model for both sides, so model and threads are the same:
 * tokens/s and time to first token read by the openai SDK through the server against the window's own path
 * (EngineService.generate with its stream events), in alternating rounds, medians compared; then the aggregate
 * tokens/s of 4 parallel API streams against 1.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { RequestLog } from '../src/backend/api/request-log'
import { startApiServer } from '../src/backend/api/server'
import { loadedModel, type ChatMessage } from '../src/shared/engine'
import { EXAONE_4_0_1_2B_SHAPE, writeTinyExaone4 } from '../test/fixtures/gguf/exaone-models'
import { loopbackServerOptions } from '../test/helpers/api-server'
import { installAs, makeEngineService, type TestEngine } from '../test/helpers/engine-service'
import type { Figure } from './figure'

const messages = [
  { role: 'system', content: 'You are EXAONE model from LG AI Research, a helpful assistant.' },
  { role: 'user', content: 'Explain in a few sentences why the sky is blue.' }
] satisfies ChatMessage[] & Array<{ role: 'system' | 'user' }>
const model = 'exaone-4.0-1.2b:Q8_0'

interface Run {
  ttftMs: number
  tokensPerSecond: number
}

export async function benchApiServer(rounds = 3, tokens = 48): Promise<Figure[]> {
  const dir = await mkdtemp(join(os.tmpdir(), 'bench-api-'))
  let service: TestEngine | undefined
  try {
    const { path } = await writeTinyExaone4(join(dir, 'exaone4-1.2b-shape-q8_0.gguf'), { shape: EXAONE_4_0_1_2B_SHAPE, weightType: 'Q8_0' })
    await mkdir(join(dir, 'models'))
    service = makeEngineService(join(dir, 'models'))
    await installAs(service.library, path, 'exaone-4.0-1.2b', 'Q8_0')
    await service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q8_0', contextSize: 2048, sequences: 4 })
    const server = await startApiServer(loopbackServerOptions(service, new RequestLog(null)))
    const client = new OpenAI({ baseURL: server.url, apiKey: 'none', maxRetries: 0 })
    try {
      const window: Run[] = []
      const api: Run[] = []
      for (let round = 0; round < rounds; round++) {
        window.push(await runWindow(service, tokens))
        api.push(await runApi(client, tokens))
      }
      const one = await parallelApi(client, 1, tokens)
      const four = await parallelApi(client, 4, tokens)
      const median = (runs: Run[], key: keyof Run): number => [...runs.map((run) => run[key])].sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? NaN
      const windowTps = median(window, 'tokensPerSecond')
      const apiTps = median(api, 'tokensPerSecond')
      return [
        { name: 'api.windowTokensPerSecond', value: windowTps, unit: 'tok/s' },
        { name: 'api.sdkTokensPerSecond', value: apiTps, unit: 'tok/s' },
        { name: 'api.tokensPerSecondRatio', value: apiTps / windowTps, unit: 'x', baseline: 'api.windowTokensPerSecond' },
        { name: 'api.windowTtftMs', value: median(window, 'ttftMs'), unit: 'ms' },
        { name: 'api.sdkTtftMs', value: median(api, 'ttftMs'), unit: 'ms' },
        { name: 'api.ttftExtraMs', value: median(api, 'ttftMs') - median(window, 'ttftMs'), unit: 'ms', baseline: 'api.windowTtftMs' },
        { name: 'api.oneStreamTokensPerSecond', value: one, unit: 'tok/s' },
        { name: 'api.fourStreamsTokensPerSecond', value: four, unit: 'tok/s' },
        { name: 'api.parallelRatio', value: four / one, unit: 'x', baseline: 'api.oneStreamTokensPerSecond' },
        { name: 'api.threads', value: loadedModel(service.engine.state)?.threads ?? NaN, unit: 'threads' }
      ]
    } finally {
      await server.close()
    }
  } finally {
    service?.dispose()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Timed the same way on both sides: from the call to the first and last streamed text. */
function clock() {
  const started = performance.now()
  let first = 0
  let last = 0
  return {
    text(): void {
      last = performance.now()
      if (first === 0) first = last
    },
    run(tokens: number): Run {
      return { ttftMs: first - started, tokensPerSecond: (tokens - 1) / ((last - first) / 1000) }
    }
  }
}

async function runWindow(service: TestEngine, maxTokens: number): Promise<Run> {
  const requestId = randomUUID()
  const timing = clock()
  const stop = service.hub.on('engine:stream', (chunk) => chunk.requestId === requestId && chunk.text !== '' && timing.text())
  try {
    const result = await service.engine.generate({ requestId, messages, sampling: { maxTokens, temperature: 0, seed: 1 } })
    return timing.run(result.stats.generatedTokens)
  } finally {
    stop()
  }
}

async function runApi(client: OpenAI, maxTokens: number): Promise<Run> {
  const timing = clock()
  let tokens = 0
  const stream = await client.chat.completions.create({ model, messages, max_tokens: maxTokens, temperature: 0, seed: 1, stream: true, stream_options: { include_usage: true } })
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta.content) timing.text()
    tokens = chunk.usage?.completion_tokens ?? tokens
  }
  return timing.run(tokens)
}

/** Tokens per second of `count` streams together: all their tokens over the time from the first token to the last. */
async function parallelApi(client: OpenAI, count: number, maxTokens: number): Promise<number> {
  let first = Infinity
  let last = 0
  const totals = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      let tokens = 0
      const stream = await client.chat.completions.create({ model, messages, max_tokens: maxTokens, temperature: 0, seed: index + 1, stream: true, stream_options: { include_usage: true } })
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) {
          last = Math.max(last, performance.now())
          first = Math.min(first, performance.now())
        }
        tokens = chunk.usage?.completion_tokens ?? tokens
      }
      return tokens
    })
  )
  return (totals.reduce((sum, tokens) => sum + tokens, 0) - count) / ((last - first) / 1000)
}
