// Bare node-llama-cpp for bench/engine.ts, in a process of its own so that it runs at the same OS priority as
// our inference worker (below normal) and the machine's other load hits both alike. Each IPC message
// { path, threads, tokens } is answered with one BareRun.
import { getLlama, LlamaChat } from 'node-llama-cpp'
import { ExaoneChatWrapper } from '../src/backend/inference/chat-wrapper'
import { chatFormats, renderConversation } from '../src/backend/inference/formats'
import { benchMessages, type BareRequest, type BareRun } from './engine'

const llama = await getLlama({ gpu: false, build: 'never' })

process.on('message', (request: BareRequest) => {
  void run(request).then((result) => process.send?.(result))
})
process.on('disconnect', () => process.exit(0))

async function run({ path, threads, tokens: maxTokens }: BareRequest): Promise<BareRun> {
  const model = await llama.loadModel({ modelPath: path })
  const context = await model.createContext({ contextSize: 2048, threads })
  const conversation = renderConversation(chatFormats.exaone4, benchMessages)
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
