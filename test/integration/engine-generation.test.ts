/**
 * What the API asks of the engine, for real on a generated EXAONE 4.0 model in a worker: tool calls forced by
 * grammar and streamed in fragments, JSON answers, stop texts and raw completions. The model's weights are random,
 * so only what grammar and the engine guarantee is asserted, never what the model would choose to say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StreamChunk, ToolCallDelta, ToolDefinition } from '../../src/shared/engine'
import { removeTinyModels, tinyModelPath } from '../fixtures/gguf/exaone-models'
import { fileLoad, greedy, makeHost } from '../helpers/engine-host'
import { failure } from '../helpers/failure'

let exaone4: string
beforeAll(async () => {
  exaone4 = await tinyModelPath('exaone4')
})
afterAll(async () => {
  await removeTinyModels()
})

const weather: ToolDefinition = {
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string', maxLength: 20 }, days: { type: 'integer' }, unit: { enum: ['C', 'F'] } } }
}
const clock: ToolDefinition = { name: 'now', description: 'The time' }
const ask = [{ role: 'user' as const, content: 'Weather in Seoul?' }]

const toolFragments = (chunks: StreamChunk[], requestId: string): ToolCallDelta[] => chunks.filter((chunk) => chunk.requestId === requestId).flatMap((chunk) => chunk.toolCalls ?? [])

async function loaded() {
  const made = makeHost()
  await made.host.load(fileLoad(exaone4, { contextSize: 2048 }))
  return made
}

describe('tool calls', () => {
  it('a named tool_choice returns that call with arguments that parse against its schema, streamed id and name first', async () => {
    const { host, chunks } = await loaded()
    const result = await host.generate({ requestId: 'named', messages: ask, tools: [clock, weather], toolChoice: { name: 'get_weather' }, parallelToolCalls: false, sampling: { ...greedy, maxTokens: 200 } })
    expect(result.stopReason).toBe('tool-calls')
    expect(result.toolCalls).toHaveLength(1)
    const [call] = result.toolCalls
    expect(call).toMatchObject({ id: expect.stringMatching(/^call_/), name: 'get_weather' })
    const args = JSON.parse(call?.arguments ?? '') as Record<string, unknown>
    expect(Object.keys(args).sort()).toEqual(['city', 'days', 'unit'])
    expect(typeof args.city).toBe('string')
    expect((args.city as string).length).toBeLessThanOrEqual(20)
    expect(Number.isInteger(args.days)).toBe(true)
    expect(['C', 'F']).toContain(args.unit)

    const fragments = toolFragments(chunks, 'named')
    expect(fragments[0]).toMatchObject({ index: 0, id: call?.id, name: 'get_weather' })
    expect(fragments.slice(1).every((fragment) => fragment.id === undefined && fragment.name === undefined && fragment.index === 0)).toBe(true)
    expect(fragments.map((fragment) => fragment.argumentsDelta).join('')).toBe(call?.arguments)
  })

  it('required forces a call of one of the tools, also of one without parameters', async () => {
    const { host } = await loaded()
    const result = await host.generate({ requestId: 'required', messages: ask, tools: [clock], toolChoice: 'required', parallelToolCalls: false, sampling: { ...greedy, maxTokens: 50 } })
    expect(result.toolCalls).toEqual([{ id: expect.any(String), name: 'now', arguments: expect.any(String) }])
    expect(JSON.parse(result.toolCalls[0]?.arguments ?? '')).toEqual({})
  })

  it('streams several calls, each starting with its own index, id and name', async () => {
    const { host, chunks } = await loaded()
    const result = await host.generate({ requestId: 'several', messages: ask, tools: [clock, weather], toolChoice: 'required', sampling: { ...greedy, maxTokens: 300 } })
    expect(result.toolCalls.length).toBeGreaterThanOrEqual(2)
    expect(result.stats.generatedTokens).toBeGreaterThan(0)
    const fragments = toolFragments(chunks, 'several')
    result.toolCalls.forEach((call, index) => {
      const own = fragments.filter((fragment) => fragment.index === index)
      expect(own[0]).toMatchObject({ id: call.id, name: call.name })
      expect(own.slice(1).every((fragment) => fragment.id === undefined && fragment.name === undefined)).toBe(true)
      expect(own.map((fragment) => fragment.argumentsDelta).join('')).toBe(call.arguments)
      expect(() => JSON.parse(call.arguments)).not.toThrow()
    })
    expect(fragments.map((fragment) => fragment.index)).toEqual([...fragments.map((fragment) => fragment.index)].sort((a, b) => a - b))
  })

  it('answers after tool results, and refuses a tool_choice naming no tool', async () => {
    const { host } = await loaded()
    const messages = [
      ...ask,
      { role: 'assistant' as const, content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city": "Seoul"}' }] },
      { role: 'tool' as const, content: '{"temp": 3}', toolCallId: 'call_1' }
    ]
    const result = await host.generate({ requestId: 'after-tool', messages, tools: [weather], toolChoice: 'none', sampling: { ...greedy, maxTokens: 8 } })
    expect(result.toolCalls).toEqual([])
    expect(result.stats.generatedTokens).toBeGreaterThan(0)
    const error = await failure(host.generate({ requestId: 'bad-choice', messages: ask, tools: [weather], toolChoice: { name: 'missing' } }))
    expect(error).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/"missing"/), hint: expect.stringMatching(/get_weather/) })
  })
})

describe('response formats and stop texts', () => {
  it('json_schema output parses and matches the schema; json_object output is an object', async () => {
    const { host } = await loaded()
    // Numbers are left out: llama.cpp's JSON grammar lets a number run to any length (a random model writes 1e8411…).
    const schema = { type: 'object', properties: { name: { type: 'string', maxLength: 16 }, adult: { type: 'boolean' }, tags: { type: 'array', items: { enum: ['a', 'b'] }, maxItems: 3 } } }
    const result = await host.generate({ requestId: 'schema', messages: [{ role: 'user', content: 'Describe a person.' }], reasoning: true, responseFormat: { type: 'json_schema', schema }, sampling: { ...greedy, maxTokens: 300 } })
    expect(result.stopReason).toBe('end')
    const value = JSON.parse(result.text) as { name: unknown; adult: unknown; tags: unknown[] }
    expect(Object.keys(value).sort()).toEqual(['adult', 'name', 'tags'])
    expect(typeof value.name).toBe('string')
    expect(typeof value.adult).toBe('boolean')
    expect(Array.isArray(value.tags) && value.tags.length <= 3 && value.tags.every((tag) => tag === 'a' || tag === 'b')).toBe(true)
    expect(result.reasoning).toBe('')

    const object = await host.generate({ requestId: 'object', messages: [{ role: 'user', content: 'JSON please.' }], responseFormat: { type: 'json_object' }, sampling: { ...greedy, maxTokens: 300 } })
    if (object.stopReason === 'end') expect(typeof JSON.parse(object.text)).toBe('object')
    else expect(object.text.trimStart().startsWith('{')).toBe(true)
  })

  it('a stop text ends the answer before it, in the result and in the stream', async () => {
    const { host, chunks } = await loaded()
    const request = { messages: [{ role: 'user' as const, content: 'Write a lot.' }], sampling: { ...greedy, maxTokens: 60 } }
    const free = await host.generate({ requestId: 'free', ...request })
    expect(free.text.length).toBeGreaterThan(20)
    const stop = free.text.slice(10, 14)
    const stopped = await host.generate({ requestId: 'stopped', ...request, stop: [stop] })
    expect(stopped.stopReason).toBe('end')
    expect(stopped.text).toBe(free.text.slice(0, free.text.indexOf(stop)).trim())
    expect(chunks.filter((chunk) => chunk.requestId === 'stopped').map((chunk) => chunk.text).join('')).not.toContain(stop)
  })
})

describe('raw completions', () => {
  it('feeds the prompt as written, special tokens parsed, and streams the completion', async () => {
    const { host, chunks } = await loaded()
    const result = await host.generate({ requestId: 'raw', prompt: '[|user|][|user|][|user|]', sampling: { ...greedy, maxTokens: 12 } })
    expect(result.stats.promptTokens).toBeLessThanOrEqual(4)
    expect(result.stats.generatedTokens).toBeGreaterThan(0)
    expect(chunks.filter((chunk) => chunk.requestId === 'raw').map((chunk) => chunk.text).join('')).toBe(result.text)
    expect(result).toMatchObject({ reasoning: '', toolCalls: [], droppedMessages: 0 })
  })
})
