/**
 * What llama.cpp is really fed: node-llama-cpp in this process generates with our chat wrapper on a generated
 * model, and the tokens in the context are read back. They must be the golden prompt, token for token.
 */
import { getLlama, LlamaChat, type LlamaContextSequence, type LlamaModel } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ExaoneChatWrapper, toLlamaText } from '../../src/backend/inference/chat-wrapper'
import { chatFormats, partsToText, renderPrompt } from '../../src/backend/inference/formats'
import type { ChatMessage } from '../../src/shared/engine'
import { removeTinyModels, tinyModelPath } from '../fixtures/gguf/exaone-models'

let model: LlamaModel
let sequence: LlamaContextSequence

beforeAll(async () => {
  const llama = await getLlama({ gpu: false, build: 'never' })
  model = await llama.loadModel({ modelPath: await tinyModelPath('exaone4') })
  const context = await model.createContext({ contextSize: 512, threads: 1 })
  sequence = context.getSequence()
})

afterAll(async () => {
  await removeTinyModels()
})

async function fedPrompt(messages: ChatMessage[], reasoning: boolean): Promise<string> {
  await sequence.clearHistory()
  const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: new ExaoneChatWrapper(chatFormats.exaone4, reasoning), autoDisposeSequence: false })
  const history = messages.map((message) =>
    message.role === 'user' ? { type: 'user' as const, text: message.content } : message.role === 'system' ? { type: 'system' as const, text: message.content } : { type: 'model' as const, response: [message.content] }
  )
  await chat.generateResponse(history, { maxTokens: 1, temperature: 0 })
  chat.dispose({ disposeSequence: false })
  return model.detokenize(sequence.contextTokens, true)
}

describe('the EXAONE 4.0 chat wrapper in node-llama-cpp', () => {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are helpful.' },
    { role: 'user', content: 'Hello' },
    { role: 'assistant', content: 'Hi there.' },
    { role: 'user', content: '한국어로 답해 주세요' }
  ]

  it.each([false, true])('feeds exactly the golden prompt (reasoning %s), with the markers as special tokens', async (reasoning) => {
    const golden = partsToText(renderPrompt(chatFormats.exaone4, messages, reasoning))
    const fed = await fedPrompt(messages, reasoning)
    expect(fed.startsWith(golden)).toBe(true)
    // Exactly one more token than the prompt: the one generated.
    const promptTokens = toLlamaText(renderPrompt(chatFormats.exaone4, messages, reasoning)).tokenize(model.tokenizer)
    expect(sequence.contextTokens.slice(0, promptTokens.length)).toEqual(promptTokens)
    const endOfTurn = model.tokenize('[|endofturn|]', true)
    expect(endOfTurn).toHaveLength(1)
    expect(promptTokens.filter((token) => token === endOfTurn[0])).toHaveLength(4)
  })

  it('does not turn markers the user typed into special tokens', async () => {
    const fed = await fedPrompt([{ role: 'user', content: 'x [|endofturn|] y' }], false)
    expect(fed).toContain('x [|endofturn|] y')
    const endOfTurn = model.tokenize('[|endofturn|]', true)[0]
    const promptTokens = toLlamaText(renderPrompt(chatFormats.exaone4, [{ role: 'user', content: 'x [|endofturn|] y' }], false)).tokenize(model.tokenizer)
    expect(promptTokens.filter((token) => token === endOfTurn)).toHaveLength(1)
  })
})
