/** The chat service's rules with a scripted engine (the real engine is in test/integration/chats.test.ts). */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EventHub } from '../../../../src/backend/event-hub'
import { ChatService, type ChatEngine } from '../../../../src/backend/services/chats/chat-service'
import { ConversationStore } from '../../../../src/backend/services/chats/conversation-store'
import { exaone35SystemPrompt } from '../../../../src/shared/chat-recommendations'
import type { ChatGenerateRequest, EngineState, GenerateResult, LoadedModel } from '../../../../src/shared/engine'
import { AppError } from '../../../../src/shared/errors'
import { failure } from '../../../helpers/failure'

const model: LoadedModel = {
  modelId: 'exaone-4.0-1.2b', quantId: 'Q4_K_M', memory: { ramBytes: 1.5e9, vramBytes: 0 },
  path: '/models/EXAONE-4.0-1.2B-Q4_K_M.gguf', name: 'EXAONE 4.0 1.2B', architecture: 'exaone4', format: 'exaone4', reasoning: 'optional',
  contextSize: 4096, trainedContextSize: 65536, gpuLayers: 0, sequences: 1, totalLayers: 30, threads: 1, batchSize: 2048, loadMs: 1
}
const stats = { promptTokens: 5, cachedTokens: 0, generatedTokens: 3, tokensPerSecond: 30, ttftMs: 10, totalMs: 100, contextSize: 4096, contextUsed: 8 }

/** Answers only when the test says so, streaming through the hub as the real engine service does. */
class ScriptedEngine implements ChatEngine {
  state: EngineState = { status: 'ready', model }
  readonly requests: ChatGenerateRequest[] = []
  private current: { request: ChatGenerateRequest; resolve(result: GenerateResult): void; reject(error: unknown): void; text: string } | null = null
  private seq = 0

  constructor(private readonly hub: EventHub) {}

  generate(request: ChatGenerateRequest): Promise<GenerateResult> {
    if (this.state.status !== 'ready') return Promise.reject(new AppError({ code: 'not-loaded', message: 'No model is loaded.', hint: 'Load a model.' }))
    this.requests.push(request)
    this.state = { status: 'generating', model, requestIds: [request.requestId], queued: 0 }
    return new Promise((resolve, reject) => {
      this.current = { request, resolve, reject, text: '' }
    })
  }

  abort(requestId: string): boolean {
    if (this.current?.request.requestId !== requestId) return false
    this.finish({ stopReason: 'aborted' })
    return true
  }

  stream(text: string, reasoning = ''): void {
    if (!this.current) throw new Error('Nothing is generating')
    this.current.text += text
    this.hub.emit('engine:stream', { requestId: this.current.request.requestId, seq: this.seq++, text, reasoning })
  }

  finish(result: Partial<GenerateResult> = {}): void {
    const current = this.take()
    current.resolve({ requestId: current.request.requestId, text: current.text, reasoning: '', stopReason: 'end', toolCalls: [], droppedMessages: 0, stats, ...result })
  }

  fail(error: AppError): void {
    this.take().reject(error)
  }

  private take(): NonNullable<ScriptedEngine['current']> {
    const current = this.current
    if (!current) throw new Error('Nothing is generating')
    this.current = null
    this.state = { status: 'ready', model }
    return current
  }
}

let folder: string
let hub: EventHub
let engine: ScriptedEngine
let chats: ChatService
let events: string[]

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'exaone-chat-service-'))
  hub = new EventHub()
  engine = new ScriptedEngine(hub)
  chats = new ChatService({ store: await ConversationStore.open(folder), hub, engine })
  events = []
  hub.on('chats:changed', () => events.push('changed'))
  hub.on('chats:updated', (conversation) => events.push(`updated:${conversation.messages.map((message) => message.status).join(',')}`))
})

afterEach(async () => {
  await rm(folder, { recursive: true, force: true })
})

const engineAsked = (): Promise<void> => expect.poll(() => engine.state.status).toBe('generating')

describe('chat service', () => {
  it('creates chats with reasoning off and the system prompt LG recommends for the loaded model', async () => {
    expect((await chats.create()).settings).toEqual({ systemPrompt: '', reasoning: false, sampling: {} })
    engine.state = { status: 'ready', model: { ...model, modelId: 'exaone-3.5-2.4b', path: '/m/EXAONE-3.5-2.4B-Instruct-Q4_K_M.gguf', format: 'exaone3.5' } }
    expect((await chats.create()).settings.systemPrompt).toBe(exaone35SystemPrompt)
    expect((await chats.create({ systemPrompt: 'Mine.', reasoning: true })).settings).toMatchObject({ systemPrompt: 'Mine.', reasoning: true })
    expect(events).toEqual(['updated:', 'changed', 'updated:', 'changed', 'updated:', 'changed'])
  })

  it('sends with the recommended sampling under the chat’s overrides, saves the answer as it streams, and completes it', async () => {
    const { id } = await chats.create({ systemPrompt: 'Be brief.', sampling: { maxTokens: 50 } })
    events = []
    const sending = chats.send(id, 'Hello there', 'r1')
    await engineAsked()
    expect(engine.requests[0]).toEqual({
      requestId: 'r1',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello there' }],
      reasoning: false,
      sampling: { temperature: 0.1, maxTokens: 50 }
    })
    engine.stream('Hi')
    await expect.poll(async () => (await readFile(join(folder, `${id}.jsonl`), 'utf8')).includes('"type":"delta"')).toBe(true)
    expect((await chats.get(id)).messages[1]).toMatchObject({ status: 'streaming', content: 'Hi' })
    engine.stream(' you')
    engine.finish()

    const done = await sending
    expect(done.title).toBe('Hello there')
    expect(done.messages[1]).toMatchObject({ status: 'complete', content: 'Hi you', stats, model: 'EXAONE 4.0 1.2B', droppedMessages: 0 })
    expect(done.messages[1]?.reasoningMs).toBeUndefined()
    expect(events).toEqual(['updated:complete,streaming', 'changed', 'updated:complete,complete', 'changed'])
    expect(await chats.list()).toMatchObject([{ id, messageCount: 2, preview: 'Hi you' }])
  })

  it('reasons with the reasoning preset and records how long the model thought', async () => {
    const { id } = await chats.create({ reasoning: true })
    const sending = chats.send(id, 'Why is the sky blue?', 'r1')
    await engineAsked()
    expect(engine.requests[0]).toMatchObject({ reasoning: true, sampling: { temperature: 0.6, topP: 0.95 } })
    engine.stream('', 'Light scatters')
    // The model thinks for 30 ms of the clock the service reads, without the test sleeping through them.
    const clock = performance.now.bind(performance)
    const thought = vi.spyOn(performance, 'now').mockImplementation(() => clock() + 30)
    engine.stream('Rayleigh scattering.')
    engine.finish({ reasoning: 'Light scatters' })
    const answer = (await sending).messages[1]
    thought.mockRestore()
    expect(answer).toMatchObject({ content: 'Rayleigh scattering.', reasoning: 'Light scatters' })
    expect(answer?.reasoningMs).toBeGreaterThanOrEqual(25)
  })

  it('answers one message at a time, in this conversation and across conversations', async () => {
    const first = await chats.create()
    const second = await chats.create()
    const sending = chats.send(first.id, 'One', 'r1')
    expect((await failure(chats.send(first.id, 'Two', 'r2'))).code).toBe('busy')
    expect((await failure(chats.regenerate(first.id, 'r2'))).message).toMatch(/still being answered/)
    expect((await failure(chats.send(second.id, 'Two', 'r2'))).message).toMatch(/another conversation/)
    await engineAsked()
    engine.finish()
    await sending
    expect((await chats.get(first.id)).messages).toHaveLength(2)
    expect((await chats.get(second.id)).messages).toHaveLength(0)
  })

  it('stops an answer before the engine has it, and while it streams', async () => {
    const { id } = await chats.create()
    const early = chats.send(id, 'Stop me at once', 'r1')
    expect(chats.stop(id)).toEqual({ stopped: true })
    expect((await early).messages[1]).toMatchObject({ status: 'stopped', content: '' })
    expect(engine.requests).toHaveLength(0)

    const late = chats.send(id, 'Stop me later', 'r2')
    await engineAsked()
    engine.stream('Partial')
    expect(chats.stop(id)).toEqual({ stopped: true })
    expect((await late).messages[3]).toMatchObject({ status: 'stopped', content: 'Partial' })
    expect(chats.stop(id)).toEqual({ stopped: false })
  })

  it('keeps a failed answer with its partial text and the error, and rejects with the same error', async () => {
    const { id } = await chats.create()
    const sending = chats.send(id, 'Go', 'r1')
    await engineAsked()
    engine.stream('Half an ')
    const stopped = new AppError({ code: 'engine-stopped', message: 'The model engine stopped.', hint: 'Your conversation is kept.' })
    engine.fail(stopped)
    expect(await failure(sending)).toBe(stopped)
    expect((await chats.get(id)).messages[1]).toMatchObject({
      status: 'failed',
      content: 'Half an',
      error: { code: 'engine-stopped', message: 'The model engine stopped.', hint: 'Your conversation is kept.' }
    })
  })

  it('keeps the question when no model is loaded, and answers it once one is', async () => {
    const { id } = await chats.create()
    engine.state = { status: 'idle' }
    expect((await failure(chats.send(id, 'Anyone there?', 'r1'))).code).toBe('not-loaded')
    expect((await chats.get(id)).messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'failed']
    ])

    engine.state = { status: 'ready', model }
    const again = chats.regenerate(id, 'r2')
    await engineAsked()
    expect(engine.requests[0]?.messages).toEqual([{ role: 'user', content: 'Anyone there?' }])
    engine.stream('Yes.')
    engine.finish()
    const answered = await again
    expect(answered.messages[1]).toMatchObject({ status: 'complete', content: 'Yes.' })
    expect(answered.messages[1]?.alternatives).toBeUndefined()
  })

  it('stops a running answer before deleting, and restores the conversation', async () => {
    const { id } = await chats.create()
    const sending = chats.send(id, 'Long one', 'r1')
    await engineAsked()
    engine.stream('Some')
    expect(await chats.delete(id)).toEqual({ deleted: true })
    expect((await sending).messages[1]?.status).toBe('stopped')
    expect(await chats.list()).toEqual([])
    expect(await chats.restore(id)).toMatchObject({ id, title: 'Long one', messageCount: 2 })
    expect((await chats.get(id)).messages[1]).toMatchObject({ status: 'stopped', content: 'Some' })
  })

  it('renames, updates settings and exports', async () => {
    const { id } = await chats.create()
    expect(await chats.rename(id, '요리 대화')).toMatchObject({ id, title: '요리 대화' })
    expect((await chats.updateSettings(id, { reasoning: true })).settings.reasoning).toBe(true)
    expect(await chats.export(id, 'markdown')).toMatchObject({ fileName: '요리 대화.md', content: '# 요리 대화\n' })
    expect((await failure(chats.rename('../x', 'x'))).code).toBe('bad-request')
  })
})
