/** Reading remote streams: SSE framing, each server's reasoning fields, inline <think> at every split, tool calls. */
import { describe, expect, it } from 'vitest'
import { AnswerReader, InlineThinkSplitter, type RemoteChunk } from '../../../../src/backend/services/remote/remote-stream'
import { SseParser } from '../../../../src/backend/services/remote/sse-parser'

describe('SseParser', () => {
  it('frames events across any split, with \\n, \\r\\n or \\r, joining data lines and ignoring comments and other fields', () => {
    const stream = ': ping\r\ndata: {"a":1}\r\n\r\nevent: x\nid: 3\ndata: line one\ndata:line two\n\n: keep-alive\n\ndata: [DONE]\r\r'
    const expected = ['{"a":1}', 'line one\nline two', '[DONE]']
    for (let size = 1; size <= stream.length; size++) {
      const parser = new SseParser()
      const events: string[] = []
      for (let at = 0; at < stream.length; at += size) events.push(...parser.push(stream.slice(at, at + size)))
      events.push(...parser.end())
      expect(events, `pieces of ${size}`).toEqual(expected)
    }
  })

  it('gives a last event that lacks its blank line at the end', () => {
    const parser = new SseParser()
    expect(parser.push('data: last')).toEqual([])
    expect(parser.end()).toEqual(['last'])
  })
})

describe('InlineThinkSplitter', () => {
  it('splits <think>…</think> from the answer wherever the chunks break', () => {
    const content = '\n<think>\nA thought.</think>\n\nThe answer.'
    for (let size = 1; size <= content.length; size++) {
      const splitter = new InlineThinkSplitter()
      let text = ''
      let reasoning = ''
      for (let at = 0; at < content.length; at += size) {
        const out = splitter.push(content.slice(at, at + size))
        text += out.text
        reasoning += out.reasoning
      }
      const rest = splitter.finish()
      expect({ text: (text + rest.text).trim(), reasoning: (reasoning + rest.reasoning).trim() }, `pieces of ${size}`).toEqual({ text: 'The answer.', reasoning: 'A thought.' })
    }
  })

  it('leaves an answer that does not start with <think> alone, tags and all', () => {
    const splitter = new InlineThinkSplitter()
    expect(splitter.push('Use <think> tags')).toEqual({ text: 'Use <think> tags', reasoning: '' })
  })

  it('keeps an unfinished thought as reasoning when the stream ends', () => {
    const splitter = new InlineThinkSplitter()
    splitter.push('<think>still going</th')
    expect(splitter.finish()).toEqual({ text: '', reasoning: '</th' })
  })
})

const delta = (fields: object, finish: string | null = null): RemoteChunk => ({ choices: [{ delta: fields, finish_reason: finish }] }) as RemoteChunk

describe('AnswerReader', () => {
  it('takes one reasoning field when a server sends two with the same text, and reads usage', () => {
    const reader = new AnswerReader(false)
    expect(reader.read(delta({ reasoning_content: 'Hm.', reasoning: 'Hm.' }))).toEqual([{ kind: 'reasoning', text: 'Hm.' }])
    reader.read(delta({ content: 'Yes.' }, 'stop'))
    reader.read({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 3 } } } as RemoteChunk)
    expect({ text: reader.text, reasoning: reader.reasoning, finish: reader.finishReason, usage: reader.usage, deltas: reader.deltas }).toEqual({
      text: 'Yes.',
      reasoning: 'Hm.',
      finish: 'stop',
      usage: { promptTokens: 5, completionTokens: 2, cachedTokens: 3 },
      deltas: 2
    })
  })

  it('files a reasoning field as the answer for a model that does not think when not asked', () => {
    const reader = new AnswerReader(true)
    expect(reader.read(delta({ reasoning: 'Answer.' }))).toEqual([{ kind: 'text', text: 'Answer.' }])
    expect(reader.text).toBe('Answer.')
  })

  it('assembles fragmented tool calls (vLLM, llama-server) and whole ones without an index (Ollama)', () => {
    const fragments = new AnswerReader(false)
    fragments.read(delta({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'weather', arguments: '{"city":' } }] }))
    fragments.read(delta({ tool_calls: [{ index: 0, function: { arguments: '"Seoul"}' } }] }, 'tool_calls'))
    expect(fragments.toolCalls).toEqual([{ id: 'call_a', name: 'weather', arguments: '{"city":"Seoul"}' }])

    const whole = new AnswerReader(false)
    const pieces = [
      ...whole.read(delta({ tool_calls: [{ id: 'call_1', function: { name: 'weather', arguments: { city: 'Seoul' } } }] })),
      ...whole.read(delta({ tool_calls: [{ id: 'call_2', index: 0, function: { name: 'time', arguments: '{}' } }] }, 'tool_calls'))
    ]
    expect(whole.toolCalls).toEqual([
      { id: 'call_1', name: 'weather', arguments: '{"city":"Seoul"}' },
      { id: 'call_2', name: 'time', arguments: '{}' }
    ])
    expect(pieces).toEqual([
      { kind: 'tool', delta: { index: 0, id: 'call_1', name: 'weather', argumentsDelta: '{"city":"Seoul"}' } },
      { kind: 'tool', delta: { index: 1, id: 'call_2', name: 'time', argumentsDelta: '{}' } }
    ])
  })
})
