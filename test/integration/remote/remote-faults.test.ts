/**
 * Remote engines against a fault-injecting OpenAI-style server on 127.0.0.1 (test/helpers/fake-openai-server.ts):
 * the registry, the chat in the same conversation store, and every fault the server can throw at it.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend } from '../../../src/backend/backend'
import { ChatService } from '../../../src/backend/services/chats/chat-service'
import { ConversationStore } from '../../../src/backend/services/chats/conversation-store'
import { RemoteEngineService } from '../../../src/backend/services/remote/remote-engine-service'
import { FileSecretStore } from '../../../src/backend/services/remote/secret-store'
import { catalogEntryForRemote, entrySampling } from '../../../src/shared/chat-recommendations'
import type { RemoteEngines, RemoteRetry } from '../../../src/shared/remote-engines'
import { runCli } from '../../helpers/cli'
import { closedPort } from '../../helpers/closed-port'
import { makeEngineService, type TestEngine } from '../../helpers/engine-service'
import { failure } from '../../helpers/failure'
import { llamaServerChunks, startFakeOpenAI, streamChunks, type FakeOpenAI } from '../../helpers/fake-openai-server'

let folder: string
let fake: FakeOpenAI
let local: TestEngine
let remote: RemoteEngineService
let chats: ChatService

/** Short bounded time-outs, so the silent prefill below outlasts them many times over. */
const listMs = 150

async function open(): Promise<void> {
  remote = new RemoteEngineService({
    path: join(folder, 'engines.json'),
    secrets: new FileSecretStore(join(folder, 'engine-keys.json')),
    hub: local.hub,
    timeouts: { listMs }
  })
  chats = new ChatService({ store: await ConversationStore.open(join(folder, 'chats')), hub: local.hub, engine: local.engine, remote })
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'exaone-remote-'))
  fake = await startFakeOpenAI()
  local = makeEngineService(join(folder, 'models'))
  await open()
})

afterEach(async () => {
  await remote.dispose()
  local.dispose()
  await fake.close()
  await rm(folder, { recursive: true, force: true })
})

async function addAndUse(name = 'GPU box', apiKey: string | null = 'sk-secret'): Promise<string> {
  const engine = await remote.add({ name, baseUrl: fake.url, ...(apiKey !== null && { apiKey }) })
  await remote.use({ kind: 'remote', engineId: engine.id, modelId: engine.models[0]!.id })
  fake.requests.length = 0
  return engine.id
}

async function ask(content = 'Hello?'): Promise<{ chatId: string; sent: Promise<unknown> }> {
  const { id } = await chats.create()
  return { chatId: id, sent: chats.send(id, content, `r-${Math.random()}`) }
}

describe('adding an engine', () => {
  it('tests it, keeps its models with their context length, and stores the key apart, readable by the user only', async () => {
    const engine = await remote.add({ name: 'GPU box', baseUrl: fake.url.replace(/\/v1$/, ''), apiKey: 'sk-secret' })
    expect(engine).toMatchObject({ id: 'gpu-box', baseUrl: fake.url, hasKey: true, models: [{ id: 'LGAI-EXAONE/EXAONE-4.0-32B', contextLength: 131072, ownedBy: 'vllm' }] })
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-secret')
    expect(await readFile(join(folder, 'engines.json'), 'utf8')).not.toContain('sk-secret')
    expect((await stat(join(folder, 'engine-keys.json'))).mode & 0o777).toBe(process.platform === 'win32' ? expect.any(Number) : 0o600)
    expect(JSON.stringify(await remote.list())).not.toContain('sk-secret')
  })

  it('reads context lengths under each server’s name for them', async () => {
    fake.models = { data: [{ id: 'a', context_length: 8192 }, { id: 'b.gguf', meta: { n_ctx_train: 65536 } }, { id: 'c', owned_by: 'library' }, { nothing: true }] }
    const { models } = await remote.test({ name: 'x', baseUrl: fake.url })
    expect(models).toEqual([
      { id: 'a', contextLength: 8192, ownedBy: null },
      { id: 'b.gguf', contextLength: 65536, ownedBy: null },
      { id: 'c', contextLength: null, ownedBy: 'library' }
    ])
  })

  it('explains 401, 404, a page that is not an API, a refused connection and a redirect elsewhere, naming the engine, and saves nothing', async () => {
    fake.models = { kind: 'status', status: 401, body: '{"error":{"message":"Invalid API key"}}' }
    expect(await failure(remote.add({ name: 'GPU box', baseUrl: fake.url, apiKey: 'wrong' }))).toMatchObject({ code: 'remote-unauthorized', engineName: 'GPU box', message: 'GPU box refused the API key (HTTP 401).' })
    fake.models = { kind: 'status', status: 404, body: 'Not Found' }
    expect((await failure(remote.add({ name: 'GPU box', baseUrl: fake.url }))).code).toBe('remote-not-openai')
    fake.models = { kind: 'status', status: 200, body: '<html>router login</html>' }
    expect((await failure(remote.add({ name: 'GPU box', baseUrl: fake.url }))).code).toBe('remote-not-openai')
    const refused = await failure(remote.add({ name: 'GPU box', baseUrl: `${await closedPort()}/v1` }))
    expect(refused).toMatchObject({ code: 'remote-unreachable', engineName: 'GPU box' })
    expect(refused.hint).toMatch(/--host 0\.0\.0\.0/)

    const elsewhere = await startFakeOpenAI()
    try {
      fake.models = { kind: 'status', status: 302, headers: { location: `${elsewhere.url}/models` }, body: '' }
      expect((await failure(remote.add({ name: 'GPU box', baseUrl: fake.url, apiKey: 'sk-secret' }))).code).toBe('remote-redirect')
      expect(elsewhere.requests).toEqual([])
    } finally {
      await elsewhere.close()
    }
    expect((await remote.list()).engines).toEqual([])
  })

  it('follows a redirect on the same server', async () => {
    fake.models = { kind: 'status', status: 307, headers: { location: '/v1/models/' }, body: '' }
    const listing = remote.test({ name: 'x', baseUrl: fake.url })
    await fake.nextRequest()
    fake.models = { data: [{ id: 'm' }] }
    expect((await listing).models).toEqual([{ id: 'm', contextLength: null, ownedBy: null }])
  })

  it('refuses plain http to another machine until the user allows it, without connecting', async () => {
    expect(await failure(remote.test({ name: 'Lab', baseUrl: 'http://192.0.2.1:8000/v1' }))).toMatchObject({ code: 'remote-insecure', engineName: 'Lab' })
  })

  it('times out a test that gets no answer, in words', async () => {
    fake.models = { kind: 'hang' }
    expect((await failure(remote.test({ name: 'x', baseUrl: fake.url }))).code).toBe('remote-timeout')
  })
})

describe('chatting over a remote engine', () => {
  it('streams into the same conversations, sends the key, the model, the reasoning switch and asks for usage', async () => {
    await addAndUse()
    const streamed: string[] = []
    local.hub.on('engine:stream', (chunk) => streamed.push(chunk.text))
    const { sent } = await ask()
    const conversation = (await sent) as Awaited<ReturnType<ChatService['get']>>
    const answer = conversation.messages.at(-1)!
    expect(answer).toMatchObject({ status: 'complete', content: 'Hello.', model: 'LGAI-EXAONE/EXAONE-4.0-32B · GPU box' })
    expect(answer.stats).toMatchObject({ promptTokens: 12, generatedTokens: 2, contextSize: 131072, contextUsed: 14 })
    expect(streamed.join('')).toBe('Hello.')
    const request = fake.requests[0]!
    expect(request.headers.authorization).toBe('Bearer sk-secret')
    expect(request.body).toMatchObject({
      model: 'LGAI-EXAONE/EXAONE-4.0-32B',
      stream: true,
      stream_options: { include_usage: true },
      chat_template_kwargs: { enable_thinking: false },
      // LG's recommended sampling for EXAONE 4.0 without reasoning.
      temperature: entrySampling(catalogEntryForRemote('LGAI-EXAONE/EXAONE-4.0-32B'), false).temperature,
      messages: [{ role: 'user', content: 'Hello?' }]
    })
    expect(await chats.list()).toHaveLength(1)
  })

  it.each(['reasoning_content', 'reasoning', 'thinking'] as const)('reads thoughts from %s', async (field) => {
    await addAndUse()
    fake.chat.push({ kind: 'stream', chunks: streamChunks([{ reasoning: 'Let me ' }, { reasoning: 'think.' }, { content: 'Four.' }], { reasoningField: field }) })
    const { id } = await chats.create({ reasoning: true })
    const done = await chats.send(id, 'What is 2+2?', 'think')
    expect(done.messages.at(-1)).toMatchObject({ content: 'Four.', reasoning: 'Let me think.' })
    expect(fake.requests.at(-1)?.body).toMatchObject({ chat_template_kwargs: { enable_thinking: true }, temperature: 0.6 })
  })

  it('reads inline <think> split across chunks, llama-server style, and ignores SSE comments', async () => {
    await addAndUse()
    fake.chat.push({ kind: 'stream', comments: true, chunks: llamaServerChunks(['<th', 'ink>\nHm', 'm.</thi', 'nk>\n\nYes', '.']) })
    const { sent } = await ask()
    expect(((await sent) as { messages: Array<{ content: string; reasoning?: string }> }).messages.at(-1)).toMatchObject({ content: 'Yes.', reasoning: 'Hmm.' })
  })

  it('shows a non-thinking EXAONE 4.0 answer that a deepseek_r1 parser put in the reasoning field as the answer', async () => {
    await addAndUse()
    fake.chat.push({ kind: 'stream', chunks: streamChunks([{ reasoning: 'Plain ' }, { reasoning: 'answer.' }]) })
    const streamed: Array<{ text: string; reasoning: string }> = []
    local.hub.on('engine:stream', ({ text, reasoning }) => streamed.push({ text, reasoning }))
    const { sent } = await ask()
    const answer = ((await sent) as { messages: Array<{ content: string; reasoning?: string }> }).messages.at(-1)
    expect(answer?.content).toBe('Plain answer.')
    expect(answer?.reasoning ?? '').toBe('')
    expect(streamed.map((chunk) => chunk.reasoning).join('')).toBe('')
  })

  it('sends Ollama its reasoning switch as reasoning_effort', async () => {
    fake.models = { data: [{ id: 'exaone4.0:32b', owned_by: 'library' }] }
    await addAndUse('Ollama', null)
    await (await ask()).sent
    const body = fake.requests[0]?.body as Record<string, unknown>
    expect(body.reasoning_effort).toBe('none')
    expect(body).not.toHaveProperty('chat_template_kwargs')
    expect(fake.requests[0]?.headers.authorization).toBeUndefined()
  })

  it('keeps a partial answer, marked failed, when the connection drops mid-answer', async () => {
    await addAndUse()
    fake.chat.push({ kind: 'drop', chunks: streamChunks([{ content: 'The first ' }, { content: 'half' }]).slice(0, 3) })
    const { chatId, sent } = await ask()
    expect(await failure(sent)).toMatchObject({ code: 'remote-dropped', engineName: 'GPU box' })
    // Kept with the answer, so the window still names the engine after a restart.
    expect((await chats.get(chatId)).messages.at(-1)).toMatchObject({ status: 'failed', content: 'The first half', error: { code: 'remote-dropped', engineName: 'GPU box' } })
  })

  it('fails a stream that ends without a finish reason or [DONE] as dropped', async () => {
    await addAndUse()
    fake.chat.push({ kind: 'stream', done: false, chunks: streamChunks([{ content: 'Cut' }]).slice(0, 2) })
    expect((await failure((await ask()).sent)).code).toBe('remote-dropped')
  })

  it('waits out a short Retry-After on 429 and 503, saying so, then answers', async () => {
    await addAndUse()
    fake.chat.push({ kind: 'status', status: 429, headers: { 'retry-after': '0' }, body: '{"error":{"message":"slow down"}}' })
    fake.chat.push({ kind: 'status', status: 503, headers: { 'retry-after': '0' }, body: 'busy' })
    const retries: RemoteRetry[] = []
    local.hub.on('engines:retrying', (retry) => retries.push(retry))
    const { sent } = await ask()
    expect(((await sent) as { messages: Array<{ content: string }> }).messages.at(-1)?.content).toBe('Hello.')
    expect(retries.map(({ status, attempt, engineName }) => ({ status, attempt, engineName }))).toEqual([
      { status: 429, attempt: 1, engineName: 'GPU box' },
      { status: 503, attempt: 2, engineName: 'GPU box' }
    ])
    expect(fake.requests).toHaveLength(3)
  })

  it('fails with remote-busy and the wait when Retry-After is long', async () => {
    await addAndUse()
    fake.chat.push({ kind: 'status', status: 429, headers: { 'retry-after': '120' }, body: '{"error":{"message":"rate limited"}}' })
    expect(await failure((await ask()).sent)).toMatchObject({ code: 'remote-busy', retryAfterSeconds: 120, engineName: 'GPU box' })
  })

  it('fails garbage, non-JSON and an error sent mid-stream as remote-bad-response, never hanging', async () => {
    await addAndUse()
    fake.chat.push({ kind: 'stream', chunks: ['this is not json'] })
    expect((await failure((await ask()).sent)).code).toBe('remote-bad-response')
    fake.chat.push({ kind: 'stream', chunks: [{ unexpected: 'shape', choices: 'no' }] })
    expect((await failure((await ask()).sent)).code).toBe('remote-bad-response')
    fake.chat.push({ kind: 'stream', chunks: [{ error: { message: 'context overflow' } }] })
    expect((await failure((await ask()).sent)).message).toMatch(/context overflow/)
  })

  it('says who refused the key when a chat gets 401', async () => {
    await addAndUse()
    fake.chat.push({ kind: 'status', status: 401, body: '{"error":{"message":"expired"}}' })
    expect(await failure((await ask()).sent)).toMatchObject({ code: 'remote-unauthorized', engineName: 'GPU box' })
  })

  it('waits through a silent prefill far longer than the bounded time-out', async () => {
    await addAndUse()
    fake.chat.push({ kind: 'stream', silentMs: listMs * 4, chunks: streamChunks([{ content: 'Late but whole.' }]) })
    const { sent } = await ask()
    expect(((await sent) as { messages: Array<{ content: string }> }).messages.at(-1)?.content).toBe('Late but whole.')
  })

  it('stops: the request’s connection closes and the answer is kept as stopped', async () => {
    await addAndUse()
    fake.chat.push({ kind: 'hang' })
    const arrived = fake.nextRequest()
    const { chatId, sent } = await ask()
    const request = await arrived
    expect(chats.stop(chatId)).toEqual({ stopped: true })
    await request.closed
    await sent
    expect((await chats.get(chatId)).messages.at(-1)?.status).toBe('stopped')
  })

  it('regenerates and edits over the remote engine', async () => {
    await addAndUse()
    const { chatId, sent } = await ask('First')
    await sent
    fake.chat.push({ kind: 'stream', chunks: streamChunks([{ content: 'Again.' }]) })
    const regenerated = await chats.regenerate(chatId, 'again')
    expect(regenerated.messages.at(-1)?.content).toBe('Again.')
    fake.chat.push({ kind: 'stream', chunks: streamChunks([{ content: 'Edited.' }]) })
    const question = regenerated.messages.find((message) => message.role === 'user')!
    const edited = await chats.edit(chatId, question.id, 'Second', 'edit')
    expect(edited.messages.map((message) => message.content)).toEqual(['Second', 'Edited.'])
    expect((fake.requests.at(-1)?.body as { messages: unknown }).messages).toEqual([{ role: 'user', content: 'Second' }])
  })

  it('drops the oldest turns so the prompt and the answer fit the remote model’s context, and says how many', async () => {
    fake.models = { data: [{ id: 'LGAI-EXAONE/EXAONE-4.0-32B', max_model_len: 400 }] }
    await addAndUse()
    // About 204 tokens asked and 104 answered, by the estimate; 300 of the 400 fit with room for the answer.
    fake.chat.push({ kind: 'stream', chunks: streamChunks([{ content: 'y'.repeat(300) }]) })
    const { chatId, sent } = await ask('x'.repeat(600))
    await sent
    const second = await chats.send(chatId, 'Short now.', 'second')
    expect(second.messages.at(-1)?.droppedMessages).toBe(2)
    expect((fake.requests.at(-1)?.body as { messages: unknown }).messages).toEqual([{ role: 'user', content: 'Short now.' }])
  })
})

describe('tool calls', () => {
  it('sends tools and reads whole Ollama-style calls without an index into the result', async () => {
    fake.models = { data: [{ id: 'exaone4.0:32b', owned_by: 'library' }] }
    await addAndUse('Ollama', null)
    const base = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'exaone4.0:32b' }
    fake.chat.push({
      kind: 'stream',
      chunks: [
        { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '', tool_calls: [{ id: 'call_w', type: 'function', function: { name: 'weather', arguments: '{"city":"Seoul"}' } }] }, finish_reason: null }] },
        { ...base, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'tool_calls' }] }
      ]
    })
    const answerer = (await remote.answerer())!
    const result = await answerer.engine.generate({
      requestId: 'tools',
      messages: [{ role: 'user', content: 'Weather in Seoul?' }],
      tools: [{ name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }]
    })
    expect(result).toMatchObject({ stopReason: 'tool-calls', toolCalls: [{ id: 'call_w', name: 'weather', arguments: '{"city":"Seoul"}' }] })
    expect((fake.requests[0]?.body as { tools: unknown }).tools).toEqual([{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }])
  })
})

describe('changing an engine', () => {
  it('renames without asking the server, tests a new key before keeping it, and removes a key with ""', async () => {
    const engine = await remote.add({ name: 'GPU box', baseUrl: fake.url, apiKey: 'sk-old' })
    fake.models = { kind: 'status', status: 500, body: 'down' }
    expect(await remote.update({ engineId: engine.id, name: 'Big box' })).toMatchObject({ id: 'gpu-box', name: 'Big box', hasKey: true })
    expect((await failure(remote.update({ engineId: engine.id, apiKey: 'sk-new' }))).code).toBe('remote-bad-response')
    expect(await remote.resolve(engine.id)).toMatchObject({ apiKey: 'sk-old' })
    fake.models = { data: [{ id: 'm' }] }
    await remote.update({ engineId: engine.id, apiKey: 'sk-new' })
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer sk-new')
    expect(await remote.update({ engineId: engine.id, apiKey: '' })).toMatchObject({ hasKey: false, models: [{ id: 'm' }] })
    expect(fake.requests.at(-1)?.headers.authorization).toBeUndefined()
  })

  it('limits an engine to one model and lifts the limit with modelId null, asking the server each time', async () => {
    fake.models = { data: [{ id: 'a' }, { id: 'b' }] }
    const engine = await remote.add({ name: 'GPU box', baseUrl: fake.url })
    expect((await remote.update({ engineId: engine.id, modelId: 'b' })).models.map((model) => model.id)).toEqual(['b'])
    const asked = fake.requests.length
    fake.models = { data: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }
    expect(await remote.update({ engineId: engine.id, modelId: null })).toMatchObject({ modelId: null, models: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] })
    expect(fake.requests.length).toBe(asked + 1)
    // Nothing given, nothing changed: the limit (none now) stays, and a rename does not ask the server.
    expect(await remote.update({ engineId: engine.id, name: 'Big box' })).toMatchObject({ modelId: null, models: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] })
    expect(fake.requests.length).toBe(asked + 1)
    // The chat follows a limit to another model, since the engine offers only that one.
    await remote.use({ kind: 'remote', engineId: engine.id, modelId: 'a' })
    await remote.update({ engineId: engine.id, modelId: 'c' })
    expect((await remote.list()).active).toEqual({ kind: 'remote', engineId: engine.id, modelId: 'c' })
  })

  it('refuses a second engine of the same name', async () => {
    await remote.add({ name: 'GPU box', baseUrl: fake.url })
    expect((await failure(remote.add({ name: 'gpu BOX', baseUrl: fake.url }))).code).toBe('bad-request')
  })
})

describe('the backend', () => {
  it('answers the engines requests through its dispatcher, validating them, and routes the chat to the chosen engine', async () => {
    const backend = await createBackend({ dataDir: join(folder, 'app'), version: '0.0.0' })
    try {
      expect(await backend.dispatch('engines:add', { name: 'GPU box', baseUrl: 'ftp://nope' })).toMatchObject({ ok: false, error: { code: 'bad-request' } })
      const added = await backend.dispatch('engines:add', { name: 'GPU box', baseUrl: fake.url, apiKey: 'sk-secret' })
      expect(added).toMatchObject({ ok: true, value: { id: 'gpu-box', hasKey: true } })
      expect(JSON.stringify(added)).not.toContain('sk-secret')
      await backend.dispatch('engines:use', { kind: 'remote', engineId: 'gpu-box', modelId: 'LGAI-EXAONE/EXAONE-4.0-32B' })
      const created = (await backend.dispatch('chats:create', {})) as { ok: true; value: { id: string } }
      const sent = await backend.dispatch('chats:send', { chatId: created.value.id, content: 'Hi', requestId: 'via-backend' })
      expect(sent).toMatchObject({ ok: true, value: { messages: [{ role: 'user' }, { content: 'Hello.', model: 'LGAI-EXAONE/EXAONE-4.0-32B · GPU box' }] } })
    } finally {
      await backend.dispose()
    }
  })
})

describe('the CLI beside the window', () => {
  it('adds, picks and removes engines that reach the running backend as engines:changed, with no restart', async () => {
    const dataDir = join(folder, 'app')
    const backend = await createBackend({ dataDir, version: '0.0.0' })
    try {
      const seen: RemoteEngines[] = []
      const waiters: Array<{ done: (engines: RemoteEngines) => boolean; resolve: () => void }> = []
      backend.hub.on('engines:changed', (engines) => {
        seen.push(engines)
        for (const waiter of waiters.filter((candidate) => candidate.done(engines))) waiter.resolve()
      })
      const changed = (done: (engines: RemoteEngines) => boolean): Promise<void> => new Promise((resolve) => waiters.push({ done, resolve }))
      const cli = (args: string[], input?: string) => runCli(['engines', ...args], { EXAONE_DESKTOP_HOME: dataDir }, input)

      const added = changed(({ engines }) => engines.some((engine) => engine.id === 'gpu-box' && engine.hasKey))
      expect((await cli(['add', '--name', 'GPU box', '--url', fake.url, '--api-key-stdin'], 'sk-secret\n')).code).toBe(0)
      await added
      const picked = changed(({ active }) => active.kind === 'remote')
      expect((await cli(['use', 'GPU box'])).code).toBe(0)
      await picked
      // The window's next answer goes to the engine the CLI picked.
      expect((await backend.remoteEngines.answerer())?.name).toBe('LGAI-EXAONE/EXAONE-4.0-32B · GPU box')
      const removed = changed(({ engines, active }) => engines.length === 0 && active.kind === 'local')
      expect((await cli(['remove', 'GPU box'])).code).toBe(0)
      await removed
      // Its own changes are announced once, by the change itself, not again when the watch sees the file.
      const before = seen.length
      await backend.dispatch('engines:add', { name: 'Mine', baseUrl: fake.url })
      await backend.dispatch('engines:remove', { engineId: 'mine' })
      const last = changed(({ engines }) => engines.some((engine) => engine.id === 'last'))
      expect((await cli(['add', '--name', 'Last', '--url', fake.url])).code).toBe(0)
      await last
      expect(seen.slice(before).map(({ engines }) => engines.map((engine) => engine.id))).toEqual([['mine'], [], ['last']])
    } finally {
      await backend.dispose()
    }
  })
})

describe('the chosen engine', () => {
  it('survives a restart, and falls back to the local engine when its engine is removed', async () => {
    const id = await addAndUse()
    await remote.dispose()
    await open()
    expect((await remote.list()).active).toEqual({ kind: 'remote', engineId: id, modelId: 'LGAI-EXAONE/EXAONE-4.0-32B' })
    const changes: string[] = []
    local.hub.on('engines:changed', ({ active }) => changes.push(active.kind))
    expect(await remote.remove(id)).toEqual({ removed: true })
    expect((await remote.list()).active).toEqual({ kind: 'local' })
    expect(changes).toEqual(['local'])
    expect(await readFile(join(folder, 'engine-keys.json'), 'utf8')).not.toContain('sk-secret')
  })

  it('refuses a model its engine does not serve', async () => {
    const engine = await remote.add({ name: 'GPU box', baseUrl: fake.url })
    expect((await failure(remote.use({ kind: 'remote', engineId: engine.id, modelId: 'other' }))).code).toBe('not-found')
  })
})

/** A self-signed certificate made now with openssl, where the machine has it. */
function selfSigned(dir: string): { key: string; cert: string } | null {
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' })
    return { key: join(dir, 'key.pem'), cert: join(dir, 'cert.pem') }
  } catch {
    return null
  }
}

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describe('TLS', () => {
  it.skipIf(!hasOpenssl)('explains a self-signed certificate (skipped where openssl is missing: it makes the certificate)', async () => {
    const files = selfSigned(folder)!
    const tls = await startFakeOpenAI({ tls: { key: await readFile(files.key, 'utf8'), cert: await readFile(files.cert, 'utf8') } })
    try {
      const error = await failure(remote.test({ name: 'Secure box', baseUrl: tls.url }))
      expect(error).toMatchObject({ code: 'remote-tls', engineName: 'Secure box' })
      expect(error.hint).toMatch(/NODE_EXTRA_CA_CERTS/)
      expect(tls.requests).toEqual([])
    } finally {
      await tls.close()
    }
  })
})
