/**
 * What llama.cpp is really fed: node-llama-cpp in this process generates with our chat wrapper on a generated
 * model, and the tokens in the context are read back. They must be the golden prompt, token for token.
 */
import { getLlama, LlamaChat, type LlamaContextSequence, type LlamaModel } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ExaoneChatWrapper, toLlamaText } from '../../src/backend/inference/chat-wrapper'
import { chatFormats, partsToText, renderConversation, renderPrompt } from '../../src/backend/inference/formats'
import type { ChatMessage } from '../../src/shared/engine'
import { removeTinyModels, tinyModelPath } from '../fixtures/gguf/exaone-models'

let model: LlamaModel
let sequence: LlamaContextSequence

beforeAll(async () => {
  const llama = await getLlama({ gpu: false, build: 'never' })
  model = await llama.loadModel({ modelPath: await tinyModelPath('exaone4') })
  const context = await model.createContext({ contextSize: 2048, threads: 1 })
  sequence = context.getSequence()
})

afterAll(async () => {
  await removeTinyModels()
})

async function fedPrompt(messages: ChatMessage[], reasoning: boolean): Promise<string> {
  await sequence.clearHistory()
  const conversation = renderConversation(chatFormats.exaone4, messages)
  const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: new ExaoneChatWrapper(chatFormats.exaone4, { reasoning, conversation }), autoDisposeSequence: false })
  await chat.generateResponse([], { maxTokens: 1, temperature: 0 })
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

  it('forces a call of a named tool: the output is the call syntax, its arguments parse against the schema', async () => {
    await sequence.clearHistory()
    const tools = [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } } } }]
    const conversation = renderConversation(chatFormats.exaone4, [{ role: 'user', content: 'Weather in Seoul?' }], tools)
    const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: new ExaoneChatWrapper(chatFormats.exaone4, { reasoning: false, conversation, forceToolCall: true }), autoDisposeSequence: false })
    const response = await chat.generateResponse([], {
      maxTokens: 200,
      temperature: 0,
      functions: { get_weather: { params: { type: 'object', properties: { city: { type: 'string', maxLength: 12 }, days: { type: 'integer' } } } } },
      maxParallelFunctionCalls: 1
    })
    chat.dispose({ disposeSequence: false })
    expect(response.metadata.stopReason).toBe('functionCalls')
    expect(response.functionCalls).toHaveLength(1)
    const params = response.functionCalls?.[0]?.params as { city: unknown; days: unknown }
    expect(typeof params.city).toBe('string')
    expect(Number.isInteger(params.days)).toBe(true)
    const fed = model.detokenize(sequence.contextTokens, true)
    expect(fed.startsWith(partsToText(renderPrompt(chatFormats.exaone4, [{ role: 'user', content: 'Weather in Seoul?' }], false, tools)))).toBe(true)
    expect(fed).toContain('[|assistant|]\n<think>\n\n</think>\n\n<tool_call>{"name": "get_weather", "arguments": ')
  })
})
