/** OpenAI requests as the engine's, and thoughts placed where the setting says: the pure parts of the API server. */
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../../src/backend/api/errors'
import { messageFields, ReasoningShaper } from '../../../../src/backend/api/reasoning'
import { chatRequestOf, completionRequestOf } from '../../../../src/backend/api/translate'
import { ChatCompletionRequest } from '../../../../src/shared/openai/chat'
import { CompletionRequest } from '../../../../src/shared/openai/completions'

const chat = (body: Record<string, unknown>) => chatRequestOf(ChatCompletionRequest.parse({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], ...body }), 'id')
const refusal = (run: () => unknown): ApiError => {
  try {
    run()
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('chat requests for the engine', () => {
  it('maps sampling, stop, the reasoning switches and the response format, and never lets the engine cut the conversation', () => {
    expect(chat({ temperature: 0.5, top_p: 0, top_k: 40, min_p: 0.1, presence_penalty: 1, frequency_penalty: 0.5, seed: 3, max_completion_tokens: 9, max_tokens: 99, stop: 'END' })).toEqual({
      requestId: 'id',
      messages: [{ role: 'user', content: 'Hi' }],
      overflow: 'refuse',
      sampling: { temperature: 0.5, topP: 0.05, topK: 40, minP: 0.1, presencePenalty: 1, frequencyPenalty: 0.5, seed: 3, maxTokens: 9 },
      stop: ['END']
    })
    expect(chat({ chat_template_kwargs: { enable_thinking: true } }).reasoning).toBe(true)
    expect(chat({ reasoning_effort: 'none' }).reasoning).toBe(false)
    expect(chat({ reasoning_effort: 'high' }).reasoning).toBe(true)
    expect(chat({}).reasoning).toBeUndefined()
    expect(chat({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } }).responseFormat).toEqual({ type: 'json_schema', schema: { type: 'object' } })
    expect(chat({ response_format: { type: 'text' } }).responseFormat).toBeUndefined()
  })

  it('maps tools, tool_choice, assistant tool calls and tool results, and developer messages as system', () => {
    const tool = { type: 'function', function: { name: 'f', parameters: { type: 'object' } } }
    const request = chat({
      tools: [tool],
      tool_choice: { type: 'function', function: { name: 'f' } },
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: '42' }
      ]
    })
    expect(request).toMatchObject({
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      toolChoice: { name: 'f' },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }] },
        { role: 'tool', content: '42', toolCallId: 'c1' }
      ]
    })
  })

  it('refuses what it cannot honour, naming the field', () => {
    expect(refusal(() => chat({ n: 2 })).body.error).toMatchObject({ param: 'n', code: 'unsupported_value' })
    expect(refusal(() => chat({ logprobs: true })).body.error.param).toBe('logprobs')
    expect(refusal(() => chat({ temperature: 3 })).body.error).toMatchObject({ param: 'temperature', code: 'invalid_value' })
    expect(refusal(() => chat({ tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: { type: 'function', function: { name: 'g' } } })).body.error.param).toBe('tool_choice')
    expect(refusal(() => chat({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }] })).body.error.param).toBe('messages[0].content[0]')
  })
})

describe('raw completions for the engine', () => {
  const completion = (body: Record<string, unknown>) => completionRequestOf(CompletionRequest.parse({ model: 'm', prompt: 'Once', ...body }), 'id')

  it('takes the prompt as it is, with sampling and stop texts', () => {
    expect(completion({ max_tokens: 5, stop: ['\n', ''] })).toEqual({ requestId: 'id', prompt: 'Once', sampling: { maxTokens: 5 }, stop: ['\n'] })
    expect(completion({ prompt: ['Twice'] }).prompt).toBe('Twice')
  })

  it('refuses echo and suffix', () => {
    expect(refusal(() => completion({ echo: true })).body.error.param).toBe('echo')
    expect(refusal(() => completion({ suffix: 'x' })).body.error.param).toBe('suffix')
  })
})

describe('where thoughts go', () => {
  it('streams them in reasoning_content, or also in reasoning', () => {
    expect(new ReasoningShaper('reasoning_content').delta('hmm', '')).toEqual({ reasoning_content: 'hmm' })
    expect(new ReasoningShaper('both').delta('hmm', 'Hi')).toEqual({ reasoning_content: 'hmm', reasoning: 'hmm', content: 'Hi' })
  })

  it('inline, opens <think> once and closes it before the answer or at the end', () => {
    const shaper = new ReasoningShaper('inline')
    expect([shaper.delta('a', ''), shaper.delta('b', ''), shaper.delta('', 'Hi'), shaper.finish()]).toEqual([{ content: '<think>\na' }, { content: 'b' }, { content: '\n</think>\n\nHi' }, {}])
    const unanswered = new ReasoningShaper('inline')
    unanswered.delta('a', '')
    expect(unanswered.finish()).toEqual({ content: '\n</think>\n\n' })
    expect(messageFields('inline', 'a', 'Hi')).toEqual({ content: '<think>\na\n</think>\n\nHi' })
    expect(messageFields('reasoning_content', '', 'Hi')).toEqual({ content: 'Hi' })
  })
})
