/** What a chat request to a remote server says: the reasoning switch per server, sampling names, the token estimate. */
import { describe, expect, it } from 'vitest'
import { chatCompletionBody, estimatePromptTokens, thinks, type RemoteChatTarget } from '../../../../src/backend/services/remote/remote-chat'
import { catalogEntryForRemote } from '../../../../src/shared/chat-recommendations'

const target = (modelId: string, flavour: RemoteChatTarget['flavour'] = 'openai'): RemoteChatTarget => ({
  name: 'Box', baseUrl: 'http://127.0.0.1:8000/v1', allowInsecureHttp: false, engineId: 'box', modelId, contextLength: null, flavour, entry: catalogEntryForRemote(modelId)
})
const messages = [{ role: 'user' as const, content: 'Hi' }]

describe('chatCompletionBody', () => {
  it('asks EXAONE through the chat template, Ollama through reasoning_effort, and others only when thinking is wanted', () => {
    expect(chatCompletionBody(target('LGAI-EXAONE/EXAONE-4.0-32B'), { requestId: 'r', messages, reasoning: true }, messages)).toMatchObject({ chat_template_kwargs: { enable_thinking: true } })
    expect(chatCompletionBody(target('LGAI-EXAONE/EXAONE-4.0-32B'), { requestId: 'r', messages }, messages)).toMatchObject({ chat_template_kwargs: { enable_thinking: false } })
    expect(chatCompletionBody(target('exaone4.0:32b', 'ollama'), { requestId: 'r', messages, reasoning: true }, messages)).toMatchObject({ reasoning_effort: 'medium' })
    expect(chatCompletionBody(target('gpt-4o-mini'), { requestId: 'r', messages }, messages)).not.toHaveProperty('chat_template_kwargs')
    expect(chatCompletionBody(target('gpt-4o-mini'), { requestId: 'r', messages }, messages)).toMatchObject({ stream: true, stream_options: { include_usage: true } })
  })

  it('names each sampling setting as the servers do, sending only what is set', () => {
    const body = chatCompletionBody(target('m'), { requestId: 'r', messages, sampling: { topP: 0.9, repeatPenalty: 1.1, maxTokens: 64 } }, messages)
    expect(body).toMatchObject({ top_p: 0.9, repetition_penalty: 1.1, repeat_penalty: 1.1, max_tokens: 64 })
    expect(body).not.toHaveProperty('temperature')
  })

  it('sends assistant tool calls and tool results in OpenAI’s shape', () => {
    const history = [
      { role: 'user' as const, content: 'Weather?' },
      { role: 'assistant' as const, content: '', toolCalls: [{ id: 'c1', name: 'weather', arguments: '{}' }] },
      { role: 'tool' as const, content: 'Sunny', toolCallId: 'c1' }
    ]
    expect(chatCompletionBody(target('m'), { requestId: 'r', messages: history }, history).messages).toEqual([
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
      { role: 'tool', content: 'Sunny', tool_call_id: 'c1' }
    ])
  })
})

describe('thinks', () => {
  it('follows the switch unless the model always (Deep) or never (3.5) reasons', () => {
    expect(thinks(target('LGAI-EXAONE/EXAONE-Deep-32B'), false)).toBe(true)
    expect(thinks(target('LGAI-EXAONE/EXAONE-3.5-7.8B-Instruct'), true)).toBe(false)
    expect(thinks(target('LGAI-EXAONE/EXAONE-4.0-32B'), true)).toBe(true)
    expect(thinks(target('unknown'), undefined)).toBe(false)
  })
})

describe('estimatePromptTokens', () => {
  it('counts a token per 3 UTF-8 bytes plus 4 per message, so Korean weighs more than English', () => {
    expect(estimatePromptTokens([{ role: 'user', content: 'abcdef' }])).toBe(6)
    expect(estimatePromptTokens([{ role: 'user', content: '안녕' }])).toBe(6)
  })
})
