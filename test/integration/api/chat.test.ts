/**
 * /v1/chat/completions, /v1/completions and /v1/models for real: the openai SDK and raw fetch against the server on
 * 127.0.0.1, over node-llama-cpp on a generated EXAONE 4.0 model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APIError } from 'openai'
import { loadedModel } from '../../../src/shared/engine-plain'
import { sseEvents, startTestApi, testModel, type TestApi } from '../../helpers/api-server'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(() => api?.close())

const greedy = { temperature: 0, seed: 7 }
const hello = [{ role: 'user' as const, content: 'Hello' }]

const post = (path: string, body: unknown): Promise<Response> =>
  fetch(`${api.server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

describe('the OpenAI API on a generated model', () => {
  it('lists the installed model by <model>:<precision>, loaded only once asked for', async () => {
    const before = await api.client.models.list()
    expect(before.data).toEqual([expect.objectContaining({ id: testModel, object: 'model', loaded: false, max_model_len: 65_536, context_length: 65_536 })])

    const answer = await api.client.chat.completions.create({ model: testModel, messages: hello, max_tokens: 8, ...greedy })
    expect(answer).toMatchObject({ object: 'chat.completion', model: testModel, choices: [{ index: 0, message: { role: 'assistant' } }] })
    expect(answer.choices[0]?.message.content).not.toBe('')
    expect(answer.choices[0]?.finish_reason).toMatch(/^(stop|length)$/)
    expect(answer.usage).toMatchObject({ completion_tokens: expect.any(Number), prompt_tokens: expect.any(Number) })
    expect(answer.usage?.total_tokens).toBe((answer.usage?.prompt_tokens ?? 0) + (answer.usage?.completion_tokens ?? 0))

    // The file's own trained context once it is loaded: what llama.cpp really allows.
    const after = await api.client.models.list()
    expect(after.data[0]).toMatchObject({ loaded: true, max_model_len: 4096, loaded_context_length: loadedModel(api.service.engine.state)?.contextSize })
  })

  it('streams role first, then content, the finish chunk, usage with no choices, and [DONE]', async () => {
    const response = await post('/chat/completions', { model: 'exaone-4.0-1.2b', messages: hello, max_tokens: 12, stream: true, stream_options: { include_usage: true }, ...greedy })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const { data } = sseEvents(await response.text())
    expect(data.at(-1)).toBe('[DONE]')
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line))
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1)
    expect(chunks[0].choices[0]).toEqual({ index: 0, delta: { role: 'assistant', content: null }, finish_reason: null, logprobs: null })
    const usage = chunks.at(-1)
    expect(usage).toMatchObject({ choices: [], usage: { completion_tokens: expect.any(Number), prompt_tokens: expect.any(Number) } })
    const finish = chunks.at(-2)
    expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: expect.stringMatching(/^(stop|length)$/) })
    const content = chunks.slice(1, -2).map((chunk) => chunk.choices[0].delta.content).join('')
    expect(content).not.toBe('')
    expect(chunks.slice(1, -2).every((chunk) => chunk.choices[0].finish_reason === null && chunk.choices[0].delta.role === undefined)).toBe(true)
  })

  it("satisfies the SDK's stream helper (role and finish_reason present)", async () => {
    const stream = api.client.chat.completions.stream({ model: testModel, messages: hello, max_tokens: 8, ...greedy })
    const final = await stream.finalChatCompletion()
    expect(final.choices[0]?.message.role).toBe('assistant')
    expect(final.choices[0]?.finish_reason).toMatch(/^(stop|length)$/)
  })

  it('puts thoughts in reasoning_content when thinking is on, and none when off', async () => {
    const thinking = await api.client.chat.completions.create({ model: testModel, messages: hello, max_tokens: 16, ...greedy, chat_template_kwargs: { enable_thinking: true } } as never)
    expect((thinking.choices[0]?.message as { reasoning_content?: string }).reasoning_content).toBeTruthy()
    const plain = await api.client.chat.completions.create({ model: testModel, messages: hello, max_tokens: 16, ...greedy, reasoning_effort: 'none' } as never)
    expect((plain.choices[0]?.message as { reasoning_content?: string }).reasoning_content).toBeUndefined()
  })

  it('answers a json_schema response format with JSON that parses and matches', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string', enum: ['yes', 'no'] } }, required: ['answer'], additionalProperties: false }
    const answer = await api.client.chat.completions.create({
      model: testModel,
      messages: hello,
      max_tokens: 64,
      ...greedy,
      response_format: { type: 'json_schema', json_schema: { name: 'verdict', schema } }
    })
    expect(JSON.parse(answer.choices[0]?.message.content ?? '')).toEqual({ answer: expect.stringMatching(/^(yes|no)$/) })
  })

  it('continues a raw prompt on /v1/completions, whole and streamed', async () => {
    const whole = await api.client.completions.create({ model: testModel, prompt: 'Once upon a time', max_tokens: 8, ...greedy })
    expect(whole).toMatchObject({ object: 'text_completion', choices: [{ index: 0, finish_reason: expect.stringMatching(/^(stop|length)$/) }] })
    expect(whole.choices[0]?.text).not.toBe('')
    let streamed = ''
    let finish: string | null = null
    for await (const chunk of await api.client.completions.create({ model: testModel, prompt: 'Once upon a time', max_tokens: 8, ...greedy, stream: true })) {
      streamed += chunk.choices[0]?.text ?? ''
      finish = chunk.choices[0]?.finish_reason ?? finish
    }
    expect(streamed).toBe(whole.choices[0]?.text)
    expect(finish).toBe(whole.choices[0]?.finish_reason)
  })

  it('stops the generation at once when the client closes the stream', async () => {
    const logged = api.nextLogEntry((entry) => entry.path === '/v1/chat/completions' && entry.finish === 'aborted')
    const stream = await api.client.chat.completions.create({ model: testModel, messages: hello, max_tokens: 3000, ...greedy, stream: true })
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break // leaving the loop closes the connection
    }
    expect(await logged).toMatchObject({ status: 200, finish: 'aborted' })
    await expect.poll(() => api.service.engine.state.status, { timeout: 20_000 }).toBe('ready')
  })

  it('reloads at the size a long request needs instead of cutting it, and refuses one past the trained context', async () => {
    const loadedContext = async (): Promise<number> => ((await api.client.models.list()).data[0] as unknown as { loaded_context_length: number }).loaded_context_length
    const story = `Tell me a story about ${'the sea and the sky, '.repeat(40)}`
    await api.service.engine.load({ modelId: 'exaone-4.0-1.2b', quantId: 'Q4_K_M', contextSize: 256 })
    const chat = await api.client.chat.completions.create({ model: testModel, messages: [{ role: 'user', content: story }], max_tokens: 8, ...greedy })
    expect(chat.usage?.prompt_tokens).toBeGreaterThan(256)
    const afterChat = await loadedContext()
    expect(afterChat).toBeGreaterThanOrEqual((chat.usage?.prompt_tokens ?? 0) + 8)
    // A raw prompt longer than that context grows it again.
    const raw = await api.client.completions.create({ model: testModel, prompt: story.repeat(4), max_tokens: 8, ...greedy })
    expect(raw.usage?.prompt_tokens).toBeGreaterThan(afterChat)
    expect(await loadedContext()).toBeGreaterThanOrEqual((raw.usage?.prompt_tokens ?? 0) + 8)

    // Streamed or not, a refusal before the first token is an HTTP error, not a stream.
    for (const stream of [false, true]) {
      const response = await post('/chat/completions', { model: testModel, messages: hello, max_tokens: 5000, stream })
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ error: { code: 'context_length_exceeded', message: expect.stringMatching(/^[^]*4,096[^]*[^.]\.$/) } })
    }
  }, 180_000) // three model loads: more than the usual limit on a busy machine

  it('reports a killed worker mid-stream as an error line, and the next request works', async () => {
    const stream = await api.client.chat.completions.create({ model: testModel, messages: hello, max_tokens: 3000, ...greedy, stream: true })
    const failure = (async () => {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content && api.service.engine.workerPid) process.kill(api.service.engine.workerPid, 'SIGKILL')
      }
    })()
    const error = await failure.then(() => null, (thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(APIError)
    expect((error as APIError).message).toMatch(/engine stopped/i)

    const next = await api.client.chat.completions.create({ model: testModel, messages: hello, max_tokens: 8, ...greedy })
    expect(next.usage?.completion_tokens).toBeGreaterThan(0)
  })
})

describe('requests the API refuses, OpenAI-style', () => {
  const refusal = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status)
    const body = (await response.json()) as { error: { message: string; type: string; param: string | null } }
    expect(body).toEqual({ error: { message: expect.any(String), type: expect.any(String), param: expect.toSatisfy((param: unknown) => param === null || typeof param === "string"), code } })
    // Sentences the user reads as they are: no doubled full stop where a reason that has one is put in a sentence.
    expect(body.error.message).not.toMatch(/\.\./)
    return body.error as { message: string; type: string; param: string | null }
  }

  it('malformed JSON is a 400', async () => {
    const response = await fetch(`${api.server.url}/chat/completions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"model": ' })
    expect(await refusal(response, 400, 'invalid_json')).toMatchObject({ type: 'invalid_request_error' })
  })

  it('a model that is not installed is a 404 naming what is', async () => {
    const error = await refusal(await post('/chat/completions', { model: 'exaone-4.0-32b', messages: hello }), 404, 'model_not_found')
    expect(error.message).toContain(testModel)
  })

  it('a model named by a file path is a 400', async () => {
    await refusal(await post('/chat/completions', { model: '/tmp/x.gguf', messages: hello }), 400, 'invalid_model')
  })

  it('an image part is a 400 that says the models read text only', async () => {
    const messages = [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }]
    const error = await refusal(await post('/chat/completions', { model: testModel, messages }), 400, 'unsupported_content')
    expect(error).toMatchObject({ param: 'messages[0].content[1]', message: expect.stringMatching(/text only/) })
  })

  it('a json_schema no grammar can enforce is a 400 before any stream starts', async () => {
    // Valid JSON Schema, but node-llama-cpp's grammars take only null, boolean, number and string constants.
    const schema = { type: 'object', properties: { answer: { const: { nested: true } } } }
    for (const stream of [false, true]) {
      const body = { model: testModel, messages: hello, max_tokens: 8, stream, response_format: { type: 'json_schema', json_schema: { name: 'odd', schema } } }
      const error = await refusal(await post('/chat/completions', body), 400, 'invalid_request')
      expect(error.message).toMatch(/JSON schema cannot be enforced/)
    }
  })

  it('an out-of-range setting is a 400 naming the field', async () => {
    const error = await refusal(await post('/chat/completions', { model: testModel, messages: hello, temperature: 7 }), 400, 'invalid_value')
    expect(error.param).toBe('temperature')
  })

  it('a missing field is a 400 naming it', async () => {
    const error = await refusal(await post('/chat/completions', { model: testModel }), 400, 'invalid_request')
    expect(error.param).toBe('messages')
  })

  it('an unknown path is a 404, and /health answers', async () => {
    await refusal(await fetch(`${api.server.url}/embeddings`), 404, 'unknown_url')
    expect(await (await fetch(api.server.url.replace(/\/v1$/, '/health'))).json()).toEqual({ status: 'ok' })
  })
})
