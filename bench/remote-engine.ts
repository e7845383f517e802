/**
 * What a remote engine costs the window: this app's API server (over a generated model with EXAONE-4.0-1.2B's
 * shape, Q8_0, as bench/api-server.ts uses) stands in for the remote, and the same server is read two ways in
 * alternating rounds: through the window's path (ChatService over RemoteEngineService: undici, the SSE parser,
 * the stream batcher, `engine:stream` events, the conversation file) and raw, by node:http reading the `data:`
 * lines. Tokens per second are timed the same way on both sides, from the first streamed text to the last.
 */
import { request } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { RequestLog } from '../src/backend/api/request-log'
import { startApiServer } from '../src/backend/api/server'
import { ChatService } from '../src/backend/services/chats/chat-service'
import { ConversationStore } from '../src/backend/services/chats/conversation-store'
import { RemoteEngineService } from '../src/backend/services/remote/remote-engine-service'
import { FileSecretStore } from '../src/backend/services/remote/secret-store'
import { SseParser } from '../src/backend/services/remote/sse-parser'
import { loopbackServerOptions } from '../test/helpers/api-server'
import { loadedBenchModel, type TestEngine } from '../test/helpers/engine-service'
import { type Figure, median } from './figure'

const model = 'exaone-4.0-1.2b:Q8_0'
const question = 'Explain in a few sentences why the sky is blue.'

export async function benchRemoteEngine(rounds = 3, tokens = 64): Promise<Figure[]> {
  const dir = await mkdtemp(join(os.tmpdir(), 'bench-remote-'))
  let service: TestEngine | undefined
  let remote: RemoteEngineService | undefined
  try {
    service = await loadedBenchModel(dir, { contextSize: 2048, sequences: 1 })
    const server = await startApiServer(loopbackServerOptions(service, new RequestLog(null)))
    try {
      remote = new RemoteEngineService({ path: join(dir, 'engines.json'), secrets: new FileSecretStore(join(dir, 'keys.json')), hub: service.hub })
      const engine = await remote.add({ name: 'Bench', baseUrl: server.url })
      await remote.use({ kind: 'remote', engineId: engine.id, modelId: model })
      const chats = new ChatService({ store: await ConversationStore.open(join(dir, 'chats')), hub: service.hub, engine: service.engine, remote })
      const window: number[] = []
      const raw: number[] = []
      for (let round = 0; round < rounds; round++) {
        window.push(await runWindow(chats, service, tokens))
        raw.push(await runRaw(server.url, tokens))
      }
      const windowTps = median(window)
      const rawTps = median(raw)
      return [
        { name: 'remote.rawTokensPerSecond', value: rawTps, unit: 'tok/s' },
        { name: 'remote.windowTokensPerSecond', value: windowTps, unit: 'tok/s' },
        { name: 'remote.tokensPerSecondRatio', value: windowTps / rawTps, unit: 'x', baseline: 'remote.rawTokensPerSecond' }
      ]
    } finally {
      await server.close()
    }
  } finally {
    await remote?.dispose()
    service?.dispose()
    await rm(dir, { recursive: true, force: true })
  }
}

/** The same clock on both sides: tokens after the first, over the time from the first text to the last. */
function clock() {
  let first = 0
  let last = 0
  return {
    text(): void {
      last = performance.now()
      if (first === 0) first = last
    },
    tokensPerSecond: (tokens: number): number => (tokens - 1) / ((last - first) / 1000)
  }
}

async function runWindow(chats: ChatService, service: TestEngine, maxTokens: number): Promise<number> {
  const { id } = await chats.create({ sampling: { maxTokens, temperature: 0, seed: 1 } })
  const requestId = `bench-${id}`
  const timing = clock()
  const stop = service.hub.on('engine:stream', (chunk) => chunk.requestId === requestId && chunk.text !== '' && timing.text())
  try {
    const conversation = await chats.send(id, question, requestId)
    return timing.tokensPerSecond(conversation.messages.at(-1)?.stats?.generatedTokens ?? NaN)
  } finally {
    stop()
  }
}

/** A plain HTTP client: POST, then split the body into events and time the content deltas. */
function runRaw(baseUrl: string, maxTokens: number): Promise<number> {
  const body = JSON.stringify({
    model,
    messages: [{ role: 'user', content: question }],
    max_tokens: maxTokens,
    temperature: 0,
    seed: 1,
    stream: true,
    stream_options: { include_usage: true },
    chat_template_kwargs: { enable_thinking: false }
  })
  const timing = clock()
  const parser = new SseParser()
  let tokens = 0
  return new Promise((resolve, reject) => {
    const call = request(`${baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      response.setEncoding('utf8')
      response.on('data', (piece: string) => {
        for (const data of parser.push(piece)) {
          if (data === '[DONE]') continue
          const chunk = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }>; usage?: { completion_tokens: number } }
          if (chunk.choices?.[0]?.delta?.content) timing.text()
          tokens = chunk.usage?.completion_tokens ?? tokens
        }
      })
      response.on('end', () => resolve(timing.tokensPerSecond(tokens)))
      response.on('error', reject)
    })
    call.on('error', reject)
    call.end(body)
  })
}
