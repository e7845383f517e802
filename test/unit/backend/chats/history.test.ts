import { describe, expect, it } from 'vitest'
import { editQuestion, engineMessages, pendingAnswer, question, regenerateLast } from '../../../../src/backend/services/chats/history'
import type { Conversation, StoredMessage } from '../../../../src/shared/chats'
import { AppError } from '../../../../src/shared/errors'

const now = '2025-03-01T10:00:00.000Z'
const later = '2025-03-01T11:00:00.000Z'
const answer = (content: string, extra: Partial<StoredMessage> = {}): StoredMessage => ({ ...pendingAnswer(now), content, status: 'complete', ...extra })

function chat(messages: StoredMessage[], systemPrompt = ''): Conversation {
  return { id: 'c', title: 't', createdAt: now, updatedAt: now, settings: { systemPrompt, reasoning: false, sampling: {} }, messages, skippedLines: 0 }
}

function thrown(run: () => unknown): AppError {
  try {
    run()
  } catch (error) {
    if (error instanceof AppError) return error
  }
  throw new Error('Expected an AppError')
}

describe('history edits', () => {
  it('regenerates the last answer, keeping it and its earlier alternatives', () => {
    const first = answer('One', { reasoning: 'hm', model: 'M', alternatives: [{ content: 'Zero', reasoning: '', createdAt: now }] })
    const next = regenerateLast(chat([question('Q', now), first]), later)
    expect(next.updatedAt).toBe(later)
    expect(next.messages).toHaveLength(2)
    expect(next.messages[1]).toMatchObject({ role: 'assistant', status: 'streaming', content: '', createdAt: later })
    expect(next.messages[1]?.id).not.toBe(first.id)
    expect(next.messages[1]?.alternatives).toEqual([
      { content: 'Zero', reasoning: '', createdAt: now },
      { content: 'One', reasoning: 'hm', model: 'M', createdAt: now }
    ])
  })

  it('answers a question that has no answer yet, and drops an empty failed answer instead of keeping it', () => {
    expect(regenerateLast(chat([question('Q', now)]), later).messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    const failed = answer('', { status: 'failed' })
    expect(regenerateLast(chat([question('Q', now), failed]), later).messages[1]?.alternatives).toBeUndefined()
    expect(thrown(() => regenerateLast(chat([]), later)).code).toBe('bad-request')
  })

  it('edits a question: new text, its answer kept as an alternative, later messages removed', () => {
    const asked = question('Old question', now)
    const messages = [question('First', now), answer('A1'), asked, answer('A2'), question('Q3', now), answer('A3')]
    const next = editQuestion(chat(messages), asked.id, 'New question', later)
    expect(next.messages.map((message) => message.content)).toEqual(['First', 'A1', 'New question', ''])
    expect(next.messages[2]).toMatchObject({ id: asked.id, role: 'user', createdAt: later })
    expect(next.messages[3]).toMatchObject({ status: 'streaming', alternatives: [{ content: 'A2' }] })

    expect(thrown(() => editQuestion(chat(messages), 'missing', 'x', later)).code).toBe('not-found')
    expect(thrown(() => editQuestion(chat(messages), messages[1]?.id ?? '', 'x', later)).code).toBe('bad-request')
  })

  it('gives the engine the system prompt first and the text of each turn, without reasoning or empty answers', () => {
    const messages = [question('Q1', now), answer('A1', { reasoning: 'thought' }), question('Q2', now), answer('', { status: 'failed' }), question('Q3', now)]
    expect(engineMessages(chat(messages, 'Be brief.').settings, messages)).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'Q2' },
      { role: 'user', content: 'Q3' }
    ])
    expect(engineMessages(chat(messages, '  ').settings, messages.slice(0, 1))).toEqual([{ role: 'user', content: 'Q1' }])
  })
})
