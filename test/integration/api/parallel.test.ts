/**
 * Many clients at once and tool calls, for real: parallel streams interleave, the window's chat and the API answer
 * on one model at once, a crowd of requests waits its turn in line (with pings while it waits) and is all answered,
 * one past the line's bound is turned away with 503, and a named tool streams a call that parses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sseEvents, startTestApi, streamUntil, testModel, type TestApi } from '../../helpers/api-server'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi({ sequences: 4, pingMs: 5 })
})
afterAll(() => api?.close())

const hello = [{ role: 'user' as const, content: 'Hello' }]
const streamBody = (extra: Record<string, unknown> = {}) => JSON.stringify({ model: testModel, messages: hello, stream: true, temperature: 0, ...extra })

describe('parallel requests', () => {
  it('streams 4 answers at once, interleaved, all finished', async () => {
    const arrivals: number[] = []
    const streams = [0, 1, 2, 3].map(async (index) => {
      const stream = await api.client.chat.completions.create({ model: testModel, messages: hello, max_tokens: 48, temperature: 0, seed: index, stream: true })
      let finish: string | null = null
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) arrivals.push(index)
        finish = chunk.choices[0]?.finish_reason ?? finish
      }
      return finish
    })
    expect((await Promise.all(streams)).every((finish) => finish === 'stop' || finish === 'length')).toBe(true)
    // Interleaved: some stream's chunk arrives between another's first and last.
    const spans = [0, 1, 2, 3].map((index) => [arrivals.indexOf(index), arrivals.lastIndexOf(index)] as const)
    expect(spans.some(([first, last], index) => spans.some(([other], otherIndex) => otherIndex !== index && other > first && other < last))).toBe(true)
  })

  it("answers on the model the window's chat is answering on, neither waiting for the other", async () => {
    const requestId = 'window-chat'
    let windowChunks = 0
    const stop = api.service.hub.on('engine:stream', (chunk) => chunk.requestId === requestId && windowChunks++)
    let windowAnswer: Promise<{ stopReason: string }> | undefined
    let duringApi = 0
    try {
      const stream = await api.client.chat.completions.create({ model: testModel, messages: hello, max_tokens: 48, temperature: 0, stream: true })
      for await (const chunk of stream) {
        // Once the API's answer has begun, the window asks too (greedy here, it runs until it is stopped).
        if (chunk.choices[0]?.delta.content) windowAnswer ??= api.service.engine.generate({ requestId, messages: hello, sampling: { maxTokens: 3000, temperature: 0 } })
        duringApi = windowChunks
      }
      expect(duringApi).toBeGreaterThan(0)
      expect(api.service.engine.state).toMatchObject({ status: 'generating', requestIds: [requestId] })
    } finally {
      api.service.engine.abort(requestId)
      stop()
    }
    expect(await windowAnswer).toMatchObject({ stopReason: 'aborted' })
  })

  it('answers 20 requests sent at once, each in its turn', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => api.client.chat.completions.create({ model: testModel, messages: [{ role: 'user', content: `Question ${index}` }], max_tokens: 8, temperature: 0 }))
    )
    expect(answers.every((answer) => answer.choices[0]?.finish_reason !== undefined && (answer.usage?.completion_tokens ?? 0) > 0)).toBe(true)
  })

  it('pings a stream that waits in line, then answers it', async () => {
    // Every turn is taken (as four long answers would, but without depending on how long this model's answers run).
    const turns = await takeTurns(api, 4)
    const engineStates: string[] = []
    const stop = api.service.hub.on('engine:state', (state) => engineStates.push(state.status))
    const waiting = await streamUntil(`${api.server.url}/chat/completions`, streamBody({ max_tokens: 8 }), ': ping')
    stop()
    // Waiting, not answered: the engine was not even asked (it would have been at once, long before a ping).
    expect(waiting.seen).not.toContain('data:')
    expect(engineStates).not.toContain('generating')
    for (const turn of turns) turn.release()
    const { data, comments } = sseEvents(waiting.seen + (await waiting.rest()))
    expect(comments[0]).toBe(': ping')
    expect(data.at(-1)).toBe('[DONE]')
  })
})

describe('a full line', () => {
  it('turns a request away with 503 and Retry-After once the line is full', async () => {
    const small = await startTestApi({ sequences: 1, maxWaiting: 1, pingMs: 5 })
    try {
      const url = `${small.server.url}/chat/completions`
      const [turn] = await takeTurns(small, 1)
      const waiting = await streamUntil(url, streamBody({ max_tokens: 8 }), ': ping')
      const refused = await fetch(url, { method: 'POST', body: JSON.stringify({ model: testModel, messages: hello, max_tokens: 8 }) })
      expect(refused.status).toBe(503)
      expect(refused.headers.get('retry-after')).toBe('5')
      expect(await refused.json()).toMatchObject({ error: { type: 'server_error', code: 'busy', message: expect.stringContaining('1 requests are already waiting') } })
      turn?.release()
      expect(sseEvents(await waiting.rest()).data.at(-1)).toBe('[DONE]')
    } finally {
      await small.close()
    }
  })
})

/** Takes `count` turns on the test model in the server's line, the model loaded, as that many running answers hold them. */
async function takeTurns(server: TestApi, count: number) {
  const model = await server.server.gate.resolve(testModel)
  return Promise.all(Array.from({ length: count }, () => server.server.gate.acquire(model, undefined, new AbortController().signal)))
}

describe('tool calls', () => {
  const weather = {
    type: 'function' as const,
    function: {
      name: 'get_weather',
      description: 'The weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string', enum: ['Seoul', 'Busan'] } }, required: ['city'], additionalProperties: false }
    }
  }
  const choice = { type: 'function' as const, function: { name: 'get_weather' } }

  it('streams a named tool call: id, type and name once, then argument pieces that parse against the schema', async () => {
    const response = await fetch(`${api.server.url}/chat/completions`, { method: 'POST', body: streamBody({ max_tokens: 64, tools: [weather], tool_choice: choice }) })
    const chunks = sseEvents(await response.text()).data.slice(0, -1).map((line) => JSON.parse(line))
    type Fragment = { index: number; id?: string; type?: string; function: { name?: string; arguments: string } }
    const fragments: Fragment[] = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])
    // The model may make more than one call; each streams in the same shape, the first is complete.
    const first = fragments.filter((fragment) => fragment.index === 0)
    expect(first[0]).toMatchObject({ index: 0, id: expect.any(String), type: 'function', function: { name: 'get_weather' } })
    expect(first.slice(1).every((fragment) => fragment.id === undefined && fragment.type === undefined && fragment.function.name === undefined)).toBe(true)
    const args = JSON.parse(first.map((fragment) => fragment.function.arguments).join(''))
    expect(args).toEqual({ city: expect.stringMatching(/^(Seoul|Busan)$/) })
    expect(chunks.at(-1).choices[0]).toMatchObject({ delta: {}, finish_reason: expect.stringMatching(/^(tool_calls|length)$/) })

    const final = await api.client.chat.completions
      .stream({ model: testModel, messages: hello, max_tokens: 64, temperature: 0, tools: [weather], tool_choice: choice, parallel_tool_calls: false })
      .finalChatCompletion()
    const calls = final.choices[0]?.message.tool_calls ?? []
    expect(calls).toHaveLength(1)
    expect(calls[0]?.type === 'function' && JSON.parse(calls[0].function.arguments)).toEqual(args)
  })

  it('returns a call whole, and takes its result back', async () => {
    const answer = await api.client.chat.completions.create({ model: testModel, messages: hello, max_tokens: 64, temperature: 0, tools: [weather], tool_choice: 'required' })
    const call = answer.choices[0]?.message.tool_calls?.[0]
    expect(answer.choices[0]?.finish_reason).toMatch(/^(tool_calls|length)$/)
    expect(call).toMatchObject({ id: expect.any(String), type: 'function', function: { name: 'get_weather' } })
    if (call?.type !== 'function') throw new Error('expected a function call')
    const next = await api.client.chat.completions.create({
      model: testModel,
      max_tokens: 8,
      temperature: 0,
      tools: [weather],
      tool_choice: 'none',
      messages: [...hello, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: '{"temperature": 21}' }]
    })
    expect(next.choices[0]?.finish_reason).toMatch(/^(stop|length)$/)
  })
})
