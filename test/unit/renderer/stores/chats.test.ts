/**
 * The chat store on a fake `window.exaone`: what the window shows while an answer is asked for, streams and
 * ends, whatever order the backend's answers and events come in.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Conversation, StoredMessage } from '../../../../src/shared/chats'
import type { AppErrorData } from '../../../../src/shared/errors'
import type { StreamChunk } from '../../../../src/shared/engine'
import { deferred } from './fake-bridge'

const fake = await vi.hoisted(async () => (await import('./fake-bridge')).installFakeBridge())
const { startChatsSync, useChats } = await import('../../../../src/renderer/src/stores/chats')

const at = '2025-01-01T00:00:00.000Z'
const message = (id: string, role: StoredMessage['role'], content: string): StoredMessage => ({ id, role, content, status: 'complete', createdAt: at })
const conversation = (id: string, messages: StoredMessage[] = []): Conversation => ({
  id,
  title: messages[0]?.content ?? '',
  createdAt: at,
  updatedAt: at,
  settings: { systemPrompt: '', reasoning: false, sampling: {} },
  messages,
  skippedLines: 0
})
const earlier = [message('m1', 'user', 'Hi'), message('m2', 'assistant', 'Hello!')]
const busy: AppErrorData = { code: 'busy', message: 'Another answer is being written.' }

let stopSync: () => void

beforeEach(async () => {
  fake.reset()
  fake.handle('chats:list', () => [])
  fake.handle('chats:get', ({ chatId }: { chatId: string }) => conversation(chatId, earlier))
  useChats.setState({ list: [], query: '', activeId: null, active: null, streaming: null, error: null, retry: null, deleted: null })
  stopSync = startChatsSync()
  await useChats.getState().open('c1')
})

afterEach(() => stopSync())

/** Starts sending `content` in the open chat, with the backend's answer left to the test. */
async function startSending(content: string): Promise<{ requestId: string; answer: ReturnType<typeof deferred<Conversation>>; sent: Promise<void> }> {
  const answer = deferred<Conversation>()
  fake.handle('chats:send', () => answer.promise)
  const sent = useChats.getState().send(content)
  await vi.waitFor(() => expect(fake.calls.some((call) => call.name === 'chats:send')).toBe(true))
  const requestId = (fake.calls.find((call) => call.name === 'chats:send')?.args as { requestId: string }).requestId
  return { requestId, answer, sent }
}

const chunk = (requestId: string, seq: number, text: string, reasoning = ''): StreamChunk => ({ requestId, seq, text, reasoning })

describe('chats store: sending', () => {
  it('shows the question and an empty streaming answer at once, then the stored conversation', async () => {
    const { requestId, answer, sent } = await startSending('How are you?')
    const shown = useChats.getState()
    expect(shown.active?.messages.map((shownMessage) => [shownMessage.role, shownMessage.content, shownMessage.status])).toEqual([
      ['user', 'Hi', 'complete'],
      ['assistant', 'Hello!', 'complete'],
      ['user', 'How are you?', 'complete'],
      ['assistant', '', 'streaming']
    ])
    expect(shown.streaming).toMatchObject({ chatId: 'c1', requestId, text: '', seq: -1 })
    expect(fake.calls.find((call) => call.name === 'chats:send')?.args).toEqual({ chatId: 'c1', content: 'How are you?', requestId })

    const stored = conversation('c1', [...earlier, message('m3', 'user', 'How are you?'), message('m4', 'assistant', 'Fine.')])
    answer.resolve(stored)
    await sent
    expect(useChats.getState().active).toEqual(stored)
    expect(useChats.getState().streaming).toBeNull()
    expect(useChats.getState().error).toBeNull()
  })

  it('takes back the optimistic messages and shows the error when sending fails', async () => {
    const { answer, sent } = await startSending('Are you there?')
    expect(useChats.getState().active?.messages).toHaveLength(4)
    answer.reject(busy)
    await sent
    expect(useChats.getState().error).toEqual(busy)
    // The conversation is read again from the backend: only what it stored stays on screen.
    expect(useChats.getState().active).toEqual(conversation('c1', earlier))
    expect(useChats.getState().streaming).toBeNull()
  })

  it('"Try again" asks again when the question was refused before anything was stored', async () => {
    const { answer, sent } = await startSending('Are you there?')
    answer.reject(busy)
    await sent
    fake.handle('chats:send', () => conversation('c1', [...earlier, message('m3', 'user', 'Are you there?'), message('m4', 'assistant', 'Yes.')]))
    await useChats.getState().retry?.()
    expect(fake.calls.filter((call) => call.name === 'chats:send').map((call) => (call.args as { content: string }).content)).toEqual(['Are you there?', 'Are you there?'])
    expect(useChats.getState()).toMatchObject({ error: null, retry: null })
  })

  it('"Try again" regenerates an answer that was stored as failed, rather than asking twice', async () => {
    const failed: StoredMessage = { ...message('m4', 'assistant', ''), status: 'failed', error: { code: 'engine-stopped', message: 'The model engine stopped.' } }
    const { answer, sent } = await startSending('Are you there?')
    fake.handle('chats:get', ({ chatId }: { chatId: string }) => conversation(chatId, [...earlier, message('m3', 'user', 'Are you there?'), failed]))
    answer.reject({ code: 'engine-stopped', message: 'The model engine stopped.' })
    await sent
    fake.handle('chats:regenerate', () => conversation('c1', [...earlier, message('m3', 'user', 'Are you there?'), message('m5', 'assistant', 'Yes.')]))
    await useChats.getState().retry?.()
    expect(fake.calls.filter((call) => call.name === 'chats:send')).toHaveLength(1)
    expect(fake.calls.filter((call) => call.name === 'chats:regenerate')).toHaveLength(1)
    expect(useChats.getState().active?.messages.at(-1)?.content).toBe('Yes.')
  })

  it('sends a message typed while a new chat is being created to the new chat, not to the one still on screen', async () => {
    const made = deferred<Conversation>()
    fake.handle('chats:create', () => made.promise)
    const creating = useChats.getState().create()
    fake.handle('chats:send', () => conversation('c9', [message('m1', 'user', 'Quick one'), message('m2', 'assistant', 'Yes.')]))
    const sent = useChats.getState().send('Quick one')
    expect(useChats.getState().activeId).toBe('c1')
    made.resolve(conversation('c9'))
    expect(await creating).toBe('c9')
    await sent
    expect(fake.calls.filter((call) => call.name === 'chats:send').map((call) => (call.args as { chatId: string }).chatId)).toEqual(['c9'])
    expect(useChats.getState().active?.messages.map((shown) => shown.content)).toEqual(['Quick one', 'Yes.'])
  })

  it('makes one new chat when "New chat" is asked for again before the first is made', async () => {
    const made = deferred<Conversation>()
    fake.handle('chats:create', () => made.promise)
    const first = useChats.getState().create()
    const second = useChats.getState().create()
    made.resolve(conversation('c9'))
    expect([await first, await second]).toEqual(['c9', 'c9'])
    expect(fake.calls.filter((call) => call.name === 'chats:create')).toHaveLength(1)
    // Once it is made and used, the next one is a chat of its own.
    fake.handle('chats:create', () => conversation('c10'))
    useChats.setState({ active: conversation('c9', earlier) })
    expect(await useChats.getState().create()).toBe('c10')
  })

  it('sends to the chat on screen when the new chat could not be created', async () => {
    const made = deferred<Conversation>()
    fake.handle('chats:create', () => made.promise)
    const creating = useChats.getState().create()
    fake.handle('chats:send', () => conversation('c1', [...earlier, message('m3', 'user', 'Still here?'), message('m4', 'assistant', 'Yes.')]))
    const sent = useChats.getState().send('Still here?')
    made.reject(busy)
    await expect(creating).rejects.toMatchObject(busy)
    await sent
    expect(fake.calls.filter((call) => call.name === 'chats:send').map((call) => (call.args as { chatId: string }).chatId)).toEqual(['c1'])
  })

  it('leaves another chat alone when the one it sent in fails after the user moved on', async () => {
    const { answer, sent } = await startSending('Slow question')
    await useChats.getState().open('c2')
    answer.reject(busy)
    await sent
    expect(useChats.getState()).toMatchObject({ activeId: 'c2', active: conversation('c2', earlier), error: busy, streaming: null })
    expect(fake.calls.filter((call) => call.name === 'chats:get').map((call) => call.args)).toEqual([{ chatId: 'c1' }, { chatId: 'c2' }])
  })
})

describe('chats store: streamed chunks', () => {
  it('appends numbered batches in order, and ignores one seen twice and one from another request', async () => {
    const { requestId, answer, sent } = await startSending('Tell me')
    fake.emit('engine:stream', chunk(requestId, 0, '', 'Thinking'))
    fake.emit('engine:stream', chunk(requestId, 1, 'Once'))
    fake.emit('engine:stream', chunk(requestId, 1, 'Once'))
    fake.emit('engine:stream', chunk('someone-else', 2, ' NOT'))
    fake.emit('engine:stream', chunk(requestId, 2, ' upon'))
    fake.emit('engine:stream', chunk(requestId, 0, '', 'Thinking'))
    expect(useChats.getState().streaming).toMatchObject({ text: 'Once upon', reasoning: 'Thinking', seq: 2 })
    expect(useChats.getState().streaming?.answerAt).toEqual(expect.any(Number))
    answer.resolve(conversation('c1'))
    await sent
  })

  it('puts batches that arrive out of order back in sequence', async () => {
    const { requestId, answer, sent } = await startSending('Count')
    fake.emit('engine:stream', chunk(requestId, 0, 'one'))
    fake.emit('engine:stream', chunk(requestId, 3, ' four'))
    fake.emit('engine:stream', chunk(requestId, 2, ' three'))
    // Nothing after a gap is shown before the gap is filled.
    expect(useChats.getState().streaming).toMatchObject({ text: 'one', seq: 0 })
    fake.emit('engine:stream', chunk(requestId, 2, ' three'))
    fake.emit('engine:stream', chunk(requestId, 1, ' two'))
    expect(useChats.getState().streaming).toMatchObject({ text: 'one two three four', seq: 3 })
    fake.emit('engine:stream', chunk(requestId, 4, ' five'))
    expect(useChats.getState().streaming).toMatchObject({ text: 'one two three four five', seq: 4 })
    answer.resolve(conversation('c1'))
    await sent
  })

  it('starts the next answer clean: early batches of the last one never leak into it', async () => {
    const first = await startSending('First')
    fake.emit('engine:stream', chunk(first.requestId, 0, 'A'))
    fake.emit('engine:stream', chunk(first.requestId, 2, 'stale'))
    first.answer.resolve(conversation('c1'))
    await first.sent
    fake.reset()
    fake.handle('chats:list', () => [])
    const second = await startSending('Second')
    expect(second.requestId).not.toBe(first.requestId)
    fake.emit('engine:stream', chunk(second.requestId, 0, 'B'))
    fake.emit('engine:stream', chunk(first.requestId, 1, 'late'))
    expect(useChats.getState().streaming).toMatchObject({ requestId: second.requestId, text: 'B', seq: 0 })
    second.answer.resolve(conversation('c1'))
    await second.sent
  })

  it('ignores chunks when nothing is streaming, and the stored answer replaces the streamed text', async () => {
    fake.emit('engine:stream', chunk('nobody', 0, 'ghost'))
    expect(useChats.getState().streaming).toBeNull()
    const { requestId, answer, sent } = await startSending('Hi again')
    fake.emit('engine:stream', chunk(requestId, 0, 'Partial'))
    answer.resolve(conversation('c1', [message('m9', 'assistant', 'Whole answer')]))
    await sent
    fake.emit('engine:stream', chunk(requestId, 1, ' late'))
    expect(useChats.getState().streaming).toBeNull()
    expect(useChats.getState().active?.messages.map((stored) => stored.content)).toEqual(['Whole answer'])
  })

  it('says that a busy remote engine is waited for, for this answer only, until its text comes', async () => {
    const { requestId, answer, sent } = await startSending('Hi remote')
    const waiting = { requestId, engineId: 'gpu-box', engineName: 'GPU box', status: 429, retryAfterSeconds: 2, attempt: 1, maxAttempts: 3 }
    fake.emit('engines:retrying', { ...waiting, requestId: 'someone-else' })
    expect(useChats.getState().streaming?.waiting).toBeNull()
    fake.emit('engines:retrying', waiting)
    expect(useChats.getState().streaming?.waiting).toEqual(waiting)
    fake.emit('engine:stream', chunk(requestId, 0, 'Hello'))
    expect(useChats.getState().streaming).toMatchObject({ text: 'Hello', waiting: null })
    answer.resolve(conversation('c1'))
    await sent
  })
})

describe('chats store: other optimistic changes', () => {
  it('shows a settings change at once, then what the backend stored', async () => {
    const stored = deferred<Conversation>()
    fake.handle('chats:update-settings', () => stored.promise)
    const updating = useChats.getState().updateSettings({ reasoning: true })
    expect(useChats.getState().active?.settings.reasoning).toBe(true)
    const written = { ...conversation('c1', earlier), settings: { systemPrompt: 'Stored', reasoning: true, sampling: {} } }
    stored.resolve(written)
    await updating
    expect(useChats.getState().active).toEqual(written)
  })

  it('takes a settings change back when the backend refuses it', async () => {
    fake.handle('chats:update-settings', () => Promise.reject(busy))
    await useChats.getState().updateSettings({ reasoning: true })
    expect(useChats.getState().active?.settings.reasoning).toBe(false)
    expect(useChats.getState().error).toEqual(busy)
    // "Try again" makes the same change again.
    fake.handle('chats:update-settings', () => ({ ...conversation('c1', earlier), settings: { systemPrompt: '', reasoning: true, sampling: {} } }))
    await useChats.getState().retry?.()
    expect(useChats.getState().active?.settings.reasoning).toBe(true)
  })

  it('follows chats:updated for the open chat only, and refreshes the list on chats:changed', async () => {
    fake.emit('chats:updated', conversation('other', [message('x', 'user', 'Not mine')]))
    expect(useChats.getState().active).toEqual(conversation('c1', earlier))
    const updated = conversation('c1', [...earlier, message('m3', 'user', 'From another window')])
    fake.emit('chats:updated', updated)
    expect(useChats.getState().active).toEqual(updated)

    const summary = { id: 'c1', title: 'Hi', updatedAt: at, messageCount: 3, preview: 'From another window', skippedLines: 0 }
    fake.handle('chats:list', () => [summary])
    fake.emit('chats:changed', {})
    await vi.waitFor(() => expect(useChats.getState().list).toEqual([summary]))
  })
})
