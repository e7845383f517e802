/**
 * The API server's cost, on a generated model with EXAONE-4.0-1.2B's shape (Q8_0, random weights: the real
 * compute per token), one engine service and one loaded model for both sides, so model and threads are the same:
 * tokens/s and time to first token read by the openai SDK through the server against the window's own path
 * (EngineService.generate with its stream events), in alternating rounds, medians compared; then the aggregate
 * tokens/s of 4 parallel API streams against 1.
 *
 * The time to first token the server adds is paired per request, as the worker's own share (prefill on a machine
 * shared with other work) varies far more than the server's: each side's time to first token less the engine's
 * own for that very request (`stats.ttftMs`, from the host sending it to the worker to its first chunk), medians
 * compared, so what is left is what the server does around the engine.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { RequestLog } from '../src/backend/api/request-log'
import { startApiServer } from '../src/backend/api/server'
import type { EngineService } from '../src/backend/services/engine-service'
import type { ChatMessage } from '../src/shared/engine'
import { loadedModel } from '../src/shared/engine-plain'
import { loopbackServerOptions } from '../test/helpers/api-server'
import { loadedBenchModel, type TestEngine } from '../test/helpers/engine-service'
import { type Figure, median } from './figure'

const messages = [
  { role: 'system', content: 'You are EXAONE model from LG AI Research, a helpful assistant.' },
  { role: 'user', content: 'Explain in a few sentences why the sky is blue.' }
] satisfies ChatMessage[] & Array<{ role: 'system' | 'user' }>
const model = 'exaone-4.0-1.2b:Q8_0'

interface Run {
  ttftMs: number
  /** The time to first token less the engine's own for the same request: what the path adds around the engine. */
  aroundEngineMs: number
  tokensPerSecond: number
}

/** Rounds of 48-token answers for tokens/s; short answers for the time to first token, many so the median holds. */
export async function benchApiServer(rounds = 3, tokens = 48, ttftRounds = 15): Promise<Figure[]> {
  const dir = await mkdtemp(join(os.tmpdir(), 'bench-api-'))
  let service: TestEngine | undefined
  try {
    service = await loadedBenchModel(dir, { contextSize: 2048, sequences: 4 })
    const engine = service.engine
    // The engine the server is given, which notes the engine's own time to first token of each request it answers.
    const engineTtft = new Map<string, number>()
    const timedEngine: Pick<EngineService, 'state' | 'load' | 'unload' | 'generate' | 'abort'> = {
      get state() {
        return engine.state
      },
      load: (options) => engine.load(options),
      unload: () => engine.unload(),
      abort: (requestId) => engine.abort(requestId),
      generate: async (request) => {
        const result = await engine.generate(request)
        engineTtft.set(request.requestId, result.stats.ttftMs)
        return result
      }
    }
    const server = await startApiServer({ ...loopbackServerOptions(service, new RequestLog(null)), engine: timedEngine })
    const client = new OpenAI({ baseURL: server.url, apiKey: 'none', maxRetries: 0 })
    try {
      const window: Run[] = []
      const api: Run[] = []
      for (let round = 0; round < rounds; round++) {
        window.push(await runWindow(service, tokens))
        api.push(await runApi(client, tokens, engineTtft))
      }
      const windowFirst: Run[] = []
      const apiFirst: Run[] = []
      for (let round = 0; round < ttftRounds; round++) {
        windowFirst.push(await runWindow(service, 2))
        apiFirst.push(await runApi(client, 2, engineTtft))
      }
      const one = await parallelApi(client, 1, tokens)
      const four = await parallelApi(client, 4, tokens)
      const middle = (runs: Run[], key: keyof Run): number => median(runs.map((run) => run[key]))
      const windowTps = middle(window, 'tokensPerSecond')
      const apiTps = middle(api, 'tokensPerSecond')
      return [
        { name: 'api.windowTokensPerSecond', value: windowTps, unit: 'tok/s' },
        { name: 'api.sdkTokensPerSecond', value: apiTps, unit: 'tok/s' },
        { name: 'api.tokensPerSecondRatio', value: apiTps / windowTps, unit: 'x', baseline: 'api.windowTokensPerSecond' },
        { name: 'api.windowTtftMs', value: middle(windowFirst, 'ttftMs'), unit: 'ms' },
        { name: 'api.sdkTtftMs', value: middle(apiFirst, 'ttftMs'), unit: 'ms' },
        { name: 'api.ttftAddedMs', value: middle(apiFirst, 'aroundEngineMs') - middle(windowFirst, 'aroundEngineMs'), unit: 'ms', baseline: 'api.windowTtftMs' },
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
    run(tokens: number, engineTtftMs: number): Run {
      return { ttftMs: first - started, aroundEngineMs: first - started - engineTtftMs, tokensPerSecond: (tokens - 1) / ((last - first) / 1000) }
    }
  }
}

async function runWindow(service: TestEngine, maxTokens: number): Promise<Run> {
  const requestId = randomUUID()
  const timing = clock()
  const stop = service.hub.on('engine:stream', (chunk) => chunk.requestId === requestId && chunk.text !== '' && timing.text())
  try {
    const result = await service.engine.generate({ requestId, messages, sampling: { maxTokens, temperature: 0, seed: 1 } })
    return timing.run(result.stats.generatedTokens, result.stats.ttftMs)
  } finally {
    stop()
  }
}

async function runApi(client: OpenAI, maxTokens: number, engineTtft: ReadonlyMap<string, number>): Promise<Run> {
  const timing = clock()
  let tokens = 0
  let id = ''
  const stream = await client.chat.completions.create({ model, messages, max_tokens: maxTokens, temperature: 0, seed: 1, stream: true, stream_options: { include_usage: true } })
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta.content) timing.text()
    tokens = chunk.usage?.completion_tokens ?? tokens
    id = chunk.id
  }
  // The server's request id is the completion's id.
  return timing.run(tokens, engineTtft.get(id) ?? NaN)
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
