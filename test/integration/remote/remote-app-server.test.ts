/**
 * A real remote: this app's own API server (`exaone-desktop serve`) in another process, with a generated EXAONE 4.0
 * model, reached by the window's path (RemoteEngineService + ChatService) and by the CLI (`engines`, `chat --engine`,
 * `chat --endpoint`), each with its own data folder as another machine would have.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventHub } from '../../../src/backend/event-hub'
import { ChatService } from '../../../src/backend/services/chats/chat-service'
import { ConversationStore } from '../../../src/backend/services/chats/conversation-store'
import { LibraryService } from '../../../src/backend/services/library/library-service'
import { ModelsFolder } from '../../../src/backend/services/library/models-folder'
import { RemoteEngineService } from '../../../src/backend/services/remote/remote-engine-service'
import { FileSecretStore } from '../../../src/backend/services/remote/secret-store'
import { removeTinyModels, tinyModelPath } from '../../fixtures/gguf/exaone-models'
import { testModel } from '../../helpers/api-server'
import { runCli } from '../../helpers/cli'
import { installAs, makeEngineService, type TestEngine } from '../../helpers/engine-service'
import { failure } from '../../helpers/failure'
import { serveProcess } from '../../helpers/serve-process'

const key = 'exa-remote-key'
let serverHome: string
let clientHome: string
let server: { child: ChildProcess; exit: Promise<number | null> }
let url: string

beforeAll(async () => {
  serverHome = await mkdtemp(join(tmpdir(), 'exaone-remote-server-'))
  clientHome = await mkdtemp(join(tmpdir(), 'exaone-remote-client-'))
  await mkdir(join(serverHome, 'models'))
  await installAs(new LibraryService({ folder: new ModelsFolder(join(serverHome, 'models')) }), await tinyModelPath('exaone4'), 'exaone-4.0-1.2b', 'Q4_K_M')
  const started = serveProcess(serverHome, ['--api-key', key, '--model', testModel])
  server = started
  url = await started.url
}, 120_000)

afterAll(async () => {
  server.child.kill('SIGTERM')
  await server.exit
  await removeTinyModels()
  await rm(serverHome, { recursive: true, force: true })
  await rm(clientHome, { recursive: true, force: true })
})

describe('the window’s path to another EXAONE Desktop', () => {
  let local: TestEngine
  let remote: RemoteEngineService
  let chats: ChatService

  beforeAll(async () => {
    local = makeEngineService(join(clientHome, 'models'))
    remote = new RemoteEngineService({ path: join(clientHome, 'engines.json'), secrets: new FileSecretStore(join(clientHome, 'engine-keys.json')), hub: local.hub })
    chats = new ChatService({ store: await ConversationStore.open(join(clientHome, 'chats')), hub: local.hub, engine: local.engine, remote })
  })

  afterAll(async () => {
    await remote.dispose()
    local.dispose()
  })

  it('adds it, lists its model with the context length, and answers in a conversation with our timings and its usage', async () => {
    const engine = await remote.add({ name: 'Desk', baseUrl: url, apiKey: key })
    const model = engine.models[0]!
    expect(model.id).toBe(testModel)
    expect(model.contextLength).toBeGreaterThan(0)
    await remote.use({ kind: 'remote', engineId: engine.id, modelId: model.id })
    const { id } = await chats.create({ sampling: { maxTokens: 8, seed: 1 } })
    const conversation = await chats.send(id, 'Hello', 'desk-1')
    const answer = conversation.messages.at(-1)!
    expect(answer).toMatchObject({ status: 'complete', model: `${testModel} · Desk` })
    expect(answer.stats?.generatedTokens).toBeGreaterThan(0)
    expect(answer.stats?.promptTokens).toBeGreaterThan(0)
    expect(answer.stats?.contextSize).toBe(model.contextLength)
    expect(answer.stats?.ttftMs).toBeGreaterThan(0)
  })

  it('refuses a wrong key in words, naming the engine', async () => {
    expect(await failure(remote.test({ name: 'Desk', baseUrl: url, apiKey: 'wrong' }))).toMatchObject({ code: 'remote-unauthorized', engineName: 'Desk' })
  })

  it('stops an answer mid-stream and keeps it as stopped', async () => {
    // Greedy: the tiny model's end-of-turn tokens never win it (their output rows are zero), so the answer is still
    // running when it is stopped; sampled, one could end it at once, before any chunk, as a CI run once showed.
    const { id } = await chats.create({ sampling: { maxTokens: 2000, temperature: 0 } })
    const hub: EventHub = local.hub
    const firstChunk = new Promise<void>((resolve) => {
      const off = hub.on('engine:stream', (chunk) => {
        if (chunk.requestId !== 'desk-stop') return
        off()
        resolve()
      })
    })
    const sending = chats.send(id, 'Write a long story.', 'desk-stop')
    // An answer that ends before its first chunk fails here, in words, rather than leaving the test waiting.
    await Promise.race([firstChunk, sending.then((conversation) => expect.fail(`answered (${conversation.messages.at(-1)?.status}) before a chunk came`))])
    chats.stop(id)
    expect((await sending).messages.at(-1)?.status).toBe('stopped')
  })
})

describe('the CLI against another EXAONE Desktop', () => {
  const env = () => ({ EXAONE_DESKTOP_HOME: join(clientHome, 'cli') })

  it('adds, lists, tests, chats with and removes an engine, its key read from standard input', async () => {
    const added = await runCli(['engines', 'add', '--name', 'Desk', '--url', url, '--api-key-stdin', '--json'], env(), `${key}\n`)
    expect(added.stderr).toBe('')
    expect(JSON.parse(added.stdout)).toMatchObject({ id: 'desk', hasKey: true, models: [{ id: testModel }] })
    expect(added.stdout).not.toContain(key)

    const listed = await runCli(['engines', 'list'], env())
    expect(listed.stdout).toContain(`Desk  ${url}  [key saved]`)
    expect((await runCli(['engines', 'test', 'Desk'], env())).stdout).toMatch(/^OK in \d+ ms: exaone-4\.0-1\.2b:Q4_K_M \(context/)

    const chat = await runCli(['chat', '--engine', 'Desk', '--prompt', 'Hello', '--max-tokens', '4', '--seed', '1', '--json'], env())
    expect(chat.code).toBe(0)
    expect(JSON.parse(chat.stdout)).toMatchObject({ tokens: expect.any(Number), stopReason: expect.stringMatching(/end|max-tokens/) })

    const removed = await runCli(['engines', 'remove', 'Desk'], env())
    expect(removed.stderr).toContain('Removed Desk')
    expect((await runCli(['engines', 'list', '--json'], env())).stdout).toContain('"engines": []')
  })

  it('chats once with --endpoint, and says why when the key is wrong', async () => {
    // Seeded, as the --engine chat above: unseeded, the random-weight model's first token is now and then its end.
    const chat = await runCli(['chat', '--endpoint', url, '--api-key', key, '--prompt', 'Hello', '--max-tokens', '4', '--seed', '1', '--json'], env())
    expect(chat.code).toBe(0)
    expect(JSON.parse(chat.stdout).tokens).toBeGreaterThan(0)
    // Streamed: the figures count in English ("1 token", "3 tokens") and give a speed only where two tokens' times do.
    const streamed = await runCli(['chat', '--endpoint', url, '--api-key', key, '--prompt', 'Hello', '--max-tokens', '4', '--seed', '1'], env())
    expect(streamed.code).toBe(0)
    const figures = /^(\d+) (tokens?)( · [\d.]+ tok\/s)? · first token \d+ ms$/m.exec(streamed.stderr)
    expect(figures, streamed.stderr).not.toBeNull()
    const count = Number(figures![1])
    expect(figures![2]).toBe(count === 1 ? 'token' : 'tokens')
    expect(figures![3] !== undefined).toBe(count > 1)
    const fromStdin = await runCli(['chat', '--endpoint', url, '--api-key-stdin', '--prompt', 'Hi', '--max-tokens', '4', '--json'], env(), `${key}\n`)
    expect(fromStdin.code).toBe(0)
    const refused = await runCli(['chat', '--endpoint', url, '--api-key', 'wrong', '--prompt', 'Hi'], env())
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/refused the API key/)
  })
})
