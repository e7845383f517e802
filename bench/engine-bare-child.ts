// Bare node-llama-cpp for bench/engine.ts, in a process of its own so that it runs at the same OS priority as
// our inference worker (below normal) and the machine's other load hits both alike. Each IPC message (a
// BareRequest or BareTurnsRequest) is answered with one BareRun or BareTurnsRun.
import { getLlama, LlamaChat, type Token } from 'node-llama-cpp'
import { ExaoneChatWrapper } from '../src/backend/inference/chat-wrapper'
import { chatFormats, renderConversation } from '../src/backend/inference/formats'
import type { BareRequest, BareRun, BareTurnsRequest, BareTurnsRun } from './engine'

const llama = await getLlama({ gpu: false, build: 'never' })

process.on('message', (request: BareRequest | BareTurnsRequest) => {
  void ('newTokens' in request ? turns(request) : run(request)).then((result) => process.send?.(result))
})
process.on('disconnect', () => process.exit(0))

async function run({ path, threads, tokens: maxTokens, messages, batchSize }: BareRequest): Promise<BareRun> {
  const model = await llama.loadModel({ modelPath: path })
  const context = await model.createContext({ contextSize: 4096, threads, ...(batchSize && { batchSize }) })
  const sequence = context.getSequence()
  const conversation = renderConversation(chatFormats.exaone4, messages)
  const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: new ExaoneChatWrapper(chatFormats.exaone4, { reasoning: false, conversation }) })
  let tokens = 0
  let first = 0
  let last = 0
  let promptTokens = 0
  const started = performance.now()
  await chat.generateResponse([], {
    maxTokens,
    temperature: 0,
    seed: 1,
    onToken: (generated) => {
      last = performance.now()
      if (tokens === 0) {
        first = last
        promptTokens = sequence.tokenMeter.usedInputTokens + sequence.tokenMeter.usedOutputTokens
      }
      tokens += generated.length
    }
  })
  await context.dispose()
  await model.dispose()
  return { ttftMs: first - started, tokensPerSecond: tokens > 1 ? (tokens - 1) / ((last - first) / 1000) : 0, tokens, promptTokens }
}

/**
 * A conversation's turns as llama.cpp alone sees them with its cache kept: each turn evaluates only its new tokens
 * (as many as ours did, arbitrary ids: attention's cost depends on where they sit, not what they are) and samples one.
 */
async function turns({ path, threads, newTokens }: BareTurnsRequest): Promise<BareTurnsRun> {
  const model = await llama.loadModel({ modelPath: path })
  const context = await model.createContext({ contextSize: 4096, threads })
  const sequence = context.getSequence()
  const ttftMs: number[] = []
  for (const [turn, count] of newTokens.entries()) {
    const tokens = Array.from({ length: count }, (_, index) => 1000 + ((index * 7919 + turn * 104_729) % 90_000)) as Token[]
    const started = performance.now()
    for await (const token of sequence.evaluate(tokens, { temperature: 0 })) {
      void token
      break
    }
    ttftMs.push(performance.now() - started)
  }
  await context.dispose()
  await model.dispose()
  return { ttftMs }
}
