/** The conversation store on real files in a temp folder: what a crash, a bad line or a delete leaves readable. */
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConversationStore } from '../../../../src/backend/services/chats/conversation-store'
import { pendingAnswer, question, regenerateLast } from '../../../../src/backend/services/chats/history'
import type { StoredMessage } from '../../../../src/shared/chats'
import { failure } from '../../../helpers/failure'

const settings = { systemPrompt: '', reasoning: false, sampling: {} }
let folder: string

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'exaone-chats-'))
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
})

afterEach(async () => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  await rm(folder, { recursive: true, force: true })
})

const fileOf = (id: string): string => join(folder, `${id}.jsonl`)
const lines = async (id: string): Promise<Array<Record<string, unknown>>> =>
  (await readFile(fileOf(id), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)

/** Moves the clock the store reads on by a second, so updatedAt orders the conversations without waiting. */
const later = (): void => void vi.setSystemTime(Date.now() + 1000)

/** A conversation with one question and an answer streamed in two deltas, finished or not. */
async function answered(store: ConversationStore, finish: boolean, content = 'How do I cook rice?'): Promise<{ id: string; asked: StoredMessage; answer: StoredMessage }> {
  const { id } = await store.create(settings)
  const now = new Date().toISOString()
  const asked = question(content, now)
  const answer = pendingAnswer(now)
  await store.addMessage(id, asked)
  await store.addMessage(id, answer)
  await store.appendDelta(id, answer.id, 'Rinse it, ', 'They ask about rice.')
  await store.appendDelta(id, answer.id, 'then boil.', '')
  if (finish) await store.finishAnswer(id, answer.id, { status: 'complete', content: 'Rinse it, then boil it.', reasoning: 'They ask about rice.', model: 'EXAONE' })
  return { id, asked, answer }
}

describe('conversation store', () => {
  it('appends lines and folds them into the conversation, titled by the first message', async () => {
    const store = await ConversationStore.open(folder)
    const { id, asked, answer } = await answered(store, true, 'How do I cook rice?\nI have a pot.')
    expect((await lines(id)).map((line) => line.type)).toEqual(['created', 'message', 'message', 'delta', 'delta', 'done'])

    const conversation = await (await ConversationStore.open(folder)).get(id)
    expect(conversation).toMatchObject({ id, title: 'How do I cook rice?', settings, skippedLines: 0 })
    expect(conversation.messages).toEqual([
      asked,
      { ...answer, status: 'complete', content: 'Rinse it, then boil it.', reasoning: 'They ask about rice.', model: 'EXAONE' }
    ])
    expect(conversation.updatedAt >= conversation.createdAt).toBe(true)
  })

  it('keeps a streaming answer as streaming while it is written, and reads it as interrupted after a crash', async () => {
    const store = await ConversationStore.open(folder)
    const { id } = await answered(store, false)
    expect((await store.get(id)).messages[1]).toMatchObject({ status: 'streaming', content: 'Rinse it, then boil.' })

    // A new process (the app after a crash) has nobody writing that answer.
    const reopened = await (await ConversationStore.open(folder)).get(id)
    expect(reopened.messages.map((message) => message.status)).toEqual(['complete', 'interrupted'])
    expect(reopened.messages[1]).toMatchObject({ content: 'Rinse it, then boil.', reasoning: 'They ask about rice.' })
  })

  it('skips a half-written last line and garbage with a warning, and appends cleanly after them', async () => {
    const store = await ConversationStore.open(folder)
    const { id, answer } = await answered(store, false)
    await appendFile(fileOf(id), 'not json at all\n{"type":"message","at":"x","message":{"id":"broken"}}\n{"type":"delta","at":"2030-01-01T00:00:00.000Z","id":"nobody","text":"x","reasoning":""}\n{"type":"delta","id":"')

    const reopened = await ConversationStore.open(folder)
    const conversation = await reopened.get(id)
    expect(conversation.skippedLines).toBe(4)
    expect(conversation.messages).toHaveLength(2)
    expect(conversation.messages[1]).toMatchObject({ status: 'interrupted', content: 'Rinse it, then boil.' })
    expect(console.warn).toHaveBeenCalledWith(expect.stringMatching(/skipped 4 unreadable line/))

    const [summary] = await reopened.list()
    expect(summary).toMatchObject({ id, skippedLines: 4, messageCount: 2 })

    // The next line starts on a line of its own instead of gluing onto the broken one.
    await reopened.finishAnswer(id, answer.id, { status: 'complete', content: 'Done.', reasoning: '' })
    const after = await (await ConversationStore.open(folder)).get(id)
    expect(after.messages[1]).toMatchObject({ status: 'complete', content: 'Done.' })
    expect(after.skippedLines).toBe(4)
  })

  it('reads a file whose first line was lost, with default settings and the file time', async () => {
    await writeFile(fileOf('orphan'), `garbage\n${JSON.stringify({ type: 'message', at: '2024-05-01T00:00:00.000Z', message: question('안녕하세요', '2024-05-01T00:00:00.000Z') })}\n`)
    const conversation = await (await ConversationStore.open(folder)).get('orphan')
    expect(conversation).toMatchObject({ id: 'orphan', title: '안녕하세요', createdAt: '2024-05-01T00:00:00.000Z', settings, skippedLines: 1 })
  })

  it('rewrites the history as one compacted log atomically, keeping a file with bad lines aside first', async () => {
    const store = await ConversationStore.open(folder)
    const { id } = await answered(store, true)
    await appendFile(fileOf(id), '{broken\n')
    const before = await store.get(id)
    const next = regenerateLast(before, new Date().toISOString())
    await store.replace(next)

    expect((await lines(id)).map((line) => line.type)).toEqual(['created', 'message', 'message'])
    const names = await readdir(folder)
    expect(names.filter((name) => name.includes('.corrupt-'))).toHaveLength(1)
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([])

    const conversation = await store.get(id)
    expect(conversation.title).toBe(before.title)
    expect(conversation.skippedLines).toBe(0)
    expect(conversation.messages[1]).toMatchObject({ status: 'streaming', content: '', alternatives: [{ content: 'Rinse it, then boil it.', reasoning: 'They ask about rice.' }] })
    expect((await (await ConversationStore.open(folder)).get(id)).messages[1]?.status).toBe('interrupted')
  })

  it('renames and changes settings with meta lines', async () => {
    const store = await ConversationStore.open(folder)
    const { id } = await answered(store, true)
    await store.update(id, { title: 'Rice' })
    await store.update(id, { settings: { reasoning: true } })
    await store.update(id, { settings: { systemPrompt: 'Be brief.' } })
    expect(await (await ConversationStore.open(folder)).get(id)).toMatchObject({
      title: 'Rice',
      settings: { systemPrompt: 'Be brief.', reasoning: true, sampling: {} }
    })
  })

  it('moves a deleted conversation to the trash, restores it, and purges the trash at the next start', async () => {
    const store = await ConversationStore.open(folder)
    const { id } = await answered(store, true)
    const other = await store.create(settings)

    expect(await store.moveToTrash(id)).toBe(true)
    expect(await store.moveToTrash(id)).toBe(false)
    expect((await store.list()).map((summary) => summary.id)).toEqual([other.id])
    expect((await failure(store.get(id))).code).toBe('not-found')
    expect((await failure(store.appendDelta(id, 'x', 'late text', ''))).code).toBe('not-found')
    expect(await readdir(folder)).not.toContain(`${id}.jsonl`)

    await store.restore(id)
    expect((await store.get(id)).messages).toHaveLength(2)

    await store.moveToTrash(id)
    // A CLI command opening the folder beside the app keeps the undo; only the app's own start purges.
    await ConversationStore.open(folder)
    expect(await readdir(join(folder, '.trash'))).toEqual([`${id}.jsonl`])
    const next = await ConversationStore.open(folder, { purgeTrash: true })
    expect(await readdir(join(folder, '.trash')).catch(() => [])).toEqual([])
    const gone = await failure(next.restore(id))
    expect(gone.code).toBe('not-found')
    expect(gone.hint).toMatch(/removed for good/)
  })

  it.each(['../settings', 'a/b', 'a\\b', '..', '.hidden', 'with space', ''])('refuses the id %j', async (id) => {
    const store = await ConversationStore.open(folder)
    const error = await failure(store.get(id))
    expect(error.code).toBe('bad-request')
    expect(error.hint).toBeTruthy()
    expect((await failure(store.moveToTrash(id))).code).toBe('bad-request')
  })

  it('lists newest first and searches titles and messages, in Korean and ignoring case', async () => {
    // Only Date is faked: the files and their timers stay real.
    vi.useFakeTimers({ toFake: ['Date'] })
    const store = await ConversationStore.open(folder)
    const rice = await answered(store, true, 'How do I cook RICE?')
    later()
    const korean = await answered(store, true, '김치찌개 만드는 법을 알려 주세요')
    later()
    const empty = await store.create(settings)
    later()
    await store.update(rice.id, { title: 'Dinner plans' })

    expect((await store.list()).map((summary) => summary.id)).toEqual([rice.id, empty.id, korean.id])
    expect((await store.list('rice')).map((summary) => summary.id)).toEqual([rice.id])
    expect((await store.list('DINNER')).map((summary) => summary.id)).toEqual([rice.id])
    expect((await store.list('boil')).map((summary) => summary.id)).toEqual([rice.id, korean.id])
    expect((await store.list('김치')).map((summary) => summary.id)).toEqual([korean.id])
    // Decomposed jamo (as macOS input can give) find composed syllables.
    expect((await store.list('김치'.normalize('NFD'))).map((summary) => summary.id)).toEqual([korean.id])
    expect(await store.list('nothing like this')).toEqual([])
    expect((await store.list())[0]).toMatchObject({ title: 'Dinner plans', messageCount: 2, preview: 'Rinse it, then boil it.' })
  })

  it('caches summaries per file and sees a file changed by another process', async () => {
    const store = await ConversationStore.open(folder)
    const { id } = await answered(store, true)
    expect((await store.list())[0]?.title).toBe('How do I cook rice?')
    await appendFile(fileOf(id), `${JSON.stringify({ type: 'meta', at: new Date(Date.now() + 1000).toISOString(), title: 'Changed elsewhere' })}\n`)
    expect((await store.list())[0]?.title).toBe('Changed elsewhere')
  })

  // How fast the cached search is, is measured by `npm run bench -- --only 'chat list'`, not asserted here.
  it('lists and searches many conversations, newest first', async () => {
    const count = 400
    await Promise.all(
      Array.from({ length: count }, (_, index) => {
        const at = new Date(Date.UTC(2024, 0, 1, 0, 0, index)).toISOString()
        const text = [
          { type: 'created', v: 1, id: `c${index}`, at, title: '', settings },
          { type: 'message', at, message: question(`Question number ${index} ${'and some words '.repeat(20)}`, at) }
        ]
        return writeFile(fileOf(`c${index}`), text.map((line) => `${JSON.stringify(line)}\n`).join(''))
      })
    )
    const store = await ConversationStore.open(folder)
    const first = await store.list()
    expect(first).toHaveLength(count)
    expect(first[0]?.id).toBe(`c${count - 1}`)
    expect((await store.list('number 17 and')).map((summary) => summary.id)).toEqual(['c17'])
    expect((await store.list('number 17')).map((summary) => summary.id)).toEqual(['c179', 'c178', 'c177', 'c176', 'c175', 'c174', 'c173', 'c172', 'c171', 'c170', 'c17'])
  })

  it('titles long first messages at a word, about 60 characters', async () => {
    const store = await ConversationStore.open(folder)
    const { id } = await answered(store, true, `   ${'word '.repeat(30)}`)
    const title = (await store.get(id)).title
    expect(title.length).toBeLessThanOrEqual(61)
    expect(title).toMatch(/^word( word)+…$/)
  })
})
