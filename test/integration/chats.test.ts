/**
 * Conversations on the real engine (node-llama-cpp in its worker, on a generated EXAONE 4.0 model): answers are
 * saved as they stream and when they end, and neither a killed engine nor a killed app loses the conversation.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChatService } from '../../src/backend/services/chats/chat-service'
import { ConversationStore } from '../../src/backend/services/chats/conversation-store'
import type { StreamChunk } from '../../src/shared/engine'
import { removeTinyModels, tinyModelPath } from '../fixtures/gguf/exaone-models'
import { makeEngineService, type TestEngine } from '../helpers/engine-service'
import { failure } from '../helpers/failure'

const greedy = { temperature: 0, seed: 7 }
let folder: string
let model: string
let service: TestEngine
let chats: ChatService
let chunks: StreamChunk[]

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'exaone-chats-'))
  model = await tinyModelPath('exaone4')
  service = makeEngineService(join(folder, 'models'))
  chunks = service.chunks
  chats = new ChatService({ store: await ConversationStore.open(join(folder, 'chats')), hub: service.hub, engine: service.engine })
  await service.engine.load({ path: model, contextSize: 2048 })
})

afterAll(async () => {
  service?.dispose()
  await removeTinyModels()
  await rm(folder, { recursive: true, force: true })
})

const firstChunkOf = (requestId: string): Promise<void> =>
  expect.poll(() => chunks.some((chunk) => chunk.requestId === requestId && chunk.text !== ''), { timeout: 20_000 }).toBe(true)

/** What a fresh start of the app reads from disk. */
const reopened = async (): Promise<ConversationStore> => ConversationStore.open(join(folder, 'chats'))

describe('conversations on the real engine', () => {
  let chatId: string

  it('sends, streams and saves a complete answer with its figures', async () => {
    chatId = (await chats.create({ systemPrompt: 'You are helpful.', sampling: { ...greedy, maxTokens: 16 } })).id
    const conversation = await chats.send(chatId, 'Hello', 'send-1')
    const [asked, answer] = conversation.messages
    expect(asked).toMatchObject({ role: 'user', content: 'Hello', status: 'complete' })
    expect(answer).toMatchObject({ role: 'assistant', status: 'complete', model: 'EXAONE 4.0 test model', droppedMessages: 0 })
    expect(answer?.content).not.toBe('')
    expect(answer?.stats?.generatedTokens).toBeGreaterThan(0)
    expect(answer?.stats?.tokensPerSecond).toBeGreaterThan(0)
    expect(chunks.filter((chunk) => chunk.requestId === 'send-1').map((chunk) => chunk.text).join('').trim()).toBe(answer?.content)

    expect((await (await reopened()).get(chatId)).messages).toEqual(conversation.messages)
  })

  it('regenerates, keeping the first answer as an alternative', async () => {
    const before = (await chats.get(chatId)).messages[1]
    const conversation = await chats.regenerate(chatId, 'regenerate-1')
    expect(conversation.messages).toHaveLength(2)
    expect(conversation.messages[1]).toMatchObject({ status: 'complete', alternatives: [{ content: before?.content, stats: before?.stats }] })
    expect(conversation.messages[1]?.id).not.toBe(before?.id)
    expect((await (await reopened()).get(chatId)).messages).toEqual(conversation.messages)
  })

  it('edits a question: answered again, its answer kept, later turns removed', async () => {
    await chats.send(chatId, 'Second question', 'send-2')
    const first = (await chats.get(chatId)).messages[0]
    const conversation = await chats.edit(chatId, first?.id ?? '', 'Hello again', 'edit-1')
    expect(conversation.messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete']
    ])
    expect(conversation.messages[0]).toMatchObject({ id: first?.id, content: 'Hello again' })
    expect(conversation.messages[1]?.alternatives).toHaveLength(2)
    expect((await (await reopened()).get(chatId)).messages).toEqual(conversation.messages)
  })

  it('stops an answer and keeps what it said', async () => {
    const { id } = await chats.create({ sampling: { ...greedy, maxTokens: 1500 } })
    const sending = chats.send(id, 'Write a lot.', 'stop-1')
    await firstChunkOf('stop-1')
    expect(chats.stop(id)).toEqual({ stopped: true })
    const answer = (await sending).messages[1]
    expect(answer).toMatchObject({ status: 'stopped' })
    expect(answer?.content).not.toBe('')
    expect(answer?.stats?.generatedTokens).toBeLessThan(1500)
    expect((await (await reopened()).get(id)).messages[1]).toMatchObject({ status: 'stopped', content: answer?.content })
  })

  it('answers an API request while the window is answering, on a second sequence of the same model', async () => {
    await service.engine.load({ path: model, contextSize: 2048, sequences: 2 })
    const { id } = await chats.create({ sampling: { ...greedy, maxTokens: 1500 } })
    const sending = chats.send(id, 'Write a lot.', 'window-1')
    await firstChunkOf('window-1')
    const api = await service.engine.generate({ requestId: 'api-1', messages: [{ role: 'user', content: 'Hello' }], sampling: { ...greedy, maxTokens: 8 } })
    expect(api.stats.generatedTokens).toBeGreaterThan(0)
    // The window's answer was still being written when the API's was done.
    expect(service.engine.state).toMatchObject({ status: 'generating', requestIds: ['window-1'] })
    expect(chats.stop(id)).toEqual({ stopped: true })
    expect((await sending).messages[1]).toMatchObject({ status: 'stopped' })
  })

  // Last: it leaves the engine stopped.
  it('keeps the partial answer as failed when the engine is killed mid-answer', async () => {
    const { id } = await chats.create({ sampling: { ...greedy, maxTokens: 1500 } })
    const sending = chats.send(id, 'Go on and on.', 'killed-1')
    await firstChunkOf('killed-1')
    process.kill(service.engine.workerPid as number, 'SIGKILL')
    const error = await failure(sending)
    expect(error.code).toBe('engine-stopped')

    const store = await reopened()
    const answer = (await store.get(id)).messages[1]
    expect(answer).toMatchObject({ status: 'failed', error: { code: 'engine-stopped', message: error.message, hint: error.hint } })
    expect(answer?.content).not.toBe('')
    expect((await store.list()).map((summary) => summary.id)).toContain(id)
    expect((await failure(chats.send(id, 'Still there?', 'after-kill'))).code).toBe('not-loaded')
  })
})

describe('a conversation when the app itself is killed mid-answer', () => {
  it('keeps the question and the answer so far, marked interrupted', async () => {
    const dataDir = join(folder, 'killed-app')
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/chat-crash-child.ts', dataDir, model], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EXAONE_DESKTOP_GPU: 'off' }
    })
    let output = ''
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    try {
      const chatId = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', (line) => resolve((JSON.parse(line) as { chatId: string }).chatId))
        child.once('exit', (code) => reject(new Error(`The child exited with ${code} before creating a chat:\n${output}`)))
      })
      const file = join(dataDir, 'chats', `${chatId}.jsonl`)
      await expect
        .poll(async () => (await readFile(file, 'utf8').catch(() => '')).includes('"type":"delta"'), { timeout: 30_000, interval: 50 })
        .toBe(true)
      child.kill('SIGKILL')
      await exited
    } finally {
      child.kill('SIGKILL')
    }

    const store = await ConversationStore.open(join(dataDir, 'chats'))
    const [summary] = await store.list()
    expect(summary).toMatchObject({ title: 'Tell me a very long story.', messageCount: 2 })
    const [asked, answer] = (await store.get(summary?.id ?? '')).messages
    expect(asked).toMatchObject({ role: 'user', content: 'Tell me a very long story.', status: 'complete' })
    expect(answer).toMatchObject({ role: 'assistant', status: 'interrupted' })
    expect(answer?.content).not.toBe('')
  })
})
